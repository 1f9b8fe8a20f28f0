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


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, 404 for content types without a table of their own (audit rows)."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut
    from django.http import Http404
    from pghistory.models import Events

    if not (content_type_id.isascii() and content_type_id.isdigit()) or len(content_type_id) > 9:
        raise Http404
    model = getattr(ContentType.objects.filter(pk=int(content_type_id)).first(), "model_class", lambda: None)()
    if model is None or issubclass(model, Events):
        raise Http404
    return shortcut(request, content_type_id, object_id)
