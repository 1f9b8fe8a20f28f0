"""allauth's account adapter, with a log line when a sign-in is refused for too many failed attempts."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        # allauth refuses here (a form error, no 429) past ACCOUNT_RATE_LIMITS["login_failed"]: per network and
        # per address. The address is personal data, so the line names neither it nor the network.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            logger.warning(
                "sign-in refused at %s: too many failed attempts",
                request.path,
                extra={"event": "refused", "path": request.path, "user_id": None, "reason": "login_failed rate"},
            )
            raise
