"""Bookings over the years: cells (room, day, 午前/午後/夜間) drawn without repeats, so none overlap by construction.

Each booking holds its rooms with occupancies exactly as booking_create writes them (the hall holds both halves,
the cleaning buffer included), so the exclusion constraint checks every generated row. Prices come from the real
fee calculator; a few bookings borrow the projector, never more than the stock at once. One room of the center is
booked every slot of every open day, projector included, so the front desk has work at any size and on any day.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from django.utils import timezone

from facilities.availability import holiday_name, is_holiday_day_type
from facilities.models import (
    ACTIVE_BOOKING_STATUSES,
    Booking,
    BookingStatus,
    BookingStatusChange,
    ExemptionState,
    Loan,
    LoanStatus,
    LoanStatusChange,
    Occupancy,
)
from facilities.pricing import Quote, room_fee

from .accounts import People
from .bulk import copy_links, copy_rows, copy_tuples, reserve_ids
from .facilities import SLOTS, Catalogue, FacilityRow, SpaceRow
from .groups import Register

if TYPE_CHECKING:
    from facilities.models import Space

B = BookingStatus
PURPOSES = ["定例会", "打合せ", "練習", "講座", "総会", "学習会", "作業", "交流会", "研修会", "役員会"]
PAST = [(B.USED, 78), (B.NO_SHOW, 3), (B.CANCELLED, 12), (B.DECLINED, 4), (B.CONFIRMED, 3)]
FUTURE = [(B.REQUESTED, 30), (B.CONFIRMED, 56), (B.CANCELLED, 12), (B.PROVISIONAL, 2)]  # provisional: a lottery win
PATHS = {
    B.REQUESTED: [B.REQUESTED],
    B.PROVISIONAL: [B.PROVISIONAL],
    B.CONFIRMED: [B.REQUESTED, B.CONFIRMED],
    B.USED: [B.REQUESTED, B.CONFIRMED, B.USED],
    B.NO_SHOW: [B.REQUESTED, B.CONFIRMED, B.NO_SHOW],
    B.DECLINED: [B.REQUESTED, B.DECLINED],
    B.CANCELLED: [B.REQUESTED, B.CONFIRMED, B.CANCELLED],
}
ADVANCE_DAYS = 90


def _open_days(facility: FacilityRow, first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        closed = any(a <= day <= b for a, b in facility.closures)
        if (
            day.weekday() in facility.open_days
            and not closed
            and not (facility.closed_on_holidays and holiday_name(day))
        ):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _weighted(rng, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def _daily_room(catalogue: Catalogue) -> tuple[FacilityRow, SpaceRow] | None:
    """The center's meeting room that is booked every slot of every open day (with the projector)."""
    for facility in catalogue.bookable:
        rooms = [s for s in facility.spaces if not s.parts]
        if facility.projector and rooms:
            return facility, rooms[-1]
    return None


def _cells(rng, catalogue: Catalogue, count: int, first: dt.date, last: dt.date, today: dt.date):
    """`count` distinct (facility, space, day, slot) cells: the daily room's (the days nearest today, up to a
    quarter of them), then a random draw of the rest (less the hall's cells whose halves are also taken).
    Returns the cells and the daily room's id."""
    daily = _daily_room(catalogue)
    forced = []
    if daily:
        facility, room = daily
        forced = [
            (facility, room, day, slot) for day in _open_days(facility, first, last) for slot in range(len(SLOTS))
        ]
        forced = sorted(forced, key=lambda cell: abs((cell[2] - today).days))[: count // 4]
        daily_days = {(day, slot) for _f, _r, day, slot in forced}
    blocks = []
    for facility in catalogue.bookable:
        days = _open_days(facility, first, last)
        blocks.append((facility, days, len(days) * len(facility.spaces) * len(SLOTS)))
    total = sum(size for _f, _d, size in blocks)
    picked = sorted(rng.sample(range(total), min(count - len(forced), total)))
    cells, offset, blocks_iter = list(forced), 0, iter(blocks)
    facility, days, size = next(blocks_iter)
    for index in picked:
        while index >= offset + size:
            offset += size
            facility, days, size = next(blocks_iter)
        local = index - offset
        per_day = len(facility.spaces) * len(SLOTS)
        day, rest = divmod(local, per_day)
        space, slot = divmod(rest, len(SLOTS))
        if not (daily and facility.spaces[space] is daily[1] and (days[day], slot) in daily_days):
            cells.append((facility, facility.spaces[space], days[day], slot))
    taken = {(s.id, d, t) for _f, s, d, t in cells}
    kept = [c for c in cells if not any((part, c[2], c[3]) in taken for part in c[1].parts)]
    return kept, daily[1].id if daily else None


def _times(rng, day: dt.date, slot: int, tz) -> tuple[dt.datetime, dt.datetime]:
    """The whole slot, or (one time in three) a shorter stretch inside it in half hours."""
    _label, opens, closes = SLOTS[slot]
    start, end = opens.hour * 60, closes.hour * 60
    if rng.random() < 0.35:
        length = rng.randrange(60, end - start, 30)
        start += rng.randrange(0, end - start - length + 1, 30)
        end = start + length
    combine = dt.datetime.combine
    return (
        combine(day, dt.time(start // 60, start % 60), tzinfo=tz),
        combine(day, dt.time(end // 60, end % 60), tzinfo=tz),
    )


def generate(
    *,
    rng: random.Random,
    count: int,
    years: int,
    catalogue: Catalogue,
    register: Register,
    people: People,
    now: dt.datetime,
) -> int:
    """About `count` bookings from ADVANCE_DAYS ahead back over `years` years, with occupancies, logs and loans."""
    tz = timezone.get_current_timezone()
    today = timezone.localtime(now).date()
    last = today + dt.timedelta(days=ADVANCE_DAYS - 1)
    cells, daily_room = _cells(rng, catalogue, count, last - dt.timedelta(days=365 * years - 1), last, today)
    rng.shuffle(cells)
    public = register.public
    frequent = public[: max(1, len(public) // 3)]  # a third of the groups book most of the rooms
    individuals = people.volunteers + people.managers
    registered_rule = catalogue.rules["registered-group"]
    applied_rule = catalogue.rules["public-interest"]
    ids = reserve_ids(Booking, len(cells))
    fees: dict = {}
    occupancies, logs, loans = [], [], []
    projector_use: Counter[tuple[int, dt.date, int]] = Counter()  # projectors lent per (facility, day, slot)

    def rows():
        for n, (pk, (facility, space, day, slot)) in enumerate(zip(ids, cells, strict=True)):
            starts_at, ends_at = _times(rng, day, slot, tz)
            if n % 500 == 0:
                group = register.groups[0]  # the benchmark manager's group books now and then
            elif rng.random() < 0.75:
                group = rng.choice(frequent) if rng.random() < 0.6 else rng.choice(public)
            else:
                group = None
            user = group.manager_id if group else rng.choice(individuals)
            status = _weighted(rng, PAST if ends_at <= now else FUTURE)
            if status == B.CONFIRMED and ends_at <= now - dt.timedelta(days=14):
                status = B.USED
            if starts_at <= now < ends_at or (status == B.PROVISIONAL and group is None):
                status = B.CONFIRMED
            daily = space.id == daily_room
            if daily:  # the daily room's regulars always come, and always borrow the projector
                status = B.USED if ends_at <= now else B.CONFIRMED
            created = min(now, starts_at - dt.timedelta(days=rng.randint(1, ADVANCE_DAYS - 1), hours=rng.randint(0, 9)))
            quantity = 0
            if facility.projector and (daily or rng.random() < 0.04):
                key = (facility.id, day, slot)
                quantity = min(1 if daily else rng.randint(1, 2), 3 - projector_use[key])
                projector_use[key] += quantity
            fee, lines = _fee(fees, space, starts_at, ends_at)
            if quantity:
                lines.append({"label": f"プロジェクター ×{quantity}", "minutes": None, "amount": 500 * quantity})
            rule, state = None, ExemptionState.NONE
            if group is not None and rng.random() < 0.03:
                rule = applied_rule
                state = ExemptionState.APPLIED if status == B.REQUESTED else ExemptionState.APPROVED
            elif group is not None:
                rule, state = registered_rule, ExemptionState.AUTOMATIC
            price = Quote(room_fee=fee, equipment_fee=500 * quantity, rule=rule, lines=lines)
            expected = rng.randint(max(1, space.capacity // 4), space.capacity)
            yield {
                "id": pk,
                "space_id": space.id,
                "user_id": user,
                "group_id": group.id if group else None,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "expected_attendees": expected,
                "purpose": f"{group.name if group else '個人利用'} {rng.choice(PURPOSES)}",
                "attendees": max(0, expected - rng.randint(0, 5)) if status == B.USED else None,
                "status": status,
                "room_fee": price.room_fee,
                "equipment_fee": price.equipment_fee,
                "list_price": price.list_price,
                "exemption_rule_id": rule.pk if rule else None,
                "exemption_percent": price.percent,
                "exemption_state": state,
                "final_price": price.final_price,
                "price_lines": lines,
                "created_at": created,
                "updated_at": min(now, max(created, ends_at)),
                "hold_until": min(starts_at, now + dt.timedelta(days=7)) if status == B.PROVISIONAL else None,
            }
            cleaning = dt.timedelta(minutes=facility.cleaning_minutes)
            during = f"[{starts_at.isoformat()},{(ends_at + cleaning).isoformat()})"
            for held in space.parts or [space.id]:
                occupancies.append((pk, held, during, status in ACTIVE_BOOKING_STATUSES))
            logs.extend(_log(rng, pk, status, user, people, created, starts_at, ends_at, now))
            if quantity:
                loans.append((pk, user, group.id if group else None, facility, quantity, status, starts_at, ends_at))

    made = copy_rows(Booking, rows())
    copy_tuples(Occupancy, ["booking_id", "space_id", "during", "is_active"], occupancies)
    names = ["booking_id", "from_status", "to_status", "changed_by_id", "changed_at", "note"]
    copy_tuples(BookingStatusChange, names, logs)
    _loans(rng, loans, people, now)
    return made


def _fee(cache: dict, space: SpaceRow, starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[int, list[dict]]:
    """The real fee calculator's answer, worked out once per room, day type and times (it depends on nothing else)."""
    key = (space.id, is_holiday_day_type(starts_at.date()), starts_at.time(), ends_at.time())
    if key not in cache:
        stub = SimpleNamespace(name=space.name, fee_rates=SimpleNamespace(all=lambda: space.fee_rates))
        # room_fee only reads space.name and space.fee_rates.all(); the stub spares a Space and a query per room.
        cache[key] = room_fee(cast("Space", stub), starts_at, ends_at)
    fee, lines = cache[key]
    return fee, [dict(line) for line in lines]


def _log(rng, pk, status, user, people, created, starts_at, ends_at, now):
    """The booking's status log along PATHS; staff confirm, decline and check in; the booker cancels."""
    previous, at = "", created
    for step in PATHS[status]:
        by, note = user, ""
        if step in (B.CONFIRMED, B.DECLINED, B.USED, B.NO_SHOW):
            by = rng.choice(people.staff)
        if step == B.CONFIRMED:
            at = min(starts_at, at + dt.timedelta(hours=rng.randint(1, 72)))
        elif step in (B.USED, B.NO_SHOW):
            at = ends_at
        elif step == B.DECLINED:
            note = "同じ時間帯に市の行事が入っているため"
            at = min(starts_at, at + dt.timedelta(hours=rng.randint(1, 48)))
        elif step == B.CANCELLED:
            at = min(starts_at, at + dt.timedelta(days=rng.randint(0, 10)))
        yield (pk, previous, step, by, min(at, now), note)
        previous = step


def _loans(rng, loans, people: People, now) -> None:
    """Projector loans of bookings, each in the state its booking leaves it (returned after use, …)."""
    L = LoanStatus
    ids = reserve_ids(Loan, len(loans))
    rows, logs, items = [], [], []
    for pk, (booking, user, group, facility, quantity, status, starts_at, ends_at) in zip(ids, loans, strict=True):
        type_id, fee, item_ids = facility.projector
        if status in (B.REQUESTED, B.CONFIRMED) and starts_at > now:
            path = [L.RESERVED]
        elif status in (B.CONFIRMED, B.USED) and ends_at > now:
            path = [L.RESERVED, L.HANDED_OVER]  # in use right now
        elif status in (B.CONFIRMED, B.USED):
            path = [L.RESERVED, L.HANDED_OVER, L.OVERDUE if rng.random() < 0.02 else L.RETURNED]
        else:
            path = [L.RESERVED, L.CANCELLED]
        final = path[-1]
        out = final in (L.HANDED_OVER, L.RETURNED, L.OVERDUE)
        rows.append(
            {
                "id": pk,
                "equipment_type_id": type_id,
                "quantity": quantity,
                "booking_id": booking,
                "user_id": user,
                "group_id": group,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "status": final,
                "fee": fee * quantity,
                "handed_over_at": starts_at if out else None,
                "returned_at": ends_at if final == L.RETURNED else None,
                "return_condition": "良好" if final == L.RETURNED else "",
                "created_at": min(now, starts_at),
            }
        )
        previous = ""
        for step in path:
            at = {L.RESERVED: min(now, starts_at - dt.timedelta(days=1)), L.HANDED_OVER: starts_at}.get(step, ends_at)
            logs.append((pk, previous, step, None if step == L.OVERDUE else rng.choice(people.staff), at, ""))
            previous = step
        if out:
            items += [(pk, item) for item in item_ids[:quantity]]
    copy_rows(Loan, rows)
    copy_tuples(LoanStatusChange, ["loan_id", "from_status", "to_status", "changed_by_id", "changed_at", "note"], logs)
    copy_links(Loan.items.through, items, "loan_id", "equipmentitem_id")
