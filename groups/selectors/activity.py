"""Reading activity records: a volunteer's history and certificate, a manager's records to confirm, yearly figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, QuerySet, Sum
from django.shortcuts import get_object_or_404

from civic_portal.core.fiscal import fiscal_year_bounds

from ..models import Group
from ..models.activity import ActivityRecord, ActivityStatus, PointEntry, PointRate
from ..models.volunteers import ApplicationStatus, VolunteerApplication, VolunteerProfile
from ..permissions import is_group_manager

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


def activity_history(profile: VolunteerProfile) -> QuerySet[ActivityRecord]:
    """A volunteer's records, newest day first, with need and group."""
    return ActivityRecord.objects.filter(application__volunteer=profile).select_related("application__need__group")


def accepted_applications_of(profile: VolunteerProfile) -> QuerySet[VolunteerApplication]:
    """The volunteer's matches, for which activity may be recorded."""
    return (
        VolunteerApplication.objects.filter(volunteer=profile, status=ApplicationStatus.ACCEPTED)
        .select_related("need__group")
        .order_by("-accepted_at", "-id")
    )


@dataclass(frozen=True)
class CertificateRow:
    group_name: str
    first_date: dt.date
    last_date: dt.date
    days: int
    hours: Decimal


@dataclass(frozen=True)
class Certificate:
    rows: list[CertificateRow]
    start: dt.date | None
    end: dt.date | None

    @property
    def total_hours(self) -> Decimal:
        return sum((row.hours for row in self.rows), Decimal(0))

    @property
    def total_days(self) -> int:
        return sum(row.days for row in self.rows)


def activity_certificate(profile: VolunteerProfile, *, fiscal_year: int | None = None) -> Certificate:
    """Confirmed activity only, one row a group (its name, first and last day, days, hours), in one query."""
    records = ActivityRecord.objects.filter(application__volunteer=profile, status=ActivityStatus.CONFIRMED)
    start = end = None
    if fiscal_year is not None:
        start, end = fiscal_year_bounds(fiscal_year)
        records = records.filter(date__range=(start, end))
    rows = (
        records.values("application__need__group__name")
        .annotate(first=Min("date"), last=Max("date"), days=Count("date", distinct=True), hours=Sum("hours"))
        .order_by("first", "application__need__group__name")
    )
    return Certificate(
        rows=[
            CertificateRow(row["application__need__group__name"], row["first"], row["last"], row["days"], row["hours"])
            for row in rows
        ],
        start=start,
        end=end,
    )


def records_awaiting(user: User) -> QuerySet[ActivityRecord]:
    """Records volunteers wrote that the user's groups have still to confirm, oldest first."""
    return (
        ActivityRecord.objects.filter(status=ActivityStatus.RECORDED, application__need__group__in=_managed(user))
        .select_related("application__need__group", "application__volunteer")
        .order_by("date", "id")
    )


def records_of_application(application: VolunteerApplication) -> QuerySet[ActivityRecord]:
    """One match's records, newest day first."""
    return application.activity_records.select_related("recorded_by").order_by("-date", "-id")


def _managed(user: User) -> QuerySet[Group]:
    return Group.objects.managed_by(user)


def record_get_for_manager(*, user: User, pk: int) -> ActivityRecord:
    """A record of one of the user's groups (404 unknown, 403 for others)."""
    record = get_object_or_404(
        ActivityRecord.objects.select_related("application__need__group", "application__volunteer"), pk=pk
    )
    if not is_group_manager(user, record.application.need.group):
        raise PermissionDenied
    return record


def points_in_use() -> bool:
    """Volunteer points are shown once the setting is on and staff have set a rate."""
    return settings.VOLUNTEER_POINTS_ENABLED and PointRate.objects.exists()


def point_ledger(profile: VolunteerProfile) -> QuerySet[PointEntry]:
    """A volunteer's point entries, newest first, with the record's day and the group given to."""
    return profile.point_entries.select_related("record", "group").order_by("-created_at", "-id")


def activity_records_in_fiscal_year(fiscal_year: int) -> int:
    """Confirmed volunteer activity records (days of activity) dated within a fiscal year."""
    return ActivityRecord.objects.filter(
        status=ActivityStatus.CONFIRMED, date__range=fiscal_year_bounds(fiscal_year)
    ).count()


def activity_hours_in_fiscal_year(fiscal_year: int) -> Decimal:
    """Confirmed volunteer activity hours dated within a fiscal year."""
    total = ActivityRecord.objects.filter(
        status=ActivityStatus.CONFIRMED, date__range=fiscal_year_bounds(fiscal_year)
    ).aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)
