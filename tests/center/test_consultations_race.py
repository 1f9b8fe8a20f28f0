"""Many people book the same consultation slot at once: exactly one booking, the rest get a clear message."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from civic_portal.center.models import ConsultationBooking
from civic_portal.center.services.consultations import slot_book
from tests.factories.accounts import UserFactory
from tests.factories.center_desk import ConsultationSlotFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
THREADS = 6


def test_race_for_one_slot_ends_with_exactly_one_booking():
    slot = ConsultationSlotFactory()
    users = [UserFactory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    results = []

    def run(i):
        try:
            barrier.wait()
            slot_book(user=users[i], slot=slot, topics=["funding"])
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
    assert results.count("ok") == 1, results
    assert all("すでに予約されています" in r for r in results if r != "ok"), results
    assert ConsultationBooking.objects.filter(slot=slot).count() == 1
