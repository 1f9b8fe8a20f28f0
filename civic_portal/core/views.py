import os
import socket

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Case, Count, F, Min, When
from django.http import JsonResponse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from django_tasks_db.models import DBTaskResult, get_date_max

from civic_portal.center.selectors import news_latest
from civic_portal.center.selectors.events import events_next
from civic_portal.core import fiscal

HOME_NEWS = 5
HOME_EVENTS = 5


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            today=today,
            current_fy=fiscal.fiscal_year(today),
            latest_news=news_latest(HOME_NEWS),
            next_events=events_next(HOME_EVENTS),
            **kwargs,
        )


class PrivacyView(TemplateView):
    template_name = "core/privacy.html"


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


@never_cache
@require_GET
def healthz(request):
    """Database, cache and task queue in a fixed number of queries: 200 when all answer and no due task has waited
    longer than settings.HEALTHZ_QUEUE_MAX_AGE, 503 otherwise. Counts and ages only, so it stays open without login.

    ``?scope=web`` leaves the queue out of the answer's status (still reported): for a load balancer, which should
    not take every web server out of service because the worker is stuck.
    """
    database = _database_ok()
    report: dict[str, object] = {
        "database": "ok" if database else "unavailable",
        "cache": "ok" if _cache_ok() else "unavailable",
    }
    queue = _queue() if database else None
    report["queue"] = queue or "unavailable"
    healthy = database and report["cache"] == "ok"
    if request.GET.get("scope") != "web":
        healthy = healthy and queue is not None and not queue["stuck"]
    report = {"status": "ok" if healthy else "error", **report}
    return JsonResponse(report, status=200 if healthy else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_ok() -> bool:
    # A write and a read: rate limits and TOTP codes need both. The key is this process's own.
    key = f"healthz:{socket.gethostname()}:{os.getpid()}"
    token = get_random_string(12)
    try:
        cache.set(key, token, timeout=60)
        return cache.get(key) == token
    except Exception:  # any backend's failure (database, Redis connection) means the cache is unavailable
        return False


def _queue() -> dict | None:
    """How many tasks are due and not started, and how long the oldest of them has waited (one query)."""
    # A task without run_after waits from its enqueueing; a delayed one (a mail retry) only once it is due.
    waiting_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    try:
        found = DBTaskResult.objects.ready().aggregate(waiting=Count("pk"), oldest=Min(waiting_since))
    except DatabaseError:
        return None
    oldest = max(0, int((timezone.now() - found["oldest"]).total_seconds())) if found["oldest"] else 0
    return {
        "waiting": found["waiting"],
        "oldest_seconds": oldest,
        "stuck": oldest > settings.HEALTHZ_QUEUE_MAX_AGE,
    }


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
