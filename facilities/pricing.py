"""The fee calculator: list price from the fee schedule, then the best exemption rule. Used by bookings and /fees/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from .availability import is_holiday_day_type
from .models import DayType, EquipmentType, ExemptionQualifier, ExemptionRule, Space


@dataclass
class Quote:
    room_fee: int
    equipment_fee: int
    rule: ExemptionRule | None
    lines: list[dict] = field(default_factory=list)

    @property
    def list_price(self) -> int:
        return self.room_fee + self.equipment_fee

    @property
    def percent(self) -> int:
        return self.rule.percentage if self.rule else 0

    @property
    def discount(self) -> int:
        return self.list_price - self.final_price

    @property
    def final_price(self) -> int:
        """Exempt share rounded down in the payer's favour: the payer pays floor(base * (100 - %) / 100)."""
        if not self.rule:
            return self.list_price
        base = self.list_price if self.rule.applies_to_equipment else self.room_fee
        return self.list_price - base + base * (100 - self.rule.percentage) // 100


def room_fee(space: Space, starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[int, list[dict]]:
    """Sum over the space's fee bands of (minutes overlapping the band) x hourly fee / 60, rounded down per band."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    day_type = DayType.HOLIDAY if is_holiday_day_type(start.date()) else DayType.WEEKDAY
    total, lines = 0, []
    for rate in space.fee_rates.all():
        if rate.day_type != day_type:
            continue
        band_start = start.replace(hour=rate.starts.hour, minute=rate.starts.minute, second=0, microsecond=0)
        band_end = start.replace(hour=rate.ends.hour, minute=rate.ends.minute, second=0, microsecond=0)
        minutes = int((min(end, band_end) - max(start, band_start)).total_seconds() // 60)
        if minutes <= 0:
            continue
        amount = rate.hourly_fee * minutes // 60
        total += amount
        lines.append(
            {"label": f"{space.name} {rate.get_day_type_display()} {rate.label}", "minutes": minutes, "amount": amount}
        )
    return total, lines


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
    candidates = qualifying_rules(group=group, rules=rules)
    if applied_rule is not None:
        candidates.append(applied_rule)
    best = max(candidates, key=lambda r: r.percentage, default=None)
    return Quote(room_fee=fee, equipment_fee=equipment_fee, rule=best, lines=lines)
