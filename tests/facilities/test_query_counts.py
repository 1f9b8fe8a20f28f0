"""List pages keep a fixed number of queries as the data grows."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from facilities.models import Booking, BookingStatus, Facility, FeeRate, Loan, OpeningHours, Space
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import EquipmentTypeFactory, FacilityFactory
from tests.factories.groups import AreaFactory, manager_with_group

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [3, 30])
def test_catalogue(client, django_assert_num_queries, size):
    area = AreaFactory()
    facilities = Facility.objects.bulk_create(
        [
            Facility(name=f"施設{i}", name_kana=f"シセツ{i}", kind="center", address="下関市", area=area)
            for i in range(size)
        ]
    )
    Space.objects.bulk_create([Space(facility=f, name="会議室", capacity=10 + i) for i, f in enumerate(facilities)])
    with django_assert_num_queries(2):  # areas for the filter form, facilities with their largest room
        response = client.get(reverse("facilities:facility_list"), {"capacity": 5, "barrier_free": ["elevator"]})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_my_bookings(client, django_assert_num_queries, size):
    user, group = manager_with_group()
    facility = FacilityFactory()
    space = Space.objects.create(facility=facility, name="会議室", capacity=10)
    start = timezone.now() + dt.timedelta(days=3)
    Booking.objects.bulk_create(
        [
            Booking(
                space=space,
                user=user,
                group=group if i % 2 else None,
                purpose="p",
                expected_attendees=1,
                starts_at=start + dt.timedelta(hours=2 * i),
                ends_at=start + dt.timedelta(hours=2 * i + 1),
            )
            for i in range(size)
        ]
    )
    client.force_login(user)
    with django_assert_num_queries(4):  # session, user, bookings, managed groups with calendars
        client.get(reverse("facilities:booking_list"))


@pytest.mark.parametrize("size", [3, 30])
def test_front_desk(client, django_assert_num_queries, size):
    staff = StaffFactory()
    facility = FacilityFactory(opening_hours=False)
    OpeningHours.objects.create(facility=facility, weekday=0, opens=dt.time(9), closes=dt.time(21))
    space = Space.objects.create(facility=facility, name="会議室", capacity=10)
    user = UserFactory()
    projector = EquipmentTypeFactory(facility=facility, stock=1000)
    now = timezone.localtime()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    bookings = Booking.objects.bulk_create(
        [
            Booking(
                space=space,
                user=user,
                purpose="p",
                expected_attendees=1,
                status=BookingStatus.CONFIRMED if i % 2 else BookingStatus.REQUESTED,
                starts_at=day_start + dt.timedelta(minutes=20 * i),
                ends_at=day_start + dt.timedelta(minutes=20 * i + 10),
            )
            for i in range(size)
        ]
    )
    Loan.objects.bulk_create(
        [
            Loan(equipment_type=projector, quantity=1, user=user, booking=b, starts_at=b.starts_at, ends_at=b.ends_at)
            for b in bookings
        ]
    )
    client.force_login(staff)
    # session, user, role check, TOTP check, facility picker, bookings and their loans, requested and their loans,
    # loans to hand over with their serial-numbered items, loans to take back
    with django_assert_num_queries(12):
        response = client.get(reverse("facilities:front_desk"))
    page = response.content.decode()
    # each confirmed booking offers check-in once it has begun, and says so before
    assert page.count("利用受付") + page.count("利用開始後に受付できます") == size // 2


@pytest.mark.parametrize("size", [3, 120])
def test_my_bookings_is_paginated_without_counting(client, django_assert_num_queries, size):
    user, group = manager_with_group()
    other = UserFactory()
    space = Space.objects.create(facility=FacilityFactory(), name="会議室", capacity=10)
    start = timezone.now() + dt.timedelta(days=3)
    Booking.objects.bulk_create(
        [
            Booking(
                space=space,
                user=user if i % 3 else other,  # every third one only through the managed group
                group=group if i % 2 == 0 else None,
                purpose="p",
                expected_attendees=1,
                starts_at=start + dt.timedelta(hours=2 * i),
                ends_at=start + dt.timedelta(hours=2 * i + 1),
                room_fee=10_000 + i,
                list_price=10_000 + i,
                final_price=10_000 + i,
            )
            for i in range(size)
        ]
    )
    mine = [i for i in range(size) if i % 3 or i % 2 == 0]
    client.force_login(user)
    seen = []
    for page in range(1, 4):
        with django_assert_num_queries(4):  # session, user, managed groups with calendars, one page of bookings
            html = client.get(reverse("facilities:booking_list"), {"page": page}).content.decode()
        rows = [i for i in range(size) if f"{10_000 + i}円" in html]
        assert len(rows) <= 50
        seen += rows
        assert (f"?page={page + 1}" in html) == (len(mine) > 50 * page)
    assert sorted(seen) == mine  # newest first, each booking on exactly one page
    assert client.get(reverse("facilities:booking_list"), {"page": "x"}).status_code == 400


@pytest.mark.parametrize("size", [3, 30])
def test_fee_page_is_served_from_the_cache_until_a_row_changes(client, django_assert_num_queries, size):
    facility = FacilityFactory()
    spaces = Space.objects.bulk_create([Space(facility=facility, name=f"会議室{i}", capacity=10) for i in range(size)])
    FeeRate.objects.bulk_create(
        [
            FeeRate(space=s, day_type=day_type, label="午前", starts=dt.time(9), ends=dt.time(12), hourly_fee=300)
            for s in spaces
            for day_type in ("weekday", "holiday")
        ]
    )
    url = reverse("facilities:fees")
    assert client.get(url).content.decode().count("300円") == 2 * size
    with django_assert_num_queries(2):  # the digest of the schedule's rows, the cached tables
        assert client.get(url).content.decode().count("300円") == 2 * size
    # A bulk update sends no signal: the digest of the rows changes all the same.
    FeeRate.objects.filter(space=spaces[0], day_type="holiday").update(hourly_fee=450)
    page = client.get(url).content.decode()
    assert (page.count("300円"), page.count("450円")) == (2 * size - 1, 1)
    Space.objects.filter(pk=spaces[-1].pk).update(name="大ホール")
    assert "大ホール" in client.get(url).content.decode()
    # The tables are kept per language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "Fee exemption rules" in page
    assert "減免基準" not in page
