"""Reads for pages, feeds, open data and the plan indicators. Objects named by a URL are fetched with a check."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.fiscal import fiscal_year_range
from groups.models import Group

from .availability import closed_reason, holiday_name, physical_space_ids
from .models import (
    BARRIER_FREE_FIELDS,
    Booking,
    BookingStatus,
    EquipmentItem,
    EquipmentType,
    ExemptionRule,
    Facility,
    FeeRate,
    GroupCalendar,
    Loan,
    LoanStatus,
    Occupancy,
    Space,
)
from .querysets import BookingQuerySet

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from civic_portal.accounts.types import Visitor


def facility_list(
    *, kind: str = "", area: int | None = None, capacity: int | None = None, barrier_free: Sequence[str] = ()
) -> QuerySet[Facility]:
    """Published facilities, filtered by kind, area, a room of at least `capacity`, and barrier-free features."""
    qs = (
        Facility.objects.filter(is_published=True).select_related("area").annotate(max_capacity=Max("spaces__capacity"))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if area:
        qs = qs.filter(area_id=area)
    if capacity:
        qs = qs.filter(Exists(Space.objects.filter(facility=OuterRef("pk"), capacity__gte=capacity, is_active=True)))
    allowed = {name for name, _label in BARRIER_FREE_FIELDS}
    qs = qs.filter(**{name: True for name in barrier_free if name in allowed})
    return qs.order_by("sort_order", "name_kana", "id")


def facility_get(*, user: Visitor, pk: int) -> Facility:
    """A facility the user may see (published, or any for staff); Http404 otherwise."""
    qs = Facility.objects.select_related("area").prefetch_related(
        Prefetch("spaces", queryset=Space.objects.prefetch_related("parts", "photos")),
        "opening_hours",
        "time_slots",
        "photos",
        Prefetch("equipment_types", queryset=EquipmentType.objects.filter(is_active=True)),
    )
    if not is_center_staff(user):
        qs = qs.filter(is_published=True)
    try:
        return qs.get(pk=pk)
    except Facility.DoesNotExist as exc:
        raise Http404 from exc


def space_get(*, user: Visitor, facility: Facility, pk: int) -> Space:
    """A space of a facility the user may see; Http404 otherwise."""
    for space in facility.spaces.all():
        if space.pk == pk:
            return space
    raise Http404


@dataclass
class Interval:
    starts: dt.datetime
    ends: dt.datetime


@dataclass
class SpaceDay:
    space: Space
    taken: list[Interval] = field(default_factory=list)
    free: list[Interval] = field(default_factory=list)


@dataclass
class Day:
    date: dt.date
    in_month: bool
    closed: str | None
    holiday: str | None
    spaces: list[SpaceDay]

    @property
    def free_minutes(self) -> int:
        return int(sum((i.ends - i.starts).total_seconds() // 60 for s in self.spaces for i in s.free))


def _free(opens: dt.datetime, closes: dt.datetime, taken: list[Interval]) -> list[Interval]:
    free, cursor = [], opens
    for t in sorted(taken, key=lambda i: i.starts):
        if t.starts > cursor:
            free.append(Interval(cursor, min(t.starts, closes)))
        cursor = max(cursor, t.ends)
    if cursor < closes:
        free.append(Interval(cursor, closes))
    return [f for f in free if f.starts < f.ends]


def facility_calendar(
    *, facility: Facility, first_day: dt.date, last_day: dt.date, space: Space | None = None, month: int | None = None
) -> list[Day]:
    """Days with each space's taken (予約済, anonymous) and free intervals; a fixed number of queries.

    Expects `facility` from facility_get (spaces, parts, opening hours prefetched). Taken time is read from the
    occupancies through their GiST index (space, during), so the cost does not grow with the table.
    """
    tz = timezone.get_current_timezone()
    spaces = [space] if space else [s for s in facility.spaces.all() if s.is_active]
    physical = {s.pk: physical_space_ids(s) for s in spaces}
    start = dt.datetime.combine(first_day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    rows = Occupancy.objects.overlapping(
        {pk for ids in physical.values() for pk in ids}, DateTimeTZRange(start, end, "[)")
    ).values_list("space_id", "booking__starts_at", "booking__ends_at")
    by_space: dict[int, list[Interval]] = {}
    for space_id, starts, ends in rows:
        by_space.setdefault(space_id, []).append(Interval(timezone.localtime(starts), timezone.localtime(ends)))
    closures = list(facility.closures.filter(first_day__lte=last_day, last_day__gte=first_day))
    windows = (
        list(facility.owner_windows.filter(starts_at__lt=end, ends_at__gt=start)) if facility.uses_owner_windows else []
    )
    hours = {h.weekday: h for h in facility.opening_hours.all()}
    days = []
    day = first_day
    while day <= last_day:
        reason = closed_reason(facility, day, closures=closures)
        space_days = []
        for s in spaces:
            taken = {}
            for pk in physical[s.pk]:
                for i in by_space.get(pk, []):
                    if i.starts.date() == day:
                        taken[(i.starts, i.ends)] = i
            entry = SpaceDay(s, sorted(taken.values(), key=lambda i: i.starts))
            if not reason:
                h = hours.get(day.weekday())
                opens = dt.datetime.combine(day, h.opens if h else dt.time(0), tzinfo=tz)
                closes = dt.datetime.combine(day, h.closes, tzinfo=tz) if h else opens + dt.timedelta(days=1)
                if facility.uses_owner_windows:
                    for w in windows:
                        ws, we = max(opens, timezone.localtime(w.starts_at)), min(closes, timezone.localtime(w.ends_at))
                        if ws < we:
                            entry.free += _free(ws, we, entry.taken)
                else:
                    entry.free = _free(opens, closes, entry.taken)
            space_days.append(entry)
        days.append(Day(day, month is None or day.month == month, reason, holiday_name(day), space_days))
        day += dt.timedelta(days=1)
    return days


def month_weeks(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day shown for a month grid (Monday-first weeks)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return weeks[0][0], weeks[-1][-1]


def fee_schedule() -> dict:
    """Everything /facilities/fees/ publishes, read from the rows the calculator uses: per space and time band the
    weekday and holiday hourly fees, equipment fees, and the exemption rules."""
    facilities = list(
        Facility.objects.filter(is_published=True, booking_mode="here").prefetch_related(
            Prefetch(
                "spaces",
                queryset=Space.objects.filter(is_active=True).prefetch_related(
                    Prefetch("fee_rates", queryset=FeeRate.objects.order_by("starts", "day_type"))
                ),
            ),
            Prefetch("equipment_types", queryset=EquipmentType.objects.filter(is_active=True)),
        )
    )
    for facility in facilities:
        for space in facility.spaces.all():
            bands: dict[tuple, dict] = {}
            for rate in space.fee_rates.all():
                band = bands.setdefault(
                    (rate.starts, rate.ends), {"label": rate.label, "starts": rate.starts, "ends": rate.ends}
                )
                band[rate.day_type] = rate.hourly_fee
            space.fee_bands = list(bands.values())
    return {"facilities": facilities, "rules": ExemptionRule.objects.filter(is_active=True)}


_LOANS = Prefetch("loans", queryset=Loan.objects.select_related("equipment_type"))


def _bookings() -> BookingQuerySet:
    return Booking.objects.select_related("space__facility", "group", "user", "exemption_rule")


def booking_list_for_user(*, user: User) -> QuerySet[Booking]:
    """Bookings the user made or that belong to groups they manage, newest first."""
    managed = Group.objects.managed_by(user).values("pk")
    return _bookings().filter(Q(user=user) | Q(group__in=managed)).order_by("-starts_at", "-id")


def booking_get(*, user: User, pk: int) -> Booking:
    """A booking the user may see: their own, their managed group's, or any for staff; Http404 otherwise."""
    qs = _bookings().prefetch_related(_LOANS, "status_changes")
    if not is_center_staff(user):
        managed = Group.objects.managed_by(user).values("pk")
        qs = qs.filter(Q(user=user) | Q(group__in=managed))
    try:
        return qs.get(pk=pk)
    except Booking.DoesNotExist as exc:
        raise Http404 from exc


def front_desk(*, day: dt.date, facility: Facility | None = None) -> dict:
    """Staff front desk: the day's bookings to confirm or check in, loans to hand over and to take back."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    bookings = _bookings().active().filter(starts_at__gte=start, starts_at__lt=end).prefetch_related(_LOANS)
    loans = Loan.objects.select_related("equipment_type__facility", "user", "group", "booking__space")
    items = Prefetch("equipment_type__items", queryset=EquipmentItem.objects.filter(is_active=True))
    hand_over = loans.filter(status=LoanStatus.RESERVED, starts_at__lt=end).prefetch_related(items)
    # A whole-day loan ends at the next midnight: it is taken back on its own day.
    take_back = loans.open().filter(ends_at__lte=end)
    requested = _bookings().filter(status=BookingStatus.REQUESTED, starts_at__gte=start).prefetch_related(_LOANS)
    if facility:
        requested = requested.filter(space__facility=facility)
        bookings = bookings.filter(space__facility=facility)
        hand_over = hand_over.filter(equipment_type__facility=facility)
        take_back = take_back.filter(equipment_type__facility=facility)
    return {
        "bookings": bookings.order_by("space__facility__sort_order", "starts_at"),
        "requested": requested.order_by("starts_at")[:50],
        "hand_over": hand_over.order_by("starts_at"),
        "take_back": take_back.order_by("ends_at"),
    }


def facility_feed_bookings(*, facility: Facility, now: dt.datetime | None = None) -> QuerySet[Booking]:
    """Active bookings of a facility from 30 days ago to a year ahead, for its public feed."""
    now = now or timezone.now()
    return (
        Booking.objects.live()
        .select_related("space__facility")
        .filter(space__facility=facility)
        .filter(starts_at__gte=now - dt.timedelta(days=30), starts_at__lt=now + dt.timedelta(days=366))
        .order_by("starts_at")
    )


def managed_group_get(*, user: User, pk: int) -> Group:
    """A registered group the user manages; Http404 otherwise."""
    try:
        return Group.objects.managed_by(user).public().get(pk=pk)
    except Group.DoesNotExist as exc:
        raise Http404 from exc


def group_calendar_get(*, token: str) -> GroupCalendar:
    """The group calendar of a secret token; Http404 for an unknown or reset token."""
    try:
        return GroupCalendar.objects.select_related("group").get(token=token)
    except GroupCalendar.DoesNotExist as exc:
        raise Http404 from exc


def group_calendars_for_manager(*, user: User) -> list[tuple[Group, GroupCalendar | None]]:
    """Registered groups the user manages with their private calendar (None until one is issued)."""
    groups = Group.objects.managed_by(user).public().select_related("facility_calendar").order_by("name_kana")
    return [(g, getattr(g, "facility_calendar", None)) for g in groups]


def group_feed_bookings(*, group: Group) -> QuerySet[Booking]:
    """A group's requested and confirmed bookings, for its private feed."""
    return _bookings().live().filter(group=group).order_by("starts_at")


def opendata_facilities() -> QuerySet[Facility]:
    """Published facilities for the 公共施設一覧 CSV, with opening hours."""
    return Facility.objects.filter(is_published=True).prefetch_related("opening_hours").order_by("pk")


# Plan indicators


def center_visitors(fiscal_year: int) -> int:
    """Sum of attendees of used bookings at the civic-activity center (is_center) in a fiscal year."""
    start, end = fiscal_year_range(fiscal_year)
    return (
        Booking.objects.filter(
            status=BookingStatus.USED, space__facility__is_center=True, starts_at__gte=start, starts_at__lt=end
        ).aggregate(total=Sum("attendees"))["total"]
        or 0
    )


def group_bookings(fiscal_year: int) -> int:
    """Number of bookings made for civic groups that were confirmed or used in a fiscal year."""
    start, end = fiscal_year_range(fiscal_year)
    return Booking.objects.filter(
        group__isnull=False,
        status__in=[BookingStatus.CONFIRMED, BookingStatus.USED, BookingStatus.NO_SHOW],
        starts_at__gte=start,
        starts_at__lt=end,
    ).count()


def space_utilisation(space: Space, year: int, month: int) -> float:
    """Booked share (0..1) of a space's opening hours in a month, holidays and closures excluded."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    facility = Facility.objects.prefetch_related("opening_hours").get(pk=space.facility_id)
    space = Space.objects.prefetch_related("parts").get(pk=space.pk)
    days = facility_calendar(facility=facility, first_day=first, last_day=last, space=space)
    open_minutes: float = 0
    booked: float = 0
    for day in days:
        for entry in day.spaces:
            booked += sum((i.ends - i.starts).total_seconds() // 60 for i in entry.taken)
            open_minutes += sum((i.ends - i.starts).total_seconds() // 60 for i in entry.free + entry.taken)
    return round(booked / open_minutes, 4) if open_minutes else 0.0


def group_bookings_by_group(fiscal_year: int) -> QuerySet[Group]:
    """Confirmed or used bookings per group in a fiscal year, most first."""
    start, end = fiscal_year_range(fiscal_year)
    return (
        Group.objects.filter(
            facility_bookings__starts_at__gte=start,
            facility_bookings__starts_at__lt=end,
            facility_bookings__status__in=[BookingStatus.CONFIRMED, BookingStatus.USED],
        )
        .annotate(bookings=Count("facility_bookings"))
        .order_by("-bookings", "name_kana")
    )
