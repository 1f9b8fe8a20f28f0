"""Utilisation of the rooms for staff, officials and the plan: booked hours ÷ open hours per facility, room and
month of a fiscal year, by slot (午前/午後/夜間 by start time) and by kind of user, with no-shows and cancellations.

Booked time is summed by PostgreSQL (three aggregate queries over the year's bookings, whatever their number);
open time is computed from the opening hours, closures, public holidays and owner windows of the facilities
(a handful of rows). Booked means confirmed, used or no-show; a divisible hall counts as a room of its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, Sum, Value, When
from django.db.models.functions import ExtractHour, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.core.fiscal import fiscal_year_range
from groups.models.register import PUBLIC_STATUSES

from .availability import closed_reason
from .models import Booking as BookingModel
from .models import BookingMode, BookingStatus, Closure, Facility, OwnerWindow, Space

BOOKED = (BookingStatus.CONFIRMED, BookingStatus.USED, BookingStatus.NO_SHOW)
SLOTS = {"morning": _("午前"), "afternoon": _("午後"), "evening": _("夜間")}  # start before 12:00 / 17:00 / later
USER_KINDS = {"registered": _("登録団体"), "other_group": _("その他の団体"), "citizen": _("個人（市民）")}


@dataclass
class Figures:
    booked_minutes: int = 0
    open_minutes: int = 0
    bookings: int = 0
    no_shows: int = 0
    cancellations: int = 0

    def add(self, other: Figures) -> None:
        for name in ("booked_minutes", "open_minutes", "bookings", "no_shows", "cancellations"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def rate(self) -> float | None:
        """Booked share of the open time, 0..1 (None when the room was never open)."""
        return round(self.booked_minutes / self.open_minutes, 4) if self.open_minutes else None

    @property
    def percent(self) -> str:
        """The rate as a percentage with one decimal ("" when never open)."""
        return "" if self.rate is None else f"{self.rate * 100:.1f}"

    @property
    def booked_hours(self) -> float:
        return round(self.booked_minutes / 60, 1)

    @property
    def open_hours(self) -> float:
        return round(self.open_minutes / 60, 1)


@dataclass
class RoomRow:
    space: Space
    months: list[Figures]
    total: Figures = field(default_factory=Figures)


@dataclass
class FacilityRow:
    facility: Facility
    rooms: list[RoomRow]
    months: list[Figures]
    total: Figures = field(default_factory=Figures)
    by_slot: dict[str, Figures] = field(default_factory=dict)
    by_user: dict[str, Figures] = field(default_factory=dict)


@dataclass
class Report:
    fiscal_year: int
    months: list[dt.date]
    facilities: list[FacilityRow]
    total: Figures


def _duration():
    return Sum(
        ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField()), filter=Q(status__in=BOOKED)
    )


def _minutes(value: dt.timedelta | None) -> int:
    return int(value.total_seconds() // 60) if value else 0


def _open_minutes(facility: Facility, day: dt.date, closures, windows, tz) -> int:
    """Minutes a room of the facility could be booked on a day (opening hours, or the owner's windows)."""
    if closed_reason(facility, day, closures=closures):
        return 0
    h = next((h for h in facility.opening_hours.all() if h.weekday == day.weekday()), None)
    opens = dt.datetime.combine(day, h.opens if h else dt.time(0), tzinfo=tz)
    closes = dt.datetime.combine(day, h.closes, tzinfo=tz) if h else opens + dt.timedelta(days=1)
    if not facility.uses_owner_windows:
        return _minutes(closes - opens)
    return sum(_minutes(min(closes, b) - max(opens, a)) for a, b in windows if a < closes and b > opens)


def utilisation(fiscal_year: int, *, facility_id: int | None = None, center_only: bool = False) -> Report:
    """The year's utilisation of the rooms of facilities booked on this site (or of one facility)."""
    tz = timezone.get_current_timezone()
    start, end = fiscal_year_range(fiscal_year)
    months = [dt.date(fiscal_year + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
    qs = Facility.objects.filter(booking_mode=BookingMode.HERE).prefetch_related(
        "opening_hours", Prefetch("spaces", queryset=Space.objects.order_by("sort_order", "id"))
    )
    if facility_id:
        qs = qs.filter(pk=facility_id)
    if center_only:
        qs = qs.filter(is_center=True)
    facilities = list(qs.order_by("sort_order", "name_kana", "id"))
    ids = [f.pk for f in facilities]
    closures: dict[int, list] = {pk: [] for pk in ids}
    for c in Closure.objects.filter(facility_id__in=ids, first_day__lt=end.date(), last_day__gte=start.date()):
        closures[c.facility_id].append(c)
    windows: dict[int, list] = {pk: [] for pk in ids}
    for w in OwnerWindow.objects.filter(facility_id__in=ids, starts_at__lt=end, ends_at__gt=start):
        windows[w.facility_id].append((w.starts_at.astimezone(tz), w.ends_at.astimezone(tz)))

    year = BookingModel.objects.filter(space__facility__in=ids, starts_at__gte=start, starts_at__lt=end)
    monthly = (
        year.annotate(month=TruncMonth("starts_at", tzinfo=tz))
        .values("space_id", "month")
        .annotate(
            booked=_duration(),
            bookings=Count("id", filter=Q(status__in=BOOKED)),
            no_shows=Count("id", filter=Q(status=BookingStatus.NO_SHOW)),
            cancellations=Count("id", filter=Q(status=BookingStatus.CANCELLED)),
        )
        .order_by()
    )
    by_room: dict[tuple[int, dt.date], Figures] = {}
    for rec in monthly:
        month = timezone.localtime(rec["month"], tz).date() if isinstance(rec["month"], dt.datetime) else rec["month"]
        by_room[rec["space_id"], month] = Figures(
            _minutes(rec["booked"]), 0, rec["bookings"], rec["no_shows"], rec["cancellations"]
        )
    hour = ExtractHour("starts_at", tzinfo=tz)
    slot = Case(
        When(Q(hour__lt=12), then=Value("morning")),
        When(Q(hour__lt=17), then=Value("afternoon")),
        default=Value("evening"),
    )
    kind = Case(
        When(group__isnull=True, then=Value("citizen")),
        When(group__status__in=sorted(PUBLIC_STATUSES), then=Value("registered")),
        default=Value("other_group"),
    )
    slots: dict[tuple[int, str], Figures] = {}
    for srec in (
        year.annotate(hour=hour, slot=slot)
        .values("space__facility_id", "slot")
        .annotate(booked=_duration(), bookings=Count("id", filter=Q(status__in=BOOKED)))
        .order_by()
    ):
        slots[srec["space__facility_id"], srec["slot"]] = Figures(_minutes(srec["booked"]), 0, srec["bookings"])
    kinds: dict[tuple[int, str], Figures] = {}
    for krec in (
        year.annotate(kind=kind)
        .values("space__facility_id", "kind")
        .annotate(
            booked=_duration(),
            bookings=Count("id", filter=Q(status__in=BOOKED)),
            no_shows=Count("id", filter=Q(status=BookingStatus.NO_SHOW)),
            cancellations=Count("id", filter=Q(status=BookingStatus.CANCELLED)),
        )
        .order_by()
    ):
        kinds[krec["space__facility_id"], krec["kind"]] = Figures(
            _minutes(krec["booked"]), 0, krec["bookings"], krec["no_shows"], krec["cancellations"]
        )

    total = Figures()
    rows = []
    for facility in facilities:
        open_by_month = []
        for first in months:
            last = calendar.monthrange(first.year, first.month)[1]
            open_by_month.append(
                sum(
                    _open_minutes(facility, first.replace(day=d), closures[facility.pk], windows[facility.pk], tz)
                    for d in range(1, last + 1)
                )
            )
        rooms = []
        facility_months = [Figures() for _ in months]
        for space in facility.spaces.all():
            room = RoomRow(space, [])
            for i, first in enumerate(months):
                figures = by_room.get((space.pk, first), Figures())
                figures.open_minutes = open_by_month[i] if space.is_active or figures.booked_minutes else 0
                room.months.append(figures)
                room.total.add(figures)
                facility_months[i].add(figures)
            rooms.append(room)
        row = FacilityRow(facility, rooms, facility_months)
        for figures in facility_months:
            row.total.add(figures)
        row.by_slot = {key: slots.get((facility.pk, key), Figures()) for key in SLOTS}
        row.by_user = {key: kinds.get((facility.pk, key), Figures()) for key in USER_KINDS}
        total.add(row.total)
        rows.append(row)
    return Report(fiscal_year, months, rows, total)


def center_occupancy(fiscal_year: int) -> float:
    """Occupancy rate (%) of the rooms of the civic-activity center (is_center) in a fiscal year."""
    return round((utilisation(fiscal_year, center_only=True).total.rate or 0) * 100, 1)
