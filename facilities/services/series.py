"""Recurring bookings: preview which dates conflict, then book the rest."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups.models import Group

from ..models import Booking, ExemptionRule, Space
from .bookings import booking_create, booking_problems, load_space
from .notifications import notify_booking

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from civic_portal.accounts.models import User


@dataclass
class SeriesDate:
    starts_at: dt.datetime
    ends_at: dt.datetime
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def series_dates(
    *, first_start: dt.datetime, first_end: dt.datetime, until: dt.date, every_days: int = 7
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Wall-clock repeats of a slot every N days up to a last day (inclusive)."""
    start, end = timezone.localtime(first_start), timezone.localtime(first_end)
    tz = timezone.get_current_timezone()
    out: list[tuple[dt.datetime, dt.datetime]] = []
    day = start.date()
    while day <= until and len(out) < 60:
        out.append(
            (
                dt.datetime.combine(day, start.time(), tzinfo=tz),
                dt.datetime.combine(day + (end.date() - start.date()), end.time(), tzinfo=tz),
            )
        )
        day += dt.timedelta(days=every_days)
    return out


def booking_series_preview(
    *,
    space: Space | int,
    first_start: dt.datetime,
    first_end: dt.datetime,
    until: dt.date,
    group: Group | None = None,
    every_days: int = 7,
) -> list[SeriesDate]:
    """Each date of a recurring booking with the reasons it cannot be booked (conflicts, closures, windows)."""
    space = load_space(space)
    return [
        SeriesDate(s, e, booking_problems(space=space, starts_at=s, ends_at=e, group=group))
        for s, e in series_dates(first_start=first_start, first_end=first_end, until=until, every_days=every_days)
    ]


@transaction.atomic
def booking_series_create(
    *,
    user: User,
    space: Space | int,
    first_start: dt.datetime,
    first_end: dt.datetime,
    until: dt.date,
    purpose: str,
    expected_attendees: int,
    group: Group | None = None,
    every_days: int = 7,
    exemption_rule: ExemptionRule | None = None,
    exemption_evidence: UploadedFile | None = None,
) -> tuple[list[Booking], list[SeriesDate]]:
    """Book every free date of a recurring booking, each with the exemption applied for and its evidence; returns
    the bookings made and the dates skipped with reasons."""
    series = uuid.uuid4()
    made: list[Booking] = []
    skipped: list[SeriesDate] = []
    # The evidence is stored once, with the first booking made; the others refer to the same file.
    evidence: UploadedFile | str | None = exemption_evidence
    for s, e in series_dates(first_start=first_start, first_end=first_end, until=until, every_days=every_days):
        try:
            with transaction.atomic():
                made.append(
                    booking_create(
                        user=user,
                        space=space,
                        starts_at=s,
                        ends_at=e,
                        purpose=purpose,
                        expected_attendees=expected_attendees,
                        group=group,
                        series=series,
                        exemption_rule=exemption_rule,
                        exemption_evidence=evidence,
                        notify=False,
                    )
                )
            if made[-1].exemption_evidence:
                evidence = made[-1].exemption_evidence.name
        except ValidationError as exc:
            skipped.append(SeriesDate(s, e, exc.messages))
    if made:
        notify_booking(made[0], series=made)
    return made, skipped
