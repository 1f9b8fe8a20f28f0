"""The portal's URLs plus the benchmark's floor (only the bench settings use this URLconf)."""

from django.shortcuts import render
from django.urls import path

from civic_portal.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def floor(request):
    """The cheapest page there is: base.html with no content and no query, what every page costs at least."""
    return render(request, "base.html")


urlpatterns = [path("_floor/", floor, name="bench_floor"), *urlpatterns]
