"""Demo facilities: the center (rooms and a divisible hall), a community centre, a vacant shop; equipment; fees."""

import datetime as dt

from django.utils import timezone

from civic_portal.core.models import Area

from .models import (
    Booking,
    BookingMode,
    Closure,
    DayType,
    EquipmentItem,
    EquipmentType,
    ExemptionApplication,
    ExemptionQualifier,
    ExemptionRule,
    Facility,
    FacilityKind,
    FeeRate,
    OpeningHours,
    OwnerWindow,
    Space,
    TimeSlot,
)
from .services import booking_create
from .services.bookings import booking_problems

SLOTS = [("午前", dt.time(9), dt.time(12)), ("午後", dt.time(13), dt.time(17)), ("夜間", dt.time(18), dt.time(21))]
# Fee bands cover the whole opening day (09:00–21:00) without gaps: the hour between two slots is charged too.
FEE_BANDS = [("午前", dt.time(9), dt.time(12)), ("午後", dt.time(12), dt.time(17)), ("夜間", dt.time(17), dt.time(21))]
RULES = [
    (
        "registered-group",
        "登録市民活動団体の活動",
        ExemptionQualifier.REGISTERED_GROUP,
        50,
        ExemptionApplication.AUTOMATIC,
        "市民活動センター条例施行規則第8条第1号",
        "",
    ),
    (
        "public-interest",
        "公益性のある催し（参加無料・一般公開）",
        ExemptionQualifier.PUBLIC_INTEREST,
        100,
        ExemptionApplication.ON_APPLICATION,
        "市民活動センター条例施行規則第8条第2号",
        "催しのチラシまたは開催要項",
    ),
    (
        "city-use",
        "市の主催・共催事業",
        ExemptionQualifier.CITY_USE,
        100,
        ExemptionApplication.ON_APPLICATION,
        "市民活動センター条例第12条",
        "共催承認書の写し",
    ),
    (
        "disability",
        "障害者団体の活動",
        ExemptionQualifier.DISABILITY,
        50,
        ExemptionApplication.ON_APPLICATION,
        "市民活動センター条例施行規則第8条第3号",
        "団体の会則と名簿",
    ),
]


def _facility(name, **fields):
    facility, _ = Facility.objects.update_or_create(name=name, defaults=fields)
    return facility


def _hours(facility, days, opens, closes):
    for d in days:
        OpeningHours.objects.update_or_create(facility=facility, weekday=d, defaults={"opens": opens, "closes": closes})


def _space(facility, name, capacity, equipment="", weekday_fee=0, holiday_fee=0):
    space, _ = Space.objects.update_or_create(
        facility=facility, name=name, defaults={"capacity": capacity, "equipment": equipment}
    )
    # Bands of an older layout (13:00, 18:00 starts) would overlap the current ones.
    space.fee_rates.exclude(starts__in=[starts for _label, starts, _ends in FEE_BANDS]).delete()
    for label, starts, ends in FEE_BANDS:
        for day_type, base in [(DayType.WEEKDAY, weekday_fee), (DayType.HOLIDAY, holiday_fee)]:
            if base:
                FeeRate.objects.update_or_create(
                    space=space,
                    day_type=day_type,
                    starts=starts,
                    defaults={"label": label, "ends": ends, "hourly_fee": base + (100 if label == "夜間" else 0)},
                )
    return space


def load(*, users):
    """Idempotent demo content for the facilities app."""
    area, _ = Area.objects.get_or_create(name="本庁", defaults={"name_kana": "ほんちょう"})  # the central district
    center = _facility(
        "市民活動センター",
        name_kana="シミンカツドウセンター",
        kind=FacilityKind.CENTER,
        is_center=True,
        area=area,
        address="山口県下関市竹崎町4-4-8",
        address_detail="シーモール下関 4階",
        latitude="33.950000",
        longitude="130.922000",
        access="JR下関駅から徒歩3分",
        phone="083-000-0000",
        closed_days_note="毎週火曜日、年末年始（12月29日〜1月3日）",
        closed_on_holidays=False,
        wheelchair_access=True,
        elevator=True,
        accessible_toilet=True,
        hearing_loop=True,
        description="市民活動の拠点。会議室、分割して使えるホール、印刷機を備えています。",
        manager_name="市民活動センター",
        monthly_quota_per_group=8,
        cleaning_minutes=0,
        auto_confirm=False,
    )
    _hours(center, [0, 2, 3, 4, 5, 6], dt.time(9), dt.time(21))
    for label, starts, ends in SLOTS:
        TimeSlot.objects.update_or_create(facility=center, name=label, defaults={"starts": starts, "ends": ends})
    year = timezone.localdate().year
    Closure.objects.get_or_create(
        facility=center,
        first_day=dt.date(year, 12, 29),
        last_day=dt.date(year + 1, 1, 3),
        defaults={"reason": "年末年始"},
    )
    _space(center, "会議室1", 12, "ホワイトボード", 400, 500)
    _space(center, "会議室2", 24, "ホワイトボード、スクリーン", 600, 700)
    hall_a = _space(center, "多目的ホールA", 60, "マイク", 900, 1100)
    hall_b = _space(center, "多目的ホールB", 60, "マイク", 900, 1100)
    hall = _space(center, "多目的ホール（全体）", 120, "マイク、音響設備", 1800, 2200)
    hall.parts.set([hall_a, hall_b])

    community = _facility(
        "彦島地区公民館",
        name_kana="ヒコシマチクコウミンカン",
        kind=FacilityKind.COMMUNITY_CENTRE,
        area=area,
        address="山口県下関市彦島江の浦町1-1",
        phone="083-000-0001",
        closed_on_holidays=True,
        closed_days_note="祝日、年末年始",
        wheelchair_access=True,
        accessible_toilet=True,
        cleaning_minutes=30,
        auto_confirm=True,
        manager_name="下関市教育委員会",
    )
    _hours(community, range(6), dt.time(9), dt.time(21))
    _space(community, "和室", 20, "座卓", 300, 300)
    _space(community, "講堂", 100, "ステージ", 800, 1000)

    shop = _facility(
        "空き店舗活用スペース「まちかど」",
        name_kana="アキテンポカツヨウスペースマチカド",
        kind=FacilityKind.VACANT_SHOP,
        area=area,
        address="山口県下関市唐戸町5-1",
        description="商店街の空き店舗を所有者のご厚意でお借りしています。",
        closed_days_note="所有者が提供する日のみ",
        step_minutes=60,
    )
    _hours(shop, range(7), dt.time(10), dt.time(18))
    _space(shop, "店舗スペース", 15)
    monday = timezone.localdate() + dt.timedelta(days=(7 - timezone.localdate().weekday()) % 7 or 7)
    tz = timezone.get_current_timezone()
    for week in range(4):
        day = monday + dt.timedelta(weeks=week, days=5)
        OwnerWindow.objects.get_or_create(
            facility=shop,
            starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=tz),
            defaults={"ends_at": dt.datetime.combine(day, dt.time(16), tzinfo=tz), "note": "土曜日"},
        )

    _facility(
        "旧○○小学校 余裕教室",
        name_kana="キュウマルマルショウガッコウヨユウキョウシツ",
        kind=FacilityKind.SCHOOL_CLASSROOM,
        address="山口県下関市長府1-1",
        booking_mode=BookingMode.PHONE,
        booking_phone="083-000-0002",
        closed_days_note="学校行事の日",
    )

    projector, _ = EquipmentType.objects.update_or_create(
        facility=center, name="プロジェクター", defaults={"stock": 3, "fee_per_use": 500}
    )
    for n in range(1, 4):
        EquipmentItem.objects.get_or_create(equipment_type=projector, serial_number=f"PJ-{n:03d}")
    EquipmentType.objects.update_or_create(
        facility=center, name="折りたたみテーブル", defaults={"stock": 20, "fee_per_use": 50}
    )
    _demo_booking(users, center, projector)
    for sort_order, (code, name, qualifier, pct, application, basis, evidence) in enumerate(RULES):
        ExemptionRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "qualifier": qualifier,
                "percentage": pct,
                "application": application,
                "legal_basis": basis,
                "evidence": evidence,
                "sort_order": sort_order,
            },
        )


def _demo_booking(users, center, projector):
    """A citizen's request for next Wednesday afternoon with a projector, waiting at the front desk."""
    citizen = users.get("citizen@example.jp")
    if citizen is None or Booking.objects.filter(user=citizen, purpose="地域の子ども食堂の打合せ").exists():
        return
    today = timezone.localdate()
    first = today + dt.timedelta(days=(2 - today.weekday()) % 7 or 7)
    tz = timezone.get_current_timezone()
    space = Space.objects.get(facility=center, name="会議室2")
    for week in range(4):  # skip a Wednesday that falls in a closure (年末年始)
        day = first + dt.timedelta(weeks=week)
        starts_at = dt.datetime.combine(day, dt.time(13), tzinfo=tz)
        ends_at = dt.datetime.combine(day, dt.time(15), tzinfo=tz)
        if not booking_problems(space=space, starts_at=starts_at, ends_at=ends_at, group=None):
            booking_create(
                user=citizen,
                space=space,
                starts_at=starts_at,
                ends_at=ends_at,
                purpose="地域の子ども食堂の打合せ",
                expected_attendees=8,
                equipment=[(projector, 1)],
                notify=False,
            )
            return
