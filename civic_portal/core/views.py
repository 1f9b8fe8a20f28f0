from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from civic_portal.core import fiscal


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(today=today, current_fy=fiscal.fiscal_year(today), **kwargs)


class PrivacyView(TemplateView):
    template_name = "core/privacy.html"


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a round trip, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
