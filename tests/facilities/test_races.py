"""Many simultaneous requests for one slot or the last units: exactly one wins, the rest get a clear message."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from facilities.models import Booking, Loan
from facilities.services import loan_create
from tests.factories.accounts import UserFactory
from tests.factories.facilities import EquipmentTypeFactory, SpaceFactory, at, booked, next_weekday

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
THREADS = 6


def _race(call):
    barrier = threading.Barrier(THREADS)
    results = []

    def run(i):
        try:
            barrier.wait()
            call(i)
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_race_for_one_room_slot_ends_with_exactly_one_booking():
    facility_space = SpaceFactory()
    hall = SpaceFactory(facility=facility_space.facility, name="ホール", parts=[facility_space])
    users = [UserFactory() for _ in range(THREADS)]
    day = next_weekday(2)

    def call(i):
        booked(
            hall if i % 2 else facility_space, day, user=users[i], purpose="会議", expected_attendees=5, notify=False
        )

    results = _race(call)
    assert results.count("ok") == 1
    assert all("すでに予約が入っています" in r for r in results if r != "ok"), results
    assert Booking.objects.count() == 1


def test_race_for_the_last_projectors_never_over_commits():
    projector = EquipmentTypeFactory(stock=3)
    users = [UserFactory() for _ in range(THREADS)]
    day = next_weekday(3)

    def call(i):
        loan_create(user=users[i], equipment_type=projector, quantity=2, starts_at=at(day, 9), ends_at=at(day, 17))

    results = _race(call)
    assert results.count("ok") == 1
    assert all("あと1点" in r for r in results if r != "ok"), results
    assert sum(Loan.objects.values_list("quantity", flat=True)) == 2
