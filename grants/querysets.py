"""Query vocabulary for grants."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from civic_portal.accounts.types import Visitor


class RoundQuerySet(models.QuerySet):
    def open(self, now: dt.datetime | None = None) -> Self:
        """Rounds whose call period includes now."""
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now: dt.datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.filter(opens_at__gt=now)

    def closed(self, now: dt.datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.filter(closes_at__lte=now)

    def review_closed(self, now: dt.datetime | None = None) -> Self:
        """Rounds whose review is over: the call has closed and no application of the round is still waiting for,
        or in, review (in practice: the decisions were confirmed). Until then every reviewer's points are sealed.

        Returned applications wait on the applicant and do not hold the review open."""
        from .models import Application, Status

        now = now or timezone.now()
        waiting = [Status.SUBMITTED, Status.RESUBMITTED, Status.ELIGIBILITY_CHECK, Status.UNDER_REVIEW]
        pending = Application.objects.filter(round_id=OuterRef("pk"), status__in=waiting)
        return self.filter(closes_at__lte=now).exclude(Exists(pending))


class ApplicationQuerySet(models.QuerySet):
    def lodged(self) -> Self:
        """Applications actually submitted (not drafts; withdrawn ones count only if they had been submitted)."""
        return self.exclude(submitted_at__isnull=True)

    def awarded(self) -> Self:
        from .models import AWARD_STATUSES

        return self.filter(status__in=AWARD_STATUSES)

    def with_review_closed(self, now: dt.datetime | None = None) -> Self:
        """Annotate `review_closed`: whether the application's round finished its review (see RoundQuerySet), so the
        mean score can be shown or withheld per row without a query per row."""
        from .models import Round

        return self.annotate(review_closed=Exists(Round.objects.review_closed(now).filter(pk=OuterRef("round_id"))))

    def for_manager(self, user: Visitor) -> Self:
        """Applications of groups the user manages."""
        from groups.models import Group

        return self.filter(group__in=Group.objects.managed_by(user))


class OtherFunderGrantQuerySet(models.QuerySet):
    def published(self) -> Self:
        return self.filter(is_published=True)

    def still_open(self, today: dt.date | None = None) -> Self:
        today = today or timezone.localdate()
        return self.filter(Q(deadline__isnull=True) | Q(deadline__gte=today))


def sheets_visible_to(user: User, *, via: str = "", now: dt.datetime | None = None) -> Q:
    """The sealing rule, in one place: the score sheets whose points and comments `user` may see.

    Their own sheets always; other reviewers' submitted sheets only once the round's review is closed
    (`RoundQuerySet.review_closed`). It holds for everyone, center staff and superusers included.
    `via` is the path from the filtered model to the sheet: "" for ScoreSheet, "sheet__" for Score.
    """
    from .models import Round

    others = Q(
        **{
            f"{via}submitted_at__isnull": False,
            f"{via}application__round__in": Round.objects.review_closed(now).values("pk"),
        }
    )
    if not user.is_authenticated:
        return others
    return Q(**{f"{via}reviewer__user": user}) | others
