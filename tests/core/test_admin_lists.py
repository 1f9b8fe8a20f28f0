"""What staff see in the lists that replaced date_hierarchy and the OR search: the right rows."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from psycopg import sql

from civic_portal.accounts.models import User
from facilities.models import Booking
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import SpaceFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db

TOKYO = dt.timezone(dt.timedelta(hours=9))
BOOKINGS = reverse("admin:facilities_booking_changelist")
AUDIT = reverse("admin:core_auditevent_changelist")


def _book(space, user, starts_at, *, purpose="会議", group=None):
    return Booking.objects.create(
        space=space,
        user=user,
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        purpose=purpose,
        expected_attendees=3,
    )


def _listed(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response, list(response.context["cl"].result_list)


@time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=TOKYO), tick=False)
def test_bookings_by_period_and_fiscal_year(client):
    space, user = SpaceFactory(), UserFactory()
    at = {
        "today": _book(space, user, dt.datetime(2026, 6, 15, 14, tzinfo=TOKYO)),
        "tomorrow": _book(space, user, dt.datetime(2026, 6, 16, 9, tzinfo=TOKYO)),
        "in_five_days": _book(space, user, dt.datetime(2026, 6, 20, 9, tzinfo=TOKYO)),
        "next_month": _book(space, user, dt.datetime(2026, 7, 1, 0, tzinfo=TOKYO)),
        "last_month": _book(space, user, dt.datetime(2026, 5, 31, 23, tzinfo=TOKYO)),
        "last_fiscal_year": _book(space, user, dt.datetime(2026, 3, 31, 23, tzinfo=TOKYO)),
    }
    client.force_login(StaffFactory())
    expected = {
        "today": {"today"},
        "tomorrow": {"tomorrow"},
        "next7": {"today", "tomorrow", "in_five_days"},
        "this_month": {"today", "tomorrow", "in_five_days"},
        "next_month": {"next_month"},
        "last_month": {"last_month"},
        "fy2026": {"today", "tomorrow", "in_five_days", "next_month", "last_month"},
        "fy2025": {"last_fiscal_year"},
    }
    for period, names in expected.items():
        _response, rows = _listed(client, BOOKINGS, {"period": period})
        assert {b.pk for b in rows} == {at[name].pk for name in names}, period
    response, rows = _listed(client, BOOKINGS)
    assert [b.pk for b in rows] == [at[n].pk for n in ("next_month", "in_five_days", "tomorrow", "today")] + [
        at["last_month"].pk,
        at["last_fiscal_year"].pk,
    ], "newest first"
    html = response.content.decode()
    assert "令和8年度（2026年度）" in html
    assert "令和7年度（2025年度）" in html
    assert "令和6年度" not in html
    assert len(_listed(client, BOOKINGS, {"period": "someday"})[1]) == len(at)  # an unknown period filters nothing


def test_booking_search_finds_each_field_and_every_term(client):
    space = SpaceFactory()
    alice = UserFactory(email="alice@example.jp")
    bob = UserFactory(email="bob@example.jp")
    choir = GroupFactory(name="みなと合唱団")
    start = dt.datetime(2026, 9, 1, 10, tzinfo=TOKYO)
    by_purpose = _book(space, bob, start, purpose="合唱の練習")
    by_email = _book(space, alice, start + dt.timedelta(days=1), purpose="打合せ")
    by_group = _book(space, bob, start + dt.timedelta(days=2), purpose="総会", group=choir)
    _book(space, bob, start + dt.timedelta(days=3), purpose="打合せ")
    client.force_login(StaffFactory())
    found = {
        "合唱": {by_purpose, by_group},
        "ALICE@": {by_email},
        "bob 総会": {by_group},
        '"合唱の練習"': {by_purpose},
        "nobody": set(),
    }
    for term, bookings in found.items():
        assert set(_listed(client, BOOKINGS, {"q": term})[1]) == bookings, term


def _age_events(user, days):
    """Move the user's audit events back in time (the database stamps them; the table takes no UPDATE)."""
    from pghistory.core import event_models

    (events,) = event_models(tracks_model=User)
    table = sql.Identifier(events._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(table))
        cursor.execute(
            sql.SQL("UPDATE {} SET pgh_created_at = now() - %s * interval '1 day' WHERE pgh_obj_id = %s").format(table),
            [days, user.pk],
        )
        cursor.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(table))


def test_the_audit_trail_shows_the_last_30_days_unless_asked_and_an_object_whole(client):
    old, recent = UserFactory(full_name="昔の利用者"), UserFactory(full_name="最近の利用者")
    _age_events(old, 40)
    client.force_login(StaffFactory())

    def users(params=None):
        return {e.pgh_obj_id for e in _listed(client, AUDIT, params)[1] if e.pgh_obj_model == "accounts.User"}

    # Only the users' events: the migrations' role events (one per permission) would fill a first page of all.
    users_only = {"model": "accounts.User"}
    assert str(recent.pk) in users(users_only)
    assert str(old.pk) not in users(users_only)
    assert str(old.pk) in users({"period": "last365", **users_only})
    assert str(old.pk) not in users({"period": "last7", **users_only})
    history = client.get(reverse("admin:accounts_user_history", args=[old.pk]))
    assert history.status_code == 302
    assert users(dict(part.split("=") for part in history.url.split("?")[1].split("&"))) == {str(old.pk)}
