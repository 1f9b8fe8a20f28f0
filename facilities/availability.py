"""Pure availability rules: opening hours, closures, public holidays, owner windows, booking windows and lengths.

Each check returns Japanese messages the booking form shows; an empty list means the time may be booked.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Facility, Space


@lru_cache(maxsize=32)
def _japan_holidays(year: int) -> holidays.HolidayBase:
    return holidays.Japan(years=year)


def holiday_name(day: dt.date) -> str | None:
    """The Japanese public holiday on a day (振替休日 included), or None."""
    return _japan_holidays(day.year).get(day)


def is_holiday_day_type(day: dt.date) -> bool:
    """Saturdays, Sundays and public holidays are charged at the holiday rate."""
    return day.weekday() >= 5 or holiday_name(day) is not None


def physical_space_ids(space: Space) -> list[int]:
    """The rooms a booking of this space holds: a divisible hall's parts, else the room itself."""
    part_ids = sorted(p.pk for p in space.parts.all())
    return part_ids or [space.pk]


def occupied_range(facility: Facility, starts_at: dt.datetime, ends_at: dt.datetime) -> DateTimeTZRange:
    """The half-open range a booking holds, the cleaning buffer included."""
    return DateTimeTZRange(starts_at, ends_at + dt.timedelta(minutes=facility.cleaning_minutes), "[)")


def closed_reason(facility: Facility, day: dt.date, *, closures=None) -> str | None:
    """Why the facility is closed on a day (closure, public holiday, no opening hours), or None when open."""
    closures = facility.closures.all() if closures is None else closures
    for closure in closures:
        if closure.first_day <= day <= closure.last_day:
            return closure.reason
    if facility.closed_on_holidays and (name := holiday_name(day)):
        return _("祝日（%(name)s）") % {"name": name}
    hours = facility.opening_hours.all()
    # A vacant shop or classroom without opening hours is open whenever its owner grants a window.
    if (hours or not facility.uses_owner_windows) and not any(h.weekday == day.weekday() for h in hours):
        return _("休館日")
    return None


def time_problems(
    *,
    facility: Facility,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    registered: bool,
    now: dt.datetime,
    advance: bool = True,
) -> list[str]:
    """Problems with the requested time itself, regardless of other bookings (`advance=False`: a lottery's month,
    which its own application period opens, is not held to the advance booking window)."""
    if starts_at >= ends_at:
        return [_("終了時刻は開始時刻より後にしてください。")]
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    problems = []
    if start.date() != end.date() and end.time() != dt.time(0):
        problems.append(_("日をまたぐ予約はできません。"))
    if starts_at <= now:
        problems.append(_("過去の日時は予約できません。"))
    days = facility.advance_days_registered if registered else facility.advance_days_other
    last_day = timezone.localtime(now).date() + dt.timedelta(days=days)
    if advance and start.date() > last_day:
        problems.append(
            _("%(days)d日先（%(day)s）までしか予約できません。") % {"days": days, "day": f"{last_day:%Y-%m-%d}"}
        )
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if minutes < facility.min_minutes:
        problems.append(_("利用時間は%(n)d分以上にしてください。") % {"n": facility.min_minutes})
    if minutes > facility.max_minutes:
        problems.append(_("利用時間は%(n)d分以内にしてください。") % {"n": facility.max_minutes})
    step = facility.step_minutes
    if (start.hour * 60 + start.minute) % step or minutes % step or start.second or start.microsecond:
        problems.append(_("時刻は%(n)d分単位で指定してください。") % {"n": step})
    if reason := closed_reason(facility, start.date()):
        problems.append(_("%(day)sは休館日です（%(reason)s）。") % {"day": f"{start:%Y-%m-%d}", "reason": reason})
    else:
        hours = next((h for h in facility.opening_hours.all() if h.weekday == start.weekday()), None)
        if hours and (start.time() < hours.opens or end.time() > hours.closes or end.date() != start.date()):
            problems.append(
                _("開館時間（%(opens)s〜%(closes)s）内で指定してください。")
                % {"opens": f"{hours.opens:%H:%M}", "closes": f"{hours.closes:%H:%M}"}
            )
    if facility.uses_owner_windows and not any(
        w.starts_at <= starts_at and ends_at <= w.ends_at for w in facility.owner_windows.all()
    ):
        problems.append(_("所有者が提供する利用枠の外です。利用できる日時は施設のカレンダーで確認してください。"))
    return problems
