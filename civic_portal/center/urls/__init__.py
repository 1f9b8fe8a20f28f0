"""The center's public URLs, one module per part, all in the namespace `center`."""

from . import consultations, events, lectures, news

app_name = "center"

urlpatterns = [*news.urlpatterns, *events.urlpatterns, *lectures.urlpatterns, *consultations.urlpatterns]
