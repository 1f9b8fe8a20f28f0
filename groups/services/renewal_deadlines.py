"""The renewal deadline, kept by the scheduled jobs: reminders to groups that have not renewed, then their lapse.

Both are safe to run again: a reminder is recorded (RenewalReminder, unique per group, round and stage) in the
transaction that queues its mail, and a round once closed is not closed again.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from civic_portal.core.fiscal import wareki
from civic_portal.core.mail import send_templated_mails

from ..models import Group, GroupStatus, Membership, MembershipRole, RenewalReminder, RenewalRound
from ..rules import RENEWAL_REMINDER_DAYS
from .registration import renewal_close

logger = logging.getLogger(__name__)

REMINDER_TEMPLATE = "groups/email/renewal_reminder"


def reminder_stage(renewal: RenewalRound, today: dt.date) -> int | None:
    """The reminder due today: the nearest stage (days before the deadline) that has begun, or None.

    A stage that had begun by the day the round opened is skipped: the opening mail told the managers then.
    """
    opened_on = timezone.localdate(renewal.opened_at)
    begun = [
        days
        for days in RENEWAL_REMINDER_DAYS
        if renewal.deadline - dt.timedelta(days=days) <= today <= renewal.deadline
        and renewal.deadline - dt.timedelta(days=days) > opened_on
    ]
    return min(begun, default=None)


@transaction.atomic
def renewal_send_reminders(*, today: dt.date | None = None) -> int:
    """Email the managers of every group still due for renewal in an open round, once each stage (30 and 7 days
    before the deadline); returns how many mails were queued."""
    today = today or timezone.localdate()
    reminded = 0
    # A round is locked while it is worked on, so two runs at once remind each group once.
    for renewal in RenewalRound.objects.select_for_update().filter(closed_at__isnull=True, deadline__gte=today):
        stage = reminder_stage(renewal, today)
        if stage is not None:
            reminded += _remind(renewal, stage, today)
    return reminded


def _remind(renewal: RenewalRound, stage: int, today: dt.date) -> int:
    already = RenewalReminder.objects.filter(group=OuterRef("pk"), renewal=renewal, days_before__lte=stage)
    managers = Membership.objects.filter(role=MembershipRole.MANAGER, user__is_active=True).select_related("user")
    groups = list(
        Group.objects.filter(status=GroupStatus.RENEWAL_DUE)
        .filter(~Exists(already))
        .prefetch_related(Prefetch("memberships", queryset=managers.order_by("id"), to_attr="managers"))
        .order_by("id")
    )
    if not groups:
        return 0
    RenewalReminder.objects.bulk_create(
        [RenewalReminder(renewal=renewal, group=group, days_before=stage) for group in groups]
    )
    context = {
        "renewal": renewal,
        "deadline": renewal.deadline,
        "deadline_wareki": wareki(renewal.deadline),
        "days_left": (renewal.deadline - today).days,
    }
    sent = send_templated_mails(
        template=REMINDER_TEMPLATE,
        messages=[
            ([membership.user.email for membership in group.managers], {**context, "group": group})
            for group in groups
            if group.managers
        ],
    )
    logger.info("renewal %s: %s groups reminded %s days before the deadline", renewal.fiscal_year, sent, stage)
    return sent


@transaction.atomic
def renewal_lapse_overdue() -> int:
    """Close every open renewal round whose deadline has passed: the groups that did not renew lapse and leave the
    directory, by no one (the system), and their managers are told; returns how many lapsed."""
    today = timezone.localdate()
    lapsed = 0
    for renewal in RenewalRound.objects.select_for_update().filter(closed_at__isnull=True, deadline__lt=today):
        lapsed += renewal_close(renewal=renewal, by=None)
    if lapsed:
        logger.info("%s groups lapsed after their renewal deadline", lapsed)
    return lapsed
