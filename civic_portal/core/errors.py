"""Error pages in the site's layout. The 500 page renders without a request context, so it needs no database.

Refusals (403, and allauth's 429 when sign-in, sign-up or password reset go past their rate) are logged with the
path, the user's id and the reason, never a name or an address.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views import defaults

logger = logging.getLogger(__name__)


def bad_request(request, exception):
    return defaults.bad_request(request, exception, template_name="errors/400.html")


def permission_denied(request, exception):
    with translation.override(settings.LANGUAGE_CODE):  # one language in the logs, whoever was refused
        reason = str(exception) or type(exception).__name__
    _log_refusal(request, status=403, reason=reason)
    return defaults.permission_denied(request, exception, template_name="errors/403.html")


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="errors/404.html")


def server_error(request):
    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"request_path": request.path}), status=500)


def too_many_requests(request):
    """allauth's answer past a rate limit (it looks up handler429 in the URLconf)."""
    _log_refusal(request, status=429, reason="rate limit")
    return render(request, "errors/429.html", status=429)


def _log_refusal(request, *, status: int, reason: str) -> None:
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    logger.warning(
        "%d %s %s refused for user %s: %s",
        status,
        request.method,
        request.path,
        user_id or "anonymous",
        reason,
        extra={"event": "refused", "status_code": status, "path": request.path, "user_id": user_id, "reason": reason},
    )
