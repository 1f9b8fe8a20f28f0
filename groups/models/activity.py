"""Volunteer activity records (活動記録) after a match, and volunteer points (ボランティアポイント)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import (
    StatusChangeBase,
    WorkflowModel,
    actor_field,
    status_change_meta,
    status_fields,
)

from .register import Group
from .volunteers import VolunteerApplication, VolunteerProfile

__all__ = [
    "ACTIVITY_TRANSITIONS",
    "MAX_HOURS",
    "MIN_HOURS",
    "ActivityRecord",
    "ActivityRecordStatusChange",
    "ActivityStatus",
    "PointEntry",
    "PointEntryKind",
    "PointRate",
]

MIN_HOURS = Decimal("0.25")
MAX_HOURS = Decimal(24)


class ActivityStatus(models.TextChoices):
    RECORDED = "recorded", _("確認待ち")
    CONFIRMED = "confirmed", _("確認済み")
    REJECTED = "rejected", _("確認できず")


S = ActivityStatus
# A record the group writes is confirmed at once; one the volunteer writes waits for the group.
ACTIVITY_TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECORDED: frozenset({S.CONFIRMED, S.REJECTED}),
    S.CONFIRMED: frozenset(),
    S.REJECTED: frozenset(),
}


class ActivityRecord(WorkflowModel):
    """One day of a matched volunteer's activity for the group: date, hours, what was done."""

    TRANSITIONS = ACTIVITY_TRANSITIONS

    application = models.ForeignKey(
        VolunteerApplication,
        on_delete=models.PROTECT,
        related_name="activity_records",
        verbose_name=_("受入決定した応募"),
    )
    date = models.DateField(_("活動日"))
    hours = models.DecimalField(_("活動時間（時間）"), max_digits=4, decimal_places=2)
    description = models.CharField(_("活動の内容"), max_length=500)
    status = models.CharField(_("状態"), max_length=10, choices=ActivityStatus.choices, default=S.RECORDED)
    recorded_by = actor_field(_("記録した人"), blank=True)
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("ボランティア活動記録")
        verbose_name_plural = _("ボランティア活動記録")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActivityStatus.values), name="groups_activity_status"),
            models.CheckConstraint(
                condition=Q(hours__gte=MIN_HOURS, hours__lte=MAX_HOURS),
                name="groups_activity_hours_range",
                violation_error_message=_("活動時間は0.25時間から24時間の間で入力してください。"),
            ),
            models.UniqueConstraint(
                fields=["application", "date"],
                condition=~Q(status=S.REJECTED),
                name="groups_activity_one_a_day",
                violation_error_message=_("この日の活動はすでに記録されています。"),
            ),
        ]
        indexes = [
            models.Index(fields=["application", "-date"], name="groups_activity_app_date"),
            models.Index(fields=["status", "date"], name="groups_activity_status_date"),
        ]

    def __str__(self):
        return f"{self.application} {self.date} {self.hours}h"

    @property
    def awaits_confirmation(self) -> bool:
        """Recorded by the volunteer; the group still confirms it or not."""
        return self.can_move_to(ActivityStatus.CONFIRMED)


class ActivityRecordStatusChange(StatusChangeBase):
    """One step of an activity record: recorded, confirmed or not, by whom, when, why."""

    LOGGED = "record"

    record = models.ForeignKey(
        ActivityRecord, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("活動記録")
    )
    from_status, to_status = status_fields(ActivityStatus, max_length=10)
    Meta = status_change_meta(
        "record", ActivityStatus, prefix="groups_activitystatus", name=_("活動記録の状態変更履歴")
    )


class PointRate(models.Model):
    """Volunteer points earned per confirmed hour, from a day on (set by center staff; none = no points)."""

    valid_from = models.DateField(_("適用開始日"), unique=True)
    points_per_hour = models.PositiveIntegerField(_("1時間あたりのポイント"))
    created_by = actor_field(_("設定者"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ボランティアポイントの付与率")
        verbose_name_plural = _("ボランティアポイントの付与率")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.valid_from}: {self.points_per_hour}"


class PointEntryKind(models.TextChoices):
    EARNED = "earned", _("活動で獲得")
    DONATED = "donated", _("団体へ寄付")


class PointEntry(models.Model):
    """One line of a volunteer's point ledger: earned (positive, from a confirmed record) or donated (negative, to a
    registered group). The balance is the sum; services lock the volunteer's row so it never goes below zero."""

    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="point_entries", verbose_name=_("ボランティア")
    )
    kind = models.CharField(_("種類"), max_length=10, choices=PointEntryKind.choices)
    points = models.IntegerField(_("ポイント"))
    record = models.OneToOneField(
        ActivityRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="point_entry",
        verbose_name=_("活動記録"),
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="point_donations", verbose_name=_("寄付先")
    )
    created_by = actor_field(_("記録者"), blank=True)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ボランティアポイント")
        verbose_name_plural = _("ボランティアポイント")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=PointEntryKind.EARNED, points__gt=0, record__isnull=False, group__isnull=True)
                    | Q(kind=PointEntryKind.DONATED, points__lt=0, record__isnull=True, group__isnull=False)
                ),
                name="groups_point_entry_kind",
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "-created_at"], name="groups_point_volunteer")]

    def __str__(self):
        return f"{self.volunteer} {self.points:+d}"
