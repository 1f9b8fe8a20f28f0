"""Free-slot search across every facility booked here: the rooms that fit, with their free time on the days asked.

A fixed number of queries whatever the number of rooms and bookings: the page of rooms (with their facility,
parts, opening hours and named slots prefetched), then for the whole page one query each for the occupancies
(served by the exclusion constraint's GiST index on (space, during) WHERE is_active), the closures and the owner
windows. Free time is computed in Python from those rows; a new booking holds its cleaning buffer too, so a free
interval ends `cleaning_minutes` before the next occupancy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from groups.models import Group

from .availability import closed_reason, holiday_name, physical_space_ids
from .models import BARRIER_FREE_FIELDS, BookingMode, Closure, EquipmentType, Facility, Occupancy, OwnerWindow, Space
from .selectors import catalogue_labels

ROOMS_PER_PAGE = 20
MAX_DAYS = 31

# Named slots when a facility defines none under that name (its TimeSlot rows of the same name win).
DEFAULT_SLOTS = {
    "午前": (dt.time(9), dt.time(12)),
    "午後": (dt.time(13), dt.time(17)),
    "夜間": (dt.time(18), dt.time(21)),
}


@dataclass
class FreeSlot:
    starts: dt.datetime
    ends: dt.datetime
    book_url: str

    @property
    def label(self) -> str:
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"


@dataclass
class RoomDay:
    date: dt.date
    holiday: str | None
    free: list[FreeSlot] = field(default_factory=list)


@dataclass
class RoomResult:
    space: Space
    days: list[RoomDay]

    @property
    def facility(self) -> Facility:
        return self.space.facility

    @property
    def has_free(self) -> bool:
        return any(d.free for d in self.days)


@dataclass
class Search:
    first_day: dt.date
    last_day: dt.date
    slot: str = ""  # a name of DEFAULT_SLOTS, or "" for the time range
    time_from: dt.time | None = None
    time_to: dt.time | None = None
    people: int | None = None
    kind: str = ""
    area: int | None = None
    barrier_free: Sequence[str] = ()
    equipment: str = ""


def _facility_filter(search: Search, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}is_published": True})
    if search.kind:
        q &= Q(**{f"{prefix}kind": search.kind})
    if search.area:
        q &= Q(**{f"{prefix}area_id": search.area})
    allowed = {name for name, _label in BARRIER_FREE_FIELDS}
    q &= Q(**{f"{prefix}{name}": True for name in search.barrier_free if name in allowed})
    return q


def _equipment_filter(term: str, facility_ref: str) -> Q:
    """Rooms with the equipment built in, or at a facility lending it."""
    lent = EquipmentType.objects.filter(facility=OuterRef(facility_ref), is_active=True, name__icontains=term)
    return Q(equipment__icontains=term) | Q(Exists(lent))


def matching_rooms(search: Search) -> QuerySet[Space]:
    """Active rooms of published facilities booked on this site that fit the search, in the catalogue's order."""
    qs = Space.objects.filter(_facility_filter(search, "facility__"), is_active=True).filter(
        facility__booking_mode=BookingMode.HERE
    )
    if search.people:
        qs = qs.filter(capacity__gte=search.people)
    if search.equipment:
        qs = qs.filter(_equipment_filter(search.equipment, "facility_id"))
    return qs.order_by("facility__sort_order", "facility__name_kana", "facility_id", "sort_order", "id")


def elsewhere_facilities(search: Search) -> QuerySet[Facility]:
    """Published facilities booked on another site or by phone that fit the search, with their labels."""
    qs = Facility.objects.filter(_facility_filter(search)).exclude(booking_mode=BookingMode.HERE)
    rooms = Space.objects.filter(facility=OuterRef("pk"), is_active=True)
    if search.people:
        rooms = rooms.filter(capacity__gte=search.people)
    if search.equipment:
        rooms = rooms.filter(_equipment_filter(search.equipment, "facility_id"))
    if search.people or search.equipment:
        # A facility that lists no rooms may still fit: its own site or desk knows.
        unlisted = ~Exists(Space.objects.filter(facility=OuterRef("pk"), is_active=True))
        qs = qs.filter(Q(Exists(rooms)) | unlisted)
    return (
        qs.only("name", "booking_mode", "booking_url", "booking_phone", "phone")
        .annotate(**catalogue_labels())
        .order_by("sort_order", "name_kana", "id")
    )


def _window(search: Search, facility: Facility) -> tuple[dt.time, dt.time] | None:
    """The part of the day asked for at this facility: its own slot of that name, the default one, or the range."""
    if search.slot:
        own = next((s for s in facility.time_slots.all() if s.name == search.slot), None)
        return (own.starts, own.ends) if own else DEFAULT_SLOTS.get(search.slot)
    return search.time_from or dt.time(0), search.time_to or dt.time(23, 59)


def _gaps(opens: dt.datetime, closes: dt.datetime, held: list[tuple[dt.datetime, dt.datetime]], buffer):
    """Times a booking may take within [opens, closes): before each occupancy less the cleaning buffer."""
    out, cursor = [], opens
    for starts, ends in sorted(held):
        if starts > cursor:
            out.append((cursor, min(starts - buffer, closes)))
        cursor = max(cursor, ends)
    if cursor < closes:
        out.append((cursor, closes))
    return [(a, b) for a, b in out if a < b]


def _on_grid(value: dt.datetime, step: int, *, up: bool) -> dt.datetime:
    minutes = value.hour * 60 + value.minute + (1 if value.second or value.microsecond else 0)
    rest = minutes % step
    if rest:
        minutes += step - rest if up else -rest
    day = dt.datetime.combine(value.date(), dt.time(0), tzinfo=value.tzinfo)
    return day + dt.timedelta(minutes=minutes)


def _book_url(base: str, space: Space, day: dt.date, starts: dt.datetime, ends: dt.datetime, slot_pk, people):
    params = {"space": space.pk, "date": day.isoformat()}
    if slot_pk:
        params["slot"] = slot_pk
    else:
        params |= {"start": f"{starts:%H:%M}", "end": f"{ends:%H:%M}"}
    if people:
        params["attendees"] = people
    return f"{base}{space.facility_id}/book/?{urlencode(params)}"


def _registered_booker(user) -> bool:
    return Group.objects.managed_by(user).public().exists()


def search_rooms(search: Search, *, user, page_number) -> tuple[Page, list[RoomResult]]:
    """One page of matching rooms with, for each day searched, the free slots inside the time asked for."""
    tz = timezone.get_current_timezone()
    rooms = (
        matching_rooms(search)
        .select_related("facility", "facility__area")
        .prefetch_related("parts", "facility__opening_hours", "facility__time_slots")
    )
    page = Paginator(rooms, ROOMS_PER_PAGE).get_page(page_number)
    spaces: list[Space] = list(page.object_list)
    if not spaces:
        return page, []
    facilities = {s.facility_id: s.facility for s in spaces}
    physical = {s.pk: physical_space_ids(s) for s in spaces}
    start = dt.datetime.combine(search.first_day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(search.last_day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    held: dict[tuple[int, dt.date], list[tuple[dt.datetime, dt.datetime]]] = {}
    occupancies = Occupancy.objects.overlapping(
        {pk for ids in physical.values() for pk in ids}, DateTimeTZRange(start, end, "[)")
    ).values_list("space_id", "during")
    for space_id, during in occupancies:
        lower, upper = during.lower.astimezone(tz), during.upper.astimezone(tz)
        for day in {lower.date(), upper.date()}:  # a cleaning buffer may reach past midnight
            held.setdefault((space_id, day), []).append((lower, upper))
    closures: dict[int, list[Closure]] = {pk: [] for pk in facilities}
    for closure in Closure.objects.filter(
        facility_id__in=facilities, first_day__lte=search.last_day, last_day__gte=search.first_day
    ):
        closures[closure.facility_id].append(closure)
    windowed = [pk for pk, f in facilities.items() if f.uses_owner_windows]
    windows: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {pk: [] for pk in windowed}
    if windowed:
        for w in OwnerWindow.objects.filter(facility_id__in=windowed, starts_at__lt=end, ends_at__gt=start):
            windows[w.facility_id].append((w.starts_at.astimezone(tz), w.ends_at.astimezone(tz)))
    context = _Context(registered=_registered_booker(user), now=timezone.localtime(), tz=tz)
    context.closures, context.windows = closures, windows
    base = reverse("facilities:facility_list")
    days = [search.first_day + dt.timedelta(days=n) for n in range((search.last_day - search.first_day).days + 1)]
    results = []
    for space in spaces:
        room_days = []
        for day in days:
            taken = sorted({t for pk in physical[space.pk] for t in held.get((pk, day), ())})
            room_day = RoomDay(day, holiday_name(day))
            room_day.free = [
                FreeSlot(s, e, _book_url(base, space, day, s, e, slot_pk, search.people))
                for s, e, slot_pk in _free_on(search, space.facility, day, taken, context)
            ]
            room_days.append(room_day)
        results.append(RoomResult(space, room_days))
    return page, results


@dataclass
class _Context:
    registered: bool
    now: dt.datetime
    tz: dt.tzinfo
    closures: dict = field(default_factory=dict)
    windows: dict = field(default_factory=dict)


def _free_on(search: Search, facility: Facility, day: dt.date, taken, context: _Context):
    """(start, end, named slot id or None) of each free slot of a room on a day within the time asked for."""
    tz, now = context.tz, context.now
    window = _window(search, facility)
    advance = facility.advance_days_registered if context.registered else facility.advance_days_other
    if window is None or day > now.date() + dt.timedelta(days=advance):
        return []
    if closed_reason(facility, day, closures=context.closures[facility.pk]):
        return []
    h = next((h for h in facility.opening_hours.all() if h.weekday == day.weekday()), None)
    opens = dt.datetime.combine(day, h.opens if h else dt.time(0), tzinfo=tz)
    closes = dt.datetime.combine(day, h.closes, tzinfo=tz) if h else opens + dt.timedelta(days=1)
    step = facility.step_minutes or 30
    wanted = (dt.datetime.combine(day, window[0], tzinfo=tz), dt.datetime.combine(day, window[1], tzinfo=tz))
    lo, hi = max(opens, wanted[0], _on_grid(now, step, up=True)), min(closes, wanted[1])
    slot_pk = None
    if search.slot:
        if (lo, hi) != wanted:
            return []  # the slot is not wholly within the opening hours, or it has begun
        slot_pk = next((s.pk for s in facility.time_slots.all() if s.name == search.slot), None)
    spans = [(lo, hi)]
    if facility.uses_owner_windows:
        spans = [(max(lo, a), min(hi, b)) for a, b in context.windows[facility.pk]]
    buffer = dt.timedelta(minutes=facility.cleaning_minutes)
    out = []
    for a, b in spans:
        if a >= b:
            continue
        for gap_start, gap_end in _gaps(a, b, taken, buffer):
            s, e = _on_grid(gap_start, step, up=True), _on_grid(gap_end, step, up=False)
            if search.slot and (s > a or e < b):
                continue  # a named slot is offered only when all of it is free
            if e - s < dt.timedelta(minutes=facility.min_minutes):
                continue
            out.append((s, min(e, s + dt.timedelta(minutes=facility.max_minutes)), slot_pk))
    return out
