"""Utilisation: booked hours ÷ open hours per facility, room and month, by slot and by kind of user, no-shows and
cancellations; the page and CSV for center staff and officials; the plan's center_occupancy indicator."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from civic_portal.accounts.roles import CITY_OFFICIALS
from facilities.models import Booking, BookingStatus, Closure
from facilities.utilisation import utilisation
from groups.models import GroupStatus
from indicators import computed
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import FacilityFactory, SpaceFactory, at
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, tzinfo=TZ), tick=False)


def _booking(space, day, hours, status, *, group=None):
    attendees = 5 if status == BookingStatus.USED else None
    return Booking.objects.create(
        space=space,
        user=UserFactory(),
        group=group,
        starts_at=at(day, hours[0]),
        ends_at=at(day, hours[1]),
        purpose="定例会",
        expected_attendees=5,
        attendees=attendees,
        status=status,
    )


@pytest.fixture
def center():
    """The center, open 9:00–21:00 every day (12 hours), closed on 30 April, with April's bookings."""
    facility = FacilityFactory(name="市民活動センター", is_center=True)
    Closure.objects.create(
        facility=facility, first_day=dt.date(2026, 4, 30), last_day=dt.date(2026, 4, 30), reason="点検"
    )
    room = SpaceFactory(facility=facility, name="会議室A")
    SpaceFactory(facility=facility, name="会議室B")
    registered = GroupFactory()
    other = GroupFactory(status=GroupStatus.DRAFT)
    _booking(room, dt.date(2026, 4, 6), (10, 12), BookingStatus.USED, group=registered)  # 午前, 2 h
    _booking(room, dt.date(2026, 4, 7), (13, 15), BookingStatus.CONFIRMED)  # 午後, 2 h, a citizen
    _booking(room, dt.date(2026, 4, 8), (18, 20), BookingStatus.NO_SHOW, group=other)  # 夜間, 2 h
    _booking(room, dt.date(2026, 4, 9), (10, 12), BookingStatus.CANCELLED, group=registered)  # not booked time
    _booking(room, dt.date(2026, 5, 1), (9, 21), BookingStatus.CONFIRMED)  # May, 12 h
    _booking(room, dt.date(2025, 4, 1), (9, 21), BookingStatus.USED)  # the year before
    return facility


def test_rates_per_room_month_slot_and_kind_of_user(center):
    report = utilisation(2026)
    [row] = report.facilities
    room_a, room_b = row.rooms
    april = room_a.months[0]
    assert report.months[0] == dt.date(2026, 4, 1)
    assert report.months[-1] == dt.date(2027, 3, 1)
    assert april.open_minutes == 29 * 12 * 60  # 30 April closed
    assert april.booked_minutes == 6 * 60
    assert april.rate == round(6 / (29 * 12), 4)
    assert (april.bookings, april.no_shows, april.cancellations) == (3, 1, 1)
    assert room_a.months[1].booked_minutes == 12 * 60
    assert room_b.months[0].booked_minutes == 0
    assert room_b.months[0].rate == 0
    assert row.months[0].open_minutes == 2 * 29 * 12 * 60  # both rooms
    assert row.total.booked_minutes == 18 * 60
    assert {k: f.booked_minutes for k, f in row.by_slot.items()} == {
        "morning": 12 * 60 + 120,  # 1 May 9:00 starts in the morning
        "afternoon": 120,
        "evening": 120,
    }
    assert {k: (f.bookings, f.no_shows, f.cancellations) for k, f in row.by_user.items()} == {
        "registered": (1, 0, 1),
        "other_group": (1, 1, 0),
        "citizen": (2, 0, 0),
    }
    assert utilisation(2025).facilities[0].total.booked_minutes == 12 * 60


def test_center_occupancy_feeds_the_plan(center):
    report = utilisation(2026)
    expected = Decimal(str(round(report.total.rate * 100, 1)))
    assert computed.compute("center_occupancy", 2026) == expected > 0
    assert computed.compute("center_occupancy", 2027) is None  # not begun
    FacilityFactory(is_center=False)  # other facilities do not count
    assert computed.compute("center_occupancy", 2026) == expected


def test_the_page_is_for_center_staff_and_officials(client, center):
    url = reverse("facilities:utilisation")
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    assert client.get(url).status_code == 200
    client.force_login(StaffFactory())
    response = client.get(url, {"fiscal_year": 2026, "facility": center.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "会議室A" in page
    assert "2026-04" in page
    assert f"{round(6 / (29 * 12) * 100, 1)}" in page


def test_the_csv_goes_through_the_export_helper(client, center):
    client.force_login(StaffFactory())
    response = client.get(reverse("facilities:utilisation_csv"), {"fiscal_year": 2026})
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith(
        "\ufeff施設,部屋,月,利用時間（時間）,利用可能時間（時間）,稼働率（%）,予約件数,無断不使用,取消\r\n"
    )
    assert "市民活動センター,会議室A,2026-04,6.0,348.0,1.7,3,1,1\r\n" in body
    assert len(body.strip().split("\r\n")) == 1 + 2 * 12


@pytest.mark.parametrize(
    ("params", "field"), [({"fiscal_year": "abc"}, "fiscal_year"), ({"facility": "999999"}, "facility")]
)
def test_bad_filters_are_answered_in_japanese(client, center, params, field):
    client.force_login(StaffFactory())
    response = client.get(reverse("facilities:utilisation"), params)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors[field]
    assert "正しく選択してください。" in response.content.decode()
    assert client.get(reverse("facilities:utilisation_csv"), params).status_code == 400


@pytest.mark.parametrize("size", [1, 8])
def test_the_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for _n in range(size):
        facility = FacilityFactory()
        room = SpaceFactory(facility=facility)
        SpaceFactory(facility=facility)
        for day in range(1, 1 + 5 * size):
            _booking(room, dt.date(2026, 4, 1) + dt.timedelta(days=day), (10, 12), BookingStatus.USED)
        Closure.objects.create(
            facility=facility, first_day=dt.date(2026, 5, 3), last_day=dt.date(2026, 5, 5), reason="n"
        )
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(16):
        response = client.get(reverse("facilities:utilisation"), {"fiscal_year": 2026})
    assert len(response.context["report"].facilities) == size
