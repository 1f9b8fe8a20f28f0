"""Limits on actions that send mail to someone else, counted in the shared cache so every process sees one count."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def rate_limit(action: str, who) -> None:
    """Count one `action` by `who`; raise ValidationError (code "rate") past settings.MAIL_RATE_LIMITS[action]."""
    limit, period = settings.MAIL_RATE_LIMITS[action]
    window = int(time.time() // period)
    key = f"ratelimit:{action}:{getattr(who, 'pk', who)}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        count = 1
    if count > limit:
        who_id = getattr(who, "pk", who)
        logger.warning(
            "rate limit %s refused user %s (%d per %ds)",
            action,
            who_id,
            limit,
            period,
            extra={"event": "rate_limited", "action": action, "user_id": who_id},
        )
        raise ValidationError(_("短時間に多く送信されました。しばらくしてからお試しください。"), code="rate")
