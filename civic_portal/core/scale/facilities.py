"""The catalogue: the center, community centres and a few owner-lent places, each with rooms, hours and fees."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from facilities.demo import RULES, SLOTS
from facilities.models import (
    BookingMode,
    Closure,
    DayType,
    EquipmentItem,
    EquipmentType,
    ExemptionRule,
    Facility,
    FacilityKind,
    FeeRate,
    OpeningHours,
    Space,
    TimeSlot,
)

from . import names
from .bulk import copy_links, copy_rows, reserve_ids
from .guard import EMAIL_DOMAIN

ROOMS = [
    ("会議室1", 12, "ホワイトボード"),
    ("会議室2", 24, "ホワイトボード、スクリーン"),
    ("和室", 20, "座卓"),
    ("講堂", 100, "ステージ、マイク"),
    ("調理室", 16, "調理台4台"),
    ("多目的室", 40, "鏡、音響設備"),
    ("工作室", 20, "作業台"),
    ("音楽室", 30, "ピアノ"),
    ("研修室", 36, "プロジェクター"),
]


@dataclass
class SpaceRow:
    id: int
    name: str
    capacity: int
    parts: list[int] = field(default_factory=list)  # a divisible hall's rooms
    fee_rates: list[FeeRate] = field(default_factory=list)


@dataclass
class FacilityRow:
    id: int
    name: str
    bookable: bool
    open_days: frozenset[int]  # weekdays with opening hours
    closed_on_holidays: bool
    cleaning_minutes: int
    closures: list[tuple[dt.date, dt.date]]
    spaces: list[SpaceRow]
    projector: tuple[int, int, list[int]] | None = None  # equipment type id, fee, item ids


@dataclass
class Catalogue:
    facilities: list[FacilityRow]
    rules: dict[str, ExemptionRule]

    @property
    def bookable(self) -> list[FacilityRow]:
        return [f for f in self.facilities if f.bookable]


def _rules() -> dict[str, ExemptionRule]:
    existing = {r.code: r for r in ExemptionRule.objects.all()}
    for order, (code, name, qualifier, pct, application, basis, evidence) in enumerate(RULES):
        if code not in existing:
            existing[code] = ExemptionRule.objects.create(
                code=code,
                name=name,
                qualifier=qualifier,
                percentage=pct,
                application=application,
                legal_basis=basis,
                evidence=evidence,
                sort_order=order,
            )
    return existing


def _kind(n: int, count: int) -> str:
    """The first facility is the center; about one in twelve is a lent classroom or shop (booked by phone)."""
    if n == 0:
        return FacilityKind.CENTER
    if count > 6 and n % 12 == 11:
        return FacilityKind.SCHOOL_CLASSROOM if n % 24 == 23 else FacilityKind.VACANT_SHOP
    return FacilityKind.COMMUNITY_CENTRE


def _name(rng, kind: str, area: str, area_kana: str, n: int) -> tuple[str, str]:
    if kind == FacilityKind.CENTER:
        return "市民活動センター", "シミンカツドウセンター"
    if kind == FacilityKind.SCHOOL_CLASSROOM:
        return f"旧{area}小学校 余裕教室", names.katakana(f"きゅう{area_kana}しょうがっこうよゆうきょうしつ")
    if kind == FacilityKind.VACANT_SHOP:
        word = names.coined(rng, 3)
        return f"{area}商店街 空き店舗「{names.katakana(word)}」", names.katakana(f"{area_kana}しょうてんがい{word}")
    label, label_kana = rng.choice(
        [
            ("地区公民館", "ちくこうみんかん"),
            ("市民センター", "しみんせんたー"),
            ("コミュニティセンター", "こみゅにてぃせんたー"),
            ("交流センター", "こうりゅうせんたー"),
        ]
    )
    return f"{area}{label}{'' if n < len(names.AREAS) else f' {n // len(names.AREAS) + 1}号館'}", names.katakana(
        f"{area_kana}{label_kana}{'' if n < len(names.AREAS) else f'{n // len(names.AREAS) + 1}ごうかん'}"
    )


def generate(*, rng: random.Random, count: int, spaces: int, areas: dict[str, int], today: dt.date, years: int):
    """`count` facilities with `spaces` rooms each (the center's include a hall divisible into two)."""
    rules = _rules()
    ids = reserve_ids(Facility, count)
    facilities, rows, hours, slots, closures = [], [], [], [], []
    for n, pk in enumerate(ids):
        kind = _kind(n, count)
        area, area_kana = names.AREAS[n % len(names.AREAS)]
        name, kana = _name(rng, kind, area, area_kana, n)
        lent = kind in (FacilityKind.SCHOOL_CLASSROOM, FacilityKind.VACANT_SHOP)
        closed_day = None if lent else (1 if kind == FacilityKind.CENTER else rng.choice([0, 0, 1, 3]))
        open_days = frozenset(d for d in range(7) if d != closed_day)
        cleaning = 0 if kind == FacilityKind.CENTER else rng.choice([0, 0, 15, 30])
        on_holidays = kind == FacilityKind.COMMUNITY_CENTRE and rng.random() < 0.5
        rows.append(
            {
                "id": pk,
                "name": name,
                "name_kana": kana,
                "kind": kind,
                "is_center": kind == FacilityKind.CENTER,
                "area_id": areas[area],
                "description": f"{area}地区の市民活動と地域活動の拠点です。",
                "postal_code": f"75{rng.randint(0, 9)}-{rng.randint(0, 9999):04d}",
                "address": f"山口県下関市{area}町{rng.randint(1, 9)}-{rng.randint(1, 30)}",
                "latitude": f"{33.9 + rng.random() / 10:.6f}",
                "longitude": f"{130.9 + rng.random() / 10:.6f}",
                "access": f"{area}バス停から徒歩{rng.randint(1, 15)}分",
                "phone": f"083-{rng.randint(200, 299)}-{n:04d}",
                "email": f"facility{n + 1:03d}@{EMAIL_DOMAIN}",
                "closed_days_note": "所有者が提供する日のみ"
                if closed_day is None  # the lent ones
                else f"毎週{'月火水木金土日'[closed_day]}曜日、年末年始",
                "closed_on_holidays": on_holidays,
                "wheelchair_access": rng.random() < 0.8,
                "elevator": rng.random() < 0.5,
                "accessible_toilet": rng.random() < 0.7,
                "hearing_loop": rng.random() < 0.2,
                "braille_blocks": rng.random() < 0.5,
                "accessible_parking": rng.random() < 0.6,
                "manager_name": "市民活動センター" if kind == FacilityKind.CENTER else f"{area}地区まちづくり協議会",
                "booking_mode": BookingMode.PHONE if lent else BookingMode.HERE,
                "booking_phone": f"083-{rng.randint(200, 299)}-{n:04d}" if lent else "",
                "cleaning_minutes": cleaning,
                "auto_confirm": kind != FacilityKind.CENTER and rng.random() < 0.5,
                "monthly_quota_per_group": 8 if kind == FacilityKind.CENTER else 0,
                "sort_order": 0 if n == 0 else 10,
            }
        )
        hours += [{"facility_id": pk, "weekday": d, "opens": dt.time(9), "closes": dt.time(21)} for d in open_days]
        slots += [{"facility_id": pk, "name": label, "starts": s, "ends": e} for label, s, e in SLOTS]
        spans = [(dt.date(y, 12, 29), dt.date(y + 1, 1, 3)) for y in range(today.year - years, today.year + 1)]
        if rng.random() < 0.5:
            day = today + dt.timedelta(days=rng.randint(-700, 80))
            spans.append((day, day + dt.timedelta(days=rng.randint(0, 2))))
        closures += [
            {
                "facility_id": pk,
                "first_day": a,
                "last_day": b,
                "reason": "年末年始" if a.month == 12 and a.day == 29 else "設備点検",
            }
            for a, b in spans
        ]
        facilities.append(FacilityRow(pk, name, not lent, open_days, on_holidays, cleaning, spans, []))
    copy_rows(Facility, rows)
    copy_rows(OpeningHours, hours)
    copy_rows(TimeSlot, slots)
    copy_rows(Closure, closures)
    _spaces(rng, facilities, spaces)
    _equipment(rng, facilities)
    return Catalogue(facilities=facilities, rules=rules)


def _spaces(rng, facilities: list[FacilityRow], per_facility: int) -> None:
    ids = iter(reserve_ids(Space, len(facilities) * per_facility))
    rows, parts, fees = [], [], []
    for facility in facilities:
        if facility.name == "市民活動センター" and per_facility >= 3:
            plan = [
                ("多目的ホールA", 60, "マイク"),
                ("多目的ホールB", 60, "マイク"),
                ("多目的ホール（全体）", 120, "マイク、音響設備"),
            ]
            plan += ROOMS[: per_facility - 3]
        else:
            plan = rng.sample(ROOMS, min(per_facility, len(ROOMS)))
        for order, (name, capacity, equipment) in enumerate(plan):
            space = SpaceRow(next(ids), name, capacity)
            rows.append(
                {
                    "id": space.id,
                    "facility_id": facility.id,
                    "name": name,
                    "capacity": capacity,
                    "floor_area": f"{capacity * 2.1:.1f}",
                    "equipment": equipment,
                    "sort_order": order,
                }
            )
            base = 100 * max(3, capacity // 5)
            for label, starts, ends in SLOTS:
                for day_type, extra in ((DayType.WEEKDAY, 0), (DayType.HOLIDAY, 100)):
                    fee = base + extra + (100 if label == "夜間" else 0)
                    space.fee_rates.append(
                        FeeRate(day_type=day_type, label=label, starts=starts, ends=ends, hourly_fee=fee)
                    )
                    fees.append(
                        {
                            "space_id": space.id,
                            "day_type": day_type,
                            "label": label,
                            "starts": starts,
                            "ends": ends,
                            "hourly_fee": fee,
                        }
                    )
            facility.spaces.append(space)
        if facility.name == "市民活動センター" and per_facility >= 3:
            hall = facility.spaces[2]
            hall.parts = [facility.spaces[0].id, facility.spaces[1].id]
            parts += [(hall.id, part) for part in hall.parts]
    copy_rows(Space, rows)
    copy_rows(FeeRate, fees)
    copy_links(Space.parts.through, parts, "from_space_id", "to_space_id")


def _equipment(rng, facilities: list[FacilityRow]) -> None:
    """A projector (3, serial-numbered) and folding tables (20) wherever rooms are booked here."""
    bookable = [f for f in facilities if f.bookable]
    type_ids = iter(reserve_ids(EquipmentType, 2 * len(bookable)))
    types, items = [], []
    for facility in bookable:
        projector, tables = next(type_ids), next(type_ids)
        types += [
            {"id": projector, "facility_id": facility.id, "name": "プロジェクター", "stock": 3, "fee_per_use": 500},
            {"id": tables, "facility_id": facility.id, "name": "折りたたみテーブル", "stock": 20, "fee_per_use": 50},
        ]
        item_ids = reserve_ids(EquipmentItem, 3)
        items += [
            {
                "id": pk,
                "equipment_type_id": projector,
                "serial_number": f"PJ-{facility.id:04d}-{i}",
                "condition": "良好",
            }
            for i, pk in enumerate(item_ids, start=1)
        ]
        facility.projector = (projector, 500, item_ids)
    copy_rows(EquipmentType, types)
    copy_rows(EquipmentItem, items)
