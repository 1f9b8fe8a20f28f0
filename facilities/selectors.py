"""Reads for pages, feeds, open data and the plan indicators. Objects named by a URL are fetched with a check."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.fiscal import fiscal_year_range
from groups.models import Group

from .availability import closed_reason, holiday_name, physical_space_ids
from .models import (
    BARRIER_FREE_FIELDS,
    Booking,
    BookingMode,
    BookingStatus,
    DayType,
    EquipmentItem,
    EquipmentType,
    ExemptionRule,
    ExemptionState,
    Facility,
    FacilityKind,
    FacilityPhoto,
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
    """Published facilities, filtered by kind, area, a room of at least `capacity`, and barrier-free features.

    Each row carries its largest room and, in the active language, the labels the catalogue shows (kind_label,
    booking_mode_label, barrier_free_text), computed by PostgreSQL rather than per row in the template.
    """
    qs = (
        Facility.objects.filter(is_published=True)
        .select_related("area")
        .only("name", "area")  # the columns the catalogue shows beside the annotations
        .annotate(max_capacity=Max("spaces__capacity"), **catalogue_labels())
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


class ConcatWS(Func):
    """PostgreSQL's concat_ws(separator, ...): the non-null texts joined by the first argument."""

    function = "CONCAT_WS"
    output_field = CharField()


def _choice_label(field: str, choices) -> Case:
    return Case(*(When(**{field: value}, then=Value(str(label))) for value, label in choices), default=Value(""))


def catalogue_labels() -> dict:
    """Annotations with a facility's kind, booking mode and barrier-free features as text in the active language."""
    features = [
        Case(When(**{name: True}, then=Value(str(label))), default=Value(None), output_field=CharField())
        for name, label in BARRIER_FREE_FIELDS
    ]
    return {
        "kind_label": _choice_label("kind", FacilityKind.choices),
        "booking_mode_label": _choice_label("booking_mode", BookingMode.choices),
        "barrier_free_text": ConcatWS(Value("、"), *features),
    }


# The related rows facility_get can fetch, by name; each page asks only for what it shows.
_FACILITY_RELATED: dict[str, str | Prefetch] = {
    "spaces": Prefetch("spaces", queryset=Space.objects.prefetch_related("parts")),
    "rooms": "spaces",  # the spaces without their parts, where nothing is checked against other bookings
    "opening_hours": "opening_hours",
    "time_slots": "time_slots",
    "photos": "photos",  # all of the facility's photos, its rooms' included (FacilityPhoto.facility is required)
    "equipment_types": Prefetch("equipment_types", queryset=EquipmentType.objects.filter(is_active=True)),
}
FACILITY_PAGE = ("spaces", "opening_hours", "photos", "equipment_types")
CALENDAR = ("spaces", "opening_hours")
BOOKING_FORM = ("rooms", "opening_hours", "time_slots", "equipment_types")
BOOKING_CHECK = ("spaces", "opening_hours", "time_slots", "equipment_types")  # the form, previewing a booking
LOAN_FORM = ("equipment_types",)


def facility_get(*, user: Visitor, pk: int, related: Sequence[str] = FACILITY_PAGE) -> Facility:
    """A facility the user may see (published, or any for staff) with the `related` rows; Http404 otherwise."""
    qs = Facility.objects.select_related("area").prefetch_related(*(_FACILITY_RELATED[name] for name in related))
    if not is_center_staff(user):
        qs = qs.filter(is_published=True)
    try:
        return qs.get(pk=pk)
    except Facility.DoesNotExist as exc:
        raise Http404 from exc


def attach_space_photos(facility: Facility) -> list[FacilityPhoto]:
    """The facility's own photos; each room's go to its `room_photos` (all fetched with the facility's photos)."""
    by_space: dict[int | None, list[FacilityPhoto]] = {}
    for photo in facility.photos.all():
        by_space.setdefault(photo.space_id, []).append(photo)
    for space in facility.spaces.all():
        space.room_photos = by_space.get(space.pk, [])
    return by_space.get(None, [])


def facility_choices() -> QuerySet[Facility]:
    """Published facilities by name only, in the catalogue's order (the front desk's picker)."""
    return Facility.objects.filter(is_published=True).only("name").order_by("sort_order", "name_kana", "id")


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

    @property
    def label(self) -> str:
        """The interval as the calendars show it, 09:00–12:00 (local times)."""
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"


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
    past: bool = False  # over (or today, only its free time still ahead is offered)

    @property
    def free_minutes(self) -> int:
        return int(sum((i.ends - i.starts).total_seconds() // 60 for s in self.spaces for i in s.free))

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    @property
    def has_free(self) -> bool:
        return any(s.free for s in self.spaces)

    @property
    def taken(self) -> list[tuple[str, str]]:
        """Every taken interval of the day as (label, room name), room by room (the month grid's list)."""
        return [(t.label, s.space.name) for s in self.spaces for t in s.taken]

    @property
    def css(self) -> str:
        return " ".join(name for name, on in (("other-month", not self.in_month), ("closed", self.closed)) if on)


def _free(opens: dt.datetime, closes: dt.datetime, taken: list[Interval]) -> list[Interval]:
    free, cursor = [], opens
    for t in taken:  # sorted by start
        if t.starts > cursor:
            free.append(Interval(cursor, min(t.starts, closes)))
        cursor = max(cursor, t.ends)
    if cursor < closes:
        free.append(Interval(cursor, closes))
    return [f for f in free if f.starts < f.ends]


def _taken_by_space_and_day(space_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[tuple, list]:
    """Active occupancies of the rooms in [start, end) as (space id, local day) -> [(starts, ends)].

    Read from the occupancies through their GiST index (space, during); each booking's own times come from a
    subquery by its key, never a join the planner could turn into a scan of every booking of a busy facility.
    """
    booking = Booking.objects.filter(pk=OuterRef("booking_id"))
    rows = Occupancy.objects.overlapping(space_ids, DateTimeTZRange(start, end, "[)")).values_list(
        "space_id",
        Subquery(booking.values("starts_at")[:1]),
        Subquery(booking.values("ends_at")[:1]),
    )
    tz = timezone.get_current_timezone()
    out: dict[tuple, list] = {}
    for space_id, starts, ends in rows:
        starts, ends = starts.astimezone(tz), ends.astimezone(tz)
        out.setdefault((space_id, starts.date()), []).append((starts, ends))
    return out


def facility_calendar(
    *, facility: Facility, first_day: dt.date, last_day: dt.date, space: Space | None = None, month: int | None = None
) -> list[Day]:
    """Days with each space's taken (予約済, anonymous) and free intervals; a fixed number of queries.

    Expects `facility` from facility_get with CALENDAR (spaces, parts, opening hours prefetched); reads the
    occupancies, the closures and, for a facility lent in owner windows, those windows.
    """
    tz = timezone.get_current_timezone()
    spaces = [space] if space else [s for s in facility.spaces.all() if s.is_active]
    physical = {s.pk: physical_space_ids(s) for s in spaces}
    start = dt.datetime.combine(first_day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    taken_at = _taken_by_space_and_day({pk for ids in physical.values() for pk in ids}, start, end)
    closures = list(facility.closures.filter(first_day__lte=last_day, last_day__gte=first_day))
    windows = (
        [
            (timezone.localtime(w.starts_at), timezone.localtime(w.ends_at))
            for w in facility.owner_windows.filter(starts_at__lt=end, ends_at__gt=start)
        ]
        if facility.uses_owner_windows
        else []
    )
    hours = {h.weekday: h for h in facility.opening_hours.all()}
    now = timezone.localtime()
    # Time already gone is not offered: today's free time starts at the next step of the booking grid.
    step = dt.timedelta(minutes=facility.step_minutes or 30)
    today_midnight = dt.datetime.combine(now.date(), dt.time(0), tzinfo=tz)
    next_step = today_midnight + -((today_midnight - now) // step) * step
    days = []
    day = first_day
    while day <= last_day:
        reason = closed_reason(facility, day, closures=closures)
        past = day < now.date()
        if not reason:
            h = hours.get(day.weekday())
            opens = dt.datetime.combine(day, h.opens if h else dt.time(0), tzinfo=tz)
            closes = dt.datetime.combine(day, h.closes, tzinfo=tz) if h else opens + dt.timedelta(days=1)
            if day == now.date():
                opens = max(opens, next_step)
                past = opens >= closes
        space_days = []
        for s in spaces:
            # A divisible hall's parts hold the same booking: each interval once.
            times = {t for pk in physical[s.pk] for t in taken_at.get((pk, day), ())}
            entry = SpaceDay(s, [Interval(a, b) for a, b in sorted(times)])
            if not reason and not past:
                if facility.uses_owner_windows:
                    for w_starts, w_ends in windows:
                        ws, we = max(opens, w_starts), min(closes, w_ends)
                        if ws < we:
                            entry.free += _free(ws, we, entry.taken)
                else:
                    entry.free = _free(opens, closes, entry.taken)
            space_days.append(entry)
        days.append(Day(day, month is None or day.month == month, reason, holiday_name(day), space_days, past))
        day += dt.timedelta(days=1)
    return days


def month_weeks(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day shown for a month grid (Monday-first weeks)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return weeks[0][0], weeks[-1][-1]


def fee_schedule() -> dict:
    """Everything /facilities/fees/ publishes, read from the rows the calculator uses: per space and time band the
    weekday and holiday hourly fees, equipment fees, and the exemption rules.

    The bands come grouped by PostgreSQL (one row per space and band, both day types side by side); each space's
    list is in `fee_bands`, with its hours as text ("09:00〜12:00").
    """
    facilities = list(
        Facility.objects.filter(is_published=True, booking_mode=BookingMode.HERE).prefetch_related(
            Prefetch("spaces", queryset=Space.objects.filter(is_active=True).only("facility_id", "name")),
            Prefetch("equipment_types", queryset=EquipmentType.objects.filter(is_active=True)),
        )
    )
    weekday, holiday = Q(day_type=DayType.WEEKDAY), Q(day_type=DayType.HOLIDAY)
    bands = (
        FeeRate.objects.filter(space__facility__in=[f.pk for f in facilities], space__is_active=True)
        .values("space_id", "starts", "ends")
        # The label the schedule shows first for the band (holiday rates sort before weekday ones).
        .annotate(
            label=Coalesce(Max("label", filter=holiday), Max("label", filter=weekday)),
            weekday=Max("hourly_fee", filter=weekday),
            holiday=Max("hourly_fee", filter=holiday),
        )
        .order_by("space_id", "starts", "ends")
    )
    by_space: dict[int, list[dict]] = {}
    for band in bands:
        row = {**band, "hours": f"{band['starts']:%H:%M}〜{band['ends']:%H:%M}"}
        by_space.setdefault(band["space_id"], []).append(row)
    for facility in facilities:
        for space in facility.spaces.all():
            space.fee_bands = by_space.get(space.pk, [])
    return {"facilities": facilities, "rules": ExemptionRule.objects.filter(is_active=True)}


_LOANS = Prefetch("loans", queryset=Loan.objects.select_related("equipment_type"))


def _bookings() -> BookingQuerySet:
    return Booking.objects.select_related("space__facility", "group", "user", "exemption_rule")


def booking_list_for_user(*, user: User, managed: Sequence[int], upto: int) -> QuerySet[Booking]:
    """The `upto` newest bookings the user made or that belong to the groups they manage (`managed`, the ids from
    managed_groups), newest first, with their status_label.

    The user's and the groups' newest bookings are each read through their own index and merged (a UNION of two
    short lists): with an OR, PostgreSQL walked every booking of the city by date until a page was full.
    """
    newest = ("-starts_at", "-id")
    own = Booking.objects.filter(user=user).order_by(*newest).values("pk")[:upto]
    groups = Booking.objects.filter(group__in=managed).order_by(*newest).values("pk")[:upto]
    return (
        Booking.objects.filter(pk__in=own.union(groups))
        .select_related("space__facility", "group")
        .only(
            "starts_at",
            "ends_at",
            "status",
            "final_price",
            "exemption_state",
            "space__name",
            "space__facility__name",
            "group__name",
        )
        .annotate(status_label=_choice_label("status", BookingStatus.choices))
        .order_by(*newest)
    )


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


# What the front desk shows of a booking and of a loan (with the rows they are joined to).
_DESK_BOOKING_FIELDS = (
    "starts_at", "ends_at", "status", "purpose", "expected_attendees", "exemption_state", "exemption_evidence",
    "space__name", "space__facility__name", "group__name", "user__full_name", "exemption_rule__name",
)  # fmt: skip
_DESK_LOAN_FIELDS = (
    "quantity", "starts_at", "ends_at", "status", "equipment_type__name", "group__name", "user__full_name",
)  # fmt: skip


def front_desk(*, day: dt.date, facility: Facility | None = None) -> dict:
    """Staff front desk: the day's bookings to confirm or check in, loans to hand over and to take back.

    Only the columns the page shows are read, and the status labels come with the rows (status_label,
    exemption_state_label), so a busy day's hundreds of rows stay cheap to build and render.
    """
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    loans_of_booking = Prefetch(
        "loans",
        queryset=Loan.objects.select_related("equipment_type").only("booking", "quantity", "equipment_type__name"),
    )
    desk_bookings = (
        Booking.objects.select_related("space__facility", "group", "user", "exemption_rule")
        .only(*_DESK_BOOKING_FIELDS)
        .annotate(
            status_label=_choice_label("status", BookingStatus.choices),
            exemption_state_label=_choice_label("exemption_state", ExemptionState.choices),
        )
        .prefetch_related(loans_of_booking)
    )
    bookings = desk_bookings.active().filter(starts_at__gte=start, starts_at__lt=end)
    loans = (
        Loan.objects.select_related("equipment_type", "user", "group")
        .only(*_DESK_LOAN_FIELDS)
        .annotate(status_label=_choice_label("status", LoanStatus.choices))
    )
    items = Prefetch(
        "equipment_type__items",
        queryset=EquipmentItem.objects.filter(is_active=True).only("equipment_type", "serial_number"),
    )
    hand_over = loans.filter(status=LoanStatus.RESERVED, starts_at__lt=end).prefetch_related(items)
    # A whole-day loan ends at the next midnight: it is taken back on its own day.
    take_back = loans.open().filter(ends_at__lte=end)
    requested = desk_bookings.filter(status=BookingStatus.REQUESTED, starts_at__gte=start)
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


def facility_feed_bookings(*, facility: Facility, now: dt.datetime | None = None) -> QuerySet:
    """Active bookings of a facility from 30 days ago to a year ahead, for its public feed: rows of
    (pk, starts_at, ends_at, room name), as public_facility_ics writes them."""
    now = now or timezone.now()
    return (
        Booking.objects.live()
        .filter(space__facility=facility)
        .filter(starts_at__gte=now - dt.timedelta(days=30), starts_at__lt=now + dt.timedelta(days=366))
        .order_by("starts_at")
        .values_list("pk", "starts_at", "ends_at", "space__name")
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


def managed_groups(*, user: User) -> list[Group]:
    """Every group the user manages (registered or not) with its private calendar, by name."""
    return list(Group.objects.managed_by(user).select_related("facility_calendar").order_by("name_kana", "id"))


def group_calendars(groups: Sequence[Group]) -> list[tuple[Group, GroupCalendar | None]]:
    """The registered groups among `groups` with their private calendar (None until one is issued)."""
    return [(g, getattr(g, "facility_calendar", None)) for g in groups if g.is_public]


def group_feed_bookings(*, group: Group) -> QuerySet[Booking]:
    """A group's requested and confirmed bookings, for its private feed."""
    return _bookings().live().filter(group=group).order_by("starts_at")


def opendata_facilities() -> QuerySet[Facility]:
    """Published facilities for the 公共施設一覧 files, with opening hours, active rooms' fee rates and photos."""
    return (
        Facility.objects.filter(is_published=True)
        .prefetch_related(
            "opening_hours",
            Prefetch("spaces", queryset=Space.objects.filter(is_active=True).prefetch_related("fee_rates")),
            "photos",
        )
        .order_by("pk")
    )


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
