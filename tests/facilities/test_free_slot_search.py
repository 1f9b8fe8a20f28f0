"""/facilities/search/: free slots across all facilities, bad input answered in Japanese, fixed query counts."""

import datetime as dt
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import Booking, BookingMode, Closure, FacilityKind, Occupancy, TimeSlot
from tests.factories.accounts import UserFactory
from tests.factories.facilities import FacilityFactory, SpaceFactory, at, booked
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
TUESDAY = dt.datetime(2026, 12, 1, 10, tzinfo=TZ)  # a Tuesday morning; next Saturday is 2026-12-05
SATURDAY = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(TUESDAY, tick=False)


def _search(client, **params):
    return client.get(reverse("facilities:search"), params)


def _free(response) -> dict[str, list[str]]:
    """Room name → its free slots as 'YYYY-MM-DD HH:MM–HH:MM'."""
    return {r.space.name: [f"{d.date} {s.label}" for d in r.days for s in d.free] for r in response.context["results"]}


def test_saturday_afternoon_across_all_facilities(client):
    free_room = SpaceFactory(name="会議室A", capacity=20)
    busy_room = SpaceFactory(name="会議室B", capacity=20)
    SpaceFactory(name="小会議室", capacity=5)  # too small for 10 people
    booked(busy_room, SATURDAY, hours=(14, 15))
    other = FacilityFactory(name="東公民館", kind=FacilityKind.COMMUNITY_CENTRE)
    TimeSlot.objects.create(facility=other, name="午後", starts=dt.time(13), ends=dt.time(16, 30))
    hall = SpaceFactory(facility=other, name="ホール", capacity=80)
    FacilityFactory(
        name="市民体育館",
        booking_mode=BookingMode.EXTERNAL,
        booking_url="https://yoyaku.example.jp/",
    )
    response = _search(client, date_from=SATURDAY.isoformat(), slot="午後", people=10)
    assert response.status_code == 200
    assert _free(response) == {
        "会議室A": ["2026-12-05 13:00–17:00"],
        "会議室B": [],
        "ホール": ["2026-12-05 13:00–16:30"],  # the facility's own 午後
    }
    page = response.content.decode()
    assert "この条件で空いている時間はありません。" in page
    links = {r.space.pk: [s.book_url for d in r.days for s in d.free] for r in response.context["results"]}
    assert links[free_room.pk] == [
        f"/facilities/{free_room.facility_id}/book/?space={free_room.pk}&date=2026-12-05&start=13%3A00&end=17%3A00"
        "&attendees=10"
    ]
    assert links[hall.pk][0].endswith(f"&slot={other.time_slots.get().pk}&attendees=10")
    assert [f.name for f in response.context["elsewhere"]] == ["市民体育館"]
    assert "https://yoyaku.example.jp/" in page


def test_a_time_range_shows_the_free_intervals_less_the_cleaning_buffer(client):
    facility = FacilityFactory(cleaning_minutes=30)
    room = SpaceFactory(facility=facility, name="和室")
    booked(room, SATURDAY, hours=(13, 15))
    response = _search(client, date_from=SATURDAY.isoformat(), time_from="09:00", time_to="18:00")
    # 09:00–12:30 (a booking until 12:30 is cleaned by 13:00), then after 15:00 + 30 minutes of cleaning.
    assert _free(response) == {"和室": ["2026-12-05 09:00–12:30", "2026-12-05 15:30–18:00"]}


def test_a_date_range_skips_closed_days_and_days_beyond_the_booking_window(client):
    facility = FacilityFactory(advance_days_other=7)
    room = SpaceFactory(facility=facility, name="会議室")
    Closure.objects.create(
        facility=facility, first_day=dt.date(2026, 12, 3), last_day=dt.date(2026, 12, 3), reason="点検"
    )
    response = _search(client, date_from="2026-12-02", date_to="2026-12-10", slot="夜間")
    days = [slot.split()[0] for slot in _free(response)["会議室"]]
    assert days == ["2026-12-02", "2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07", "2026-12-08"]
    manager, _group = manager_with_group()
    client.force_login(manager)  # registered groups book 90 days ahead
    response = _search(client, date_from="2026-12-02", date_to="2026-12-10", slot="夜間")
    assert len(_free(response)["会議室"]) == 8
    assert room.pk in {r.space.pk for r in response.context["results"]}


def test_filters_by_kind_district_barrier_free_and_equipment(client):
    SpaceFactory(name="普通の部屋")
    accessible = FacilityFactory(wheelchair_access=True, kind=FacilityKind.COMMUNITY_CENTRE)
    SpaceFactory(facility=accessible, name="音楽室", equipment="ピアノ、譜面台")
    SpaceFactory(facility=accessible, name="学習室")
    base = {"date_from": SATURDAY.isoformat(), "slot": "午前"}
    assert set(_free(_search(client, **base, barrier_free="wheelchair_access"))) == {"音楽室", "学習室"}
    assert set(_free(_search(client, **base, kind=FacilityKind.COMMUNITY_CENTRE, equipment="ピアノ"))) == {"音楽室"}
    assert set(_free(_search(client, **base))) == {"普通の部屋", "音楽室", "学習室"}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"people": "0"}, "people", "利用人数は1人以上で入力してください。"),
        ({"people": "たくさん"}, "people", "利用人数は数字で入力してください。"),
        (
            {"date_to": "2028-01-08"},
            "date_to",
            "一度に探せるのは31日間までです（指定は400日間）。期間を短くしてください。",
        ),
        ({"date_to": "2026-12-04"}, "date_to", "最終日は開始日以降にしてください。"),
        ({"date_from": "2026-11-30", "date_to": ""}, "date_from", "今日以降の日付を指定してください。"),
        ({"date_from": "9999-12-31", "date_to": ""}, "date_from", "検索できるのは今日から1年先までです。"),
        ({"date_from": "2026-13-45", "date_to": ""}, "date_from", "日付を正しく入力してください。"),
        ({"time_from": "15:00", "time_to": "13:00"}, "time_to", "終了時刻は開始時刻より後にしてください。"),
        ({"slot": "午後", "time_from": "13:00"}, "slot", "時間帯か時刻のどちらか一方を指定してください。"),
        ({"slot": "深夜"}, "slot", "正しく選択してください。"),
    ],
)
def test_bad_input_is_answered_in_japanese_and_the_form_kept(client, params, field, message):
    SpaceFactory()
    query = {"date_from": SATURDAY.isoformat(), "date_to": "2026-12-05", "people": "5", "equipment": "マイク"} | params
    response = _search(client, **query)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert "results" not in response.context
    page = response.content.decode()
    assert message in page
    assert 'value="マイク"' in page  # the rest of the form as typed


def test_the_first_visit_shows_only_the_form(client):
    response = _search(client)
    assert response.status_code == 200
    assert "results" not in response.context
    assert response.context["form"].errors == {}


def test_rooms_are_paginated_and_pages_keep_the_query(client):
    facility = FacilityFactory()
    for n in range(23):
        SpaceFactory(facility=facility, name=f"部屋{n:02d}", sort_order=n)
    first = _search(client, date_from=SATURDAY.isoformat(), slot="午後")
    assert len(first.context["results"]) == 20
    assert "slot=%E5%8D%88%E5%BE%8C&amp;page=2" in first.content.decode()
    second = _search(client, date_from=SATURDAY.isoformat(), slot="午後", page=2)
    assert [r.space.name for r in second.context["results"]] == ["部屋20", "部屋21", "部屋22"]
    assert _search(client, date_from=SATURDAY.isoformat(), slot="午後", page="x").status_code == 200


def _bulk(space, day: dt.date, n: int):
    """n short bookings of the room over the searched days (one every 30 minutes, cycling through the days)."""
    user = UserFactory()
    starts = [at(day + timedelta(days=i % 7), 9) + timedelta(minutes=30 * (i // 7 % 24)) for i in range(n)]
    bookings = Booking.objects.bulk_create(
        [
            Booking(
                space=space,
                user=user,
                starts_at=s,
                ends_at=s + timedelta(minutes=30),
                purpose="x",
                expected_attendees=1,
            )
            for s in starts
        ]
    )
    Occupancy.objects.bulk_create(
        [Occupancy(booking=b, space=space, during=(b.starts_at, b.ends_at)) for b in bookings]
    )


@pytest.mark.parametrize(("rooms", "bookings"), [(2, 5), (40, 150)])
def test_query_count_does_not_grow_with_rooms_or_bookings(client, django_assert_max_num_queries, rooms, bookings):
    shop = FacilityFactory(kind=FacilityKind.VACANT_SHOP, opening_hours=False)  # lent in owner windows
    SpaceFactory(facility=shop)
    for n in range(rooms):
        facility = FacilityFactory() if n % 3 == 0 else None
        space = SpaceFactory(**({"facility": facility} if facility else {}))
        hall = SpaceFactory(facility=space.facility, name=f"ホール{n}")
        hall.parts.add(space)
        _bulk(space, SATURDAY, bookings // rooms + 1)
    FacilityFactory(booking_mode=BookingMode.PHONE, booking_phone="083-000-0000")
    client.force_login(UserFactory())
    with django_assert_max_num_queries(14):
        response = _search(client, date_from=SATURDAY.isoformat(), date_to="2026-12-11", time_from="09:00", people=1)
    assert response.status_code == 200
    assert len(response.context["results"]) == min(20, 2 * rooms + 1)


def test_the_booking_form_opens_prefilled_from_a_free_slot(client):
    user, _group = manager_with_group()
    room = SpaceFactory(name="会議室A", capacity=20)
    client.force_login(user)
    response = _search(client, date_from=SATURDAY.isoformat(), slot="午後", people=12)
    url = response.context["results"][0].days[0].free[0].book_url
    form = client.get(url).context["form"]
    assert form.initial["space"] == str(room.pk)
    assert form.initial["date"] == "2026-12-05"
    assert (form.initial["start"], form.initial["end"]) == ("13:00", "17:00")
    assert form.initial["expected_attendees"] == "12"
