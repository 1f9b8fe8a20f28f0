"""Activity records after a match (recorded → confirmed / rejected) and the volunteer points they earn."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.core.mail import send_templated_mail
from civic_portal.core.workflow import log_status_change, transition

from ..models import Group
from ..models.activity import (
    MAX_HOURS,
    MIN_HOURS,
    ActivityRecord,
    ActivityStatus,
    PointEntry,
    PointEntryKind,
    PointRate,
)
from ..models.volunteers import ApplicationStatus, VolunteerApplication, VolunteerProfile
from ..permissions import is_group_manager
from .volunteers import _manager_emails

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

logger = logging.getLogger(__name__)

EMAIL_DIR = "groups/activity_email"


def _mail(*, to: list[str], template: str, context: dict) -> None:
    if to:
        send_templated_mail(to=to, template=f"{EMAIL_DIR}/{template}", context=context)


@transaction.atomic
def activity_record(
    *, application: VolunteerApplication, user: User, date: dt.date, hours: Decimal, description: str
) -> ActivityRecord:
    """Record a day of a matched volunteer's activity: by a manager of the group (confirmed at once) or by the
    volunteer (waits for the group, whose managers are emailed). Only accepted applications, no future days."""
    application = (
        VolunteerApplication.objects.select_related("need__group", "volunteer__user")
        .select_for_update(of=("self",))
        .get(pk=application.pk)
    )
    group = application.need.group
    by_group = is_group_manager(user, group)
    if not by_group and application.volunteer.user_id != user.pk:
        raise PermissionDenied(_("この活動を記録する権限がありません。"))
    if application.status != ApplicationStatus.ACCEPTED or application.volunteer.is_withdrawn:
        raise ValidationError(_("受入が決定した応募の活動だけを記録できます。"))
    if date > timezone.localdate():
        raise ValidationError({"date": _("活動日に未来の日付は入力できません。")})
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise ValidationError({"hours": _("活動時間は0.25時間から24時間の間で入力してください。")})
    record = ActivityRecord(
        application=application,
        date=date,
        hours=hours,
        description=description.strip(),
        recorded_by=user,
        status=ActivityStatus.CONFIRMED if by_group else ActivityStatus.RECORDED,
    )
    record.full_clean(exclude=["application"], validate_constraints=False)  # the one-a-day rule: the INSERT below
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        raise ValidationError({"date": _("この日の活動はすでに記録されています。")}) from exc
    log_status_change(record, from_status="", by=user)
    context: dict[str, object] = {
        "record": record,
        "need": application.need,
        "group": group,
        "volunteer": application.volunteer,
    }
    if by_group:
        _award_points(record, by=user)
        _mail(to=[application.volunteer.user.email], template="recorded_by_group", context=context)
    else:
        context["path"] = reverse("groups:activity_pending")
        _mail(to=_manager_emails(group), template="awaiting_confirmation", context=context)
    return record


def _decide(record: ActivityRecord, user: User) -> ActivityRecord:
    record = (
        ActivityRecord.objects.select_for_update(of=("self",))
        .select_related("application__need__group", "application__volunteer__user")
        .get(pk=record.pk)
    )
    if not is_group_manager(user, record.application.need.group):
        raise PermissionDenied(_("この活動記録を確認する権限がありません。"))
    return record


@transaction.atomic
def activity_confirm(*, record: ActivityRecord, user: User) -> ActivityRecord:
    """A manager of the group confirms a record the volunteer wrote; points are earned; the volunteer is emailed."""
    record = transition(_decide(record, user), to=ActivityStatus.CONFIRMED, by=user)
    _award_points(record, by=user)
    context = {"record": record, "need": record.application.need, "group": record.application.need.group}
    _mail(to=[record.application.volunteer.user.email], template="confirmed", context=context)
    return record


@transaction.atomic
def activity_reject(*, record: ActivityRecord, user: User, note: str) -> ActivityRecord:
    """A manager of the group cannot confirm a record (a reason is required); the volunteer is emailed."""
    if not note.strip():
        raise ValidationError({"note": _("確認できない理由を入力してください。")})
    record = transition(_decide(record, user), to=ActivityStatus.REJECTED, by=user, note=note.strip())
    context = {"record": record, "need": record.application.need, "group": record.application.need.group}
    _mail(to=[record.application.volunteer.user.email], template="rejected", context={**context, "note": note})
    return record


def point_rate_on(day: dt.date) -> int:
    """Points per hour for activity on a day (0 when points are off or no rate applies yet)."""
    if not settings.VOLUNTEER_POINTS_ENABLED:
        return 0
    rate = PointRate.objects.filter(valid_from__lte=day).order_by("-valid_from").values_list("points_per_hour")[:1]
    return rate[0][0] if rate else 0


def _award_points(record: ActivityRecord, *, by: User | None) -> PointEntry | None:
    points = int((record.hours * point_rate_on(record.date)).to_integral_value(rounding=ROUND_FLOOR))
    if points <= 0:
        return None
    return PointEntry.objects.create(
        volunteer_id=record.application.volunteer_id,
        kind=PointEntryKind.EARNED,
        points=points,
        record=record,
        created_by=by,
    )


def point_balance(profile: VolunteerProfile) -> int:
    """A volunteer's points: earned less donated."""
    return profile.point_entries.aggregate(total=Sum("points"))["total"] or 0


@transaction.atomic
def points_donate(*, profile: VolunteerProfile, user: User, group: Group, points: int) -> PointEntry:
    """The volunteer gives points to a registered group; never more than the balance (the volunteer's row is
    locked, so two donations at once cannot both spend the same points)."""
    profile = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.user_id != user.pk or profile.is_withdrawn:
        raise PermissionDenied(_("ご自身のポイントだけを寄付できます。"))
    if not group.is_public:
        raise ValidationError({"group": _("寄付先は登録団体から選んでください。")})
    if points < 1:
        raise ValidationError({"points": _("寄付するポイントは1以上にしてください。")})
    balance = point_balance(profile)
    if points > balance:
        raise ValidationError({"points": _("ポイントが足りません（残り%(balance)dポイント）。") % {"balance": balance}})
    entry = PointEntry.objects.create(
        volunteer=profile, kind=PointEntryKind.DONATED, points=-points, group=group, created_by=user
    )
    logger.info("volunteer %s donated %s points to group %s", profile.pk, points, group.pk)
    _mail(to=_manager_emails(group), template="points_donated", context={"group": group, "points": points})
    return entry
