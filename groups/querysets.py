"""Query vocabulary for the group register."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from civic_portal.accounts.types import Visitor


class GroupQuerySet(models.QuerySet):
    def public(self) -> Self:
        """Groups shown in the directory: registered, including those whose renewal is pending."""
        from .models import PUBLIC_STATUSES

        return self.filter(status__in=PUBLIC_STATUSES)

    def registered_on(self, day: dt.date) -> Self:
        """Groups that were on the register on a given day (registered by then and not lapsed or withdrawn before)."""
        return self.filter(registered_on__lte=day).filter(Q(lapsed_on__isnull=True) | Q(lapsed_on__gt=day))

    def managed_by(self, user: Visitor) -> Self:
        """Groups the user manages."""
        from .models import MembershipRole

        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__role=MembershipRole.MANAGER)
