"""Every minute of a booking is priced, and staff cannot save fee bands that leave part of the day free."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from facilities.models import DayType, FeeRate, Space
from facilities.pricing import fee_band_problems, room_fee
from tests.factories.accounts import StaffFactory
from tests.factories.facilities import FacilityFactory, FeeRateFactory, SpaceFactory, at, next_weekday

pytestmark = pytest.mark.django_db
TUESDAY = 1


def _space_with_gapped_bands():
    space = SpaceFactory()
    FeeRateFactory(space=space, label="午前", starts=dt.time(9), ends=dt.time(12), hourly_fee=600)
    FeeRateFactory(space=space, label="午後", starts=dt.time(13), ends=dt.time(17), hourly_fee=900)
    FeeRateFactory(space=space, label="夜間", starts=dt.time(18), ends=dt.time(21), hourly_fee=1200)
    return Space.objects.prefetch_related("fee_rates").get(pk=space.pk)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((12, 0), (13, 0), 600),  # the lunch hour is charged at the band before it
        ((17, 0), (18, 0), 900),
        ((9, 0), (21, 0), 3 * 600 + 600 + 4 * 900 + 900 + 3 * 1200),  # 12 hours, 12 hours paid
        ((8, 0), (9, 0), 600),  # before the first band: the first band's fee
        ((21, 0), (22, 0), 1200),  # after the last band: the last band's fee
        ((11, 30), (13, 30), 900 + 450),  # 90 min of 午前 (with the gap), 30 of 午後
    ],
)
def test_every_minute_between_and_around_the_bands_is_priced(start, end, expected):
    space = _space_with_gapped_bands()
    day = next_weekday(TUESDAY)
    total, lines = room_fee(space, at(day, *start), at(day, *end))
    assert total == expected
    assert sum(line["minutes"] for line in lines) == (end[0] * 60 + end[1]) - (start[0] * 60 + start[1])


def test_a_room_without_fee_bands_stays_free():
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    assert room_fee(space, at(day, 9), at(day, 12)) == (0, [])


def _band(day_type, label, starts, ends):
    return FeeRate(day_type=day_type, label=label, starts=dt.time(*starts), ends=dt.time(*ends), hourly_fee=1)


def test_band_problems_name_gaps_overlaps_and_uncovered_opening_hours_in_japanese():
    w, h = DayType.WEEKDAY, DayType.HOLIDAY
    complete = [_band(d, "終日", (9, 0), (21, 0)) for d in (w, h)]
    assert fee_band_problems(complete, opens=dt.time(9), closes=dt.time(21)) == []
    gapped = [_band(w, "午前", (9, 0), (12, 0)), _band(w, "午後", (13, 0), (21, 0)), complete[1]]
    assert fee_band_problems(gapped, opens=dt.time(9), closes=dt.time(21)) == [
        "平日の12:00〜13:00に使用料がありません（時間帯の間を空けないでください）。"
    ]
    overlapping = [_band(w, "午前", (9, 0), (13, 0)), _band(w, "午後", (12, 0), (21, 0)), complete[1]]
    assert fee_band_problems(overlapping, opens=dt.time(9), closes=dt.time(21)) == [
        "平日の「午前」と「午後」が12:00〜13:00で重なっています。"
    ]
    short = [_band(w, "昼", (10, 0), (17, 0)), complete[1]]
    assert fee_band_problems(short, opens=dt.time(9), closes=dt.time(21)) == [
        "平日の09:00〜10:00に使用料がありません（開館時刻から設定してください）。",
        "平日の17:00〜21:00に使用料がありません（閉館時刻まで設定してください）。",
    ]
    assert fee_band_problems(complete[:1], opens=dt.time(9), closes=dt.time(21)) == ["土日祝日の使用料がありません。"]


def _inline_data(space, rows):
    data = {
        "facility": space.facility_id,
        "name": space.name,
        "capacity": space.capacity,
        "is_active": "on",
        "sort_order": 0,
        "fee_rates-TOTAL_FORMS": len(rows),
        "fee_rates-INITIAL_FORMS": 0,
        "fee_rates-MIN_NUM_FORMS": 0,
        "fee_rates-MAX_NUM_FORMS": 1000,
    }
    for i, (day_type, label, starts, ends) in enumerate(rows):
        data |= {
            f"fee_rates-{i}-day_type": day_type,
            f"fee_rates-{i}-label": label,
            f"fee_rates-{i}-starts": starts,
            f"fee_rates-{i}-ends": ends,
            f"fee_rates-{i}-hourly_fee": 500,
        }
    return data


def test_center_staff_saving_gapped_bands_get_a_japanese_error_and_keep_what_they_typed(client):
    space = SpaceFactory(facility=FacilityFactory())  # open 09:00–21:00
    client.force_login(StaffFactory())
    url = reverse("admin:facilities_space_change", args=[space.pk])
    rows = [
        ("weekday", "午前", "09:00", "12:00"),
        ("weekday", "午後", "13:00", "21:00"),
        ("holiday", "終日", "09:00", "21:00"),
    ]
    response = client.post(url, _inline_data(space, rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "平日の12:00〜13:00に使用料がありません" in page
    assert 'value="13:00"' in page
    assert not FeeRate.objects.filter(space=space).exists()
    rows[0] = ("weekday", "午前", "09:00", "13:00")
    response = client.post(url, _inline_data(space, rows))
    assert response.status_code == 302
    assert FeeRate.objects.filter(space=space).count() == 3


def test_demo_rates_cover_each_opening_day_and_survive_a_reload():
    call_command("load_demo")
    call_command("load_demo")
    for space in Space.objects.prefetch_related("fee_rates", "facility__opening_hours"):
        rates = list(space.fee_rates.all())
        if not rates:
            continue
        hours = list(space.facility.opening_hours.all())
        opens, closes = min(h.opens for h in hours), max(h.closes for h in hours)
        assert fee_band_problems(rates, opens=opens, closes=closes) == [], space
