"""The last seat is never given twice: many sign-ups at once for a few seats, like the booking race."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from civic_portal.center.models import Signup, SignupStatus
from civic_portal.center.services.events import signup_cancel, signup_create
from tests.factories.accounts import UserFactory
from tests.factories.center import EventFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
PEOPLE, SEATS = 50, 10


def _race(call, n):
    barrier = threading.Barrier(n)
    results = []

    def run(i):
        try:
            barrier.wait()
            results.append(call(i))
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_fifty_sign_ups_at_once_for_ten_seats_confirm_exactly_ten_and_waitlist_forty():
    event = EventFactory(capacity=SEATS)
    users = [UserFactory() for _ in range(PEOPLE)]

    results = _race(lambda i: signup_create(event=event, user=users[i]).status, PEOPLE)

    assert sorted(results).count(SignupStatus.CONFIRMED) == SEATS, results
    assert sorted(results).count(SignupStatus.WAITLISTED) == PEOPLE - SEATS, results
    counts = {s: Signup.objects.filter(event=event, status=s).count() for s in SignupStatus.values}
    assert counts[SignupStatus.CONFIRMED] == SEATS
    assert counts[SignupStatus.WAITLISTED] == PEOPLE - SEATS


def test_cancellations_at_once_promote_each_waiting_person_once():
    event = EventFactory(capacity=3)
    users = [UserFactory() for _ in range(6)]
    signups = [signup_create(event=event, user=u) for u in users]
    waiting = [s.pk for s in signups[3:]]

    _race(lambda i: signup_cancel(signup=signups[i], by=users[i]).status, 3)

    confirmed = set(Signup.objects.filter(event=event, status=SignupStatus.CONFIRMED).values_list("pk", flat=True))
    assert confirmed == set(waiting)
