"""The fee calculator: list price from the fee schedule, then the best exemption rule. Used by bookings and /fees/."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .availability import is_holiday_day_type
from .models import DayType, EquipmentType, ExemptionQualifier, ExemptionRule, FeeRate, Space


def _pay(room_fee: int, equipment_fee: int, rule: ExemptionRule | None) -> int:
    """Exempt share rounded down in the payer's favour: the payer pays floor(base * (100 - %) / 100)."""
    list_price = room_fee + equipment_fee
    if not rule:
        return list_price
    base = list_price if rule.applies_to_equipment else room_fee
    return list_price - base + base * (100 - rule.percentage) // 100


@dataclass
class Quote:
    room_fee: int
    equipment_fee: int
    rule: ExemptionRule | None
    lines: list[dict] = field(default_factory=list)
    # The best automatic rule: what applies while (or if) an exemption applied for is not granted.
    fallback_rule: ExemptionRule | None = None

    @property
    def list_price(self) -> int:
        return self.room_fee + self.equipment_fee

    @property
    def percent(self) -> int:
        return self.rule.percentage if self.rule else 0

    @property
    def awaits_review(self) -> bool:
        """The best rule is one applied for: staff must check the evidence before it is granted."""
        return self.rule is not None and not self.rule.is_automatic

    @property
    def discount(self) -> int:
        return self.list_price - self.final_price

    @property
    def final_price(self) -> int:
        """The price once every rule here is granted."""
        return _pay(self.room_fee, self.equipment_fee, self.rule)

    @property
    def charged_price(self) -> int:
        """What the booker owes now: without an exemption still awaiting review (shown as 「減免申請中」)."""
        if self.awaits_review:
            return _pay(self.room_fee, self.equipment_fee, self.fallback_rule)
        return self.final_price


DAY_MINUTES = 24 * 60


def _day_bands(rates: list[FeeRate]) -> list[tuple[int, int, FeeRate]]:
    """One day type's rates as (from minute, to minute, rate) covering the whole day once: each band reaches to the
    next band's start (a gap is charged at the band before it), the first from midnight, the last to midnight."""
    ordered = sorted(rates, key=lambda r: r.starts)
    bands = []
    for i, rate in enumerate(ordered):
        lo = 0 if i == 0 else _minute(rate.starts)
        hi = _minute(ordered[i + 1].starts) if i + 1 < len(ordered) else DAY_MINUTES
        bands.append((lo, hi, rate))
    return bands


def _minute(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def room_fee(space: Space, starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[int, list[dict]]:
    """Every minute of the booking priced once: (minutes in the band) x hourly fee / 60, rounded down per band.

    Bands are the space's rates of the day's type; time between or outside them is charged at the nearest band
    before it (or the first band), so a gap the staff left never comes free (the admin refuses such gaps).
    """
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    by_type: dict[str, list[FeeRate]] = {}
    for rate in space.fee_rates.all():
        by_type.setdefault(rate.day_type, []).append(rate)
    minutes_by_rate: dict[int, tuple[FeeRate, int]] = {}
    day = start.date()
    while day <= end.date():
        day_type = DayType.HOLIDAY if is_holiday_day_type(day) else DayType.WEEKDAY
        first = _minute(start.time()) if day == start.date() else 0
        last = _minute(end.time()) if day == end.date() else DAY_MINUTES
        for lo, hi, rate in _day_bands(by_type.get(day_type, [])):
            minutes = min(last, hi) - max(first, lo)
            if minutes > 0:
                _rate, sofar = minutes_by_rate.get(rate.pk, (rate, 0))
                minutes_by_rate[rate.pk] = (rate, sofar + minutes)
        day += dt.timedelta(days=1)
    total, lines = 0, []
    for rate, minutes in minutes_by_rate.values():
        amount = rate.hourly_fee * minutes // 60
        total += amount
        lines.append(
            {"label": f"{space.name} {rate.get_day_type_display()} {rate.label}", "minutes": minutes, "amount": amount}
        )
    return total, lines


def fee_band_problems(rates: Sequence, *, opens: dt.time | None, closes: dt.time | None) -> list[str]:
    """Why a space's fee bands are not one price for every minute of the opening day (gaps, overlaps, bands that
    do not reach opening or closing time); empty when they are. `rates` have day_type, label, starts, ends."""
    problems: list[str] = []
    by_type: dict[str, list] = {}
    for rate in rates:
        by_type.setdefault(rate.day_type, []).append(rate)
    for day_type in DayType:
        bands = sorted(by_type.get(day_type.value, []), key=lambda r: r.starts)
        if not bands:
            if by_type:
                problems.append(_("%(day)sの使用料がありません。") % {"day": day_type.label})
            continue
        if opens is not None and bands[0].starts > opens:
            problems.append(
                _("%(day)sの%(from)s〜%(to)sに使用料がありません（開館時刻から設定してください）。")
                % {"day": day_type.label, "from": f"{opens:%H:%M}", "to": f"{bands[0].starts:%H:%M}"}
            )
        for before, after in itertools.pairwise(bands):
            if after.starts > before.ends:
                problems.append(
                    _("%(day)sの%(from)s〜%(to)sに使用料がありません（時間帯の間を空けないでください）。")
                    % {"day": day_type.label, "from": f"{before.ends:%H:%M}", "to": f"{after.starts:%H:%M}"}
                )
            elif after.starts < before.ends:
                problems.append(
                    _("%(day)sの「%(a)s」と「%(b)s」が%(from)s〜%(to)sで重なっています。")
                    % {
                        "day": day_type.label,
                        "a": before.label,
                        "b": after.label,
                        "from": f"{after.starts:%H:%M}",
                        "to": f"{min(before.ends, after.ends):%H:%M}",
                    }
                )
        latest_end = max(b.ends for b in bands)
        if closes is not None and latest_end < closes:
            problems.append(
                _("%(day)sの%(from)s〜%(to)sに使用料がありません（閉館時刻まで設定してください）。")
                % {"day": day_type.label, "from": f"{latest_end:%H:%M}", "to": f"{closes:%H:%M}"}
            )
    return problems


def qualifying_rules(*, group, rules) -> list[ExemptionRule]:
    """Automatic rules the booker qualifies for without evidence (registered civic groups)."""
    registered = group is not None and group.is_public
    return [r for r in rules if r.is_automatic and r.qualifier == ExemptionQualifier.REGISTERED_GROUP and registered]


def quote(
    *,
    space: Space,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    group=None,
    equipment: Sequence[tuple[EquipmentType, int]] = (),
    applied_rule: ExemptionRule | None = None,
    rules=None,
) -> Quote:
    """Price of a booking: room fee + equipment fees, reduced by the applied rule or the best automatic one."""
    fee, lines = room_fee(space, starts_at, ends_at)
    equipment_fee = 0
    for equipment_type, quantity in equipment:
        amount = equipment_type.fee_per_use * quantity
        equipment_fee += amount
        lines.append({"label": f"{equipment_type.name} ×{quantity}", "minutes": None, "amount": amount})
    if rules is None:
        rules = list(ExemptionRule.objects.filter(is_active=True))
    automatic = max(qualifying_rules(group=group, rules=rules), key=lambda r: r.percentage, default=None)
    candidates = [r for r in (automatic, applied_rule) if r is not None]
    best = max(candidates, key=lambda r: r.percentage, default=None)
    return Quote(room_fee=fee, equipment_fee=equipment_fee, rule=best, lines=lines, fallback_rule=automatic)


def reviewed_price(*, room_fee: int, equipment_fee: int, rule: ExemptionRule | None) -> int:
    """A booking's price from its stored fees once staff have granted (rule) or refused (automatic rule) an
    exemption: the fees fixed when it was booked, not today's rates."""
    return _pay(room_fee, equipment_fee, rule)
