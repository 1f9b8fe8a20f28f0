"""The admin's bookings at 100,000 rows: every list the page shows reads an index, not the table (EXPLAIN)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import SpaceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROWS = 100_000
URL = reverse("admin:facilities_booking_changelist")


@pytest.fixture
def hundred_thousand_bookings():
    """Bookings every two hours over about 23 years around now, in four rooms; one in fifty awaits an exemption."""
    spaces = [SpaceFactory().pk for _ in range(4)]
    user = UserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO facilities_booking (
                space_id, user_id, starts_at, ends_at, purpose, expected_attendees, status, room_fee, equipment_fee,
                list_price, exemption_percent, exemption_state, exemption_evidence, final_price, price_lines,
                created_at, updated_at)
            SELECT (%(spaces)s::bigint[])[1 + n %% 4], %(user)s,
                   now() + (n - %(rows)s / 2) * interval '2 hours', now() + (n - %(rows)s / 2) * interval '2 hours'
                   + interval '1 hour', '会議', 5, 'confirmed', 0, 0, 0, 0,
                   CASE WHEN n %% 50 = 0 THEN 'applied' ELSE 'none' END, '', 0, '[]', now(), now()
            FROM generate_series(1, %(rows)s) AS n
            """,
            {"spaces": spaces, "user": user.pk, "rows": ROWS},
        )
        cursor.execute("ANALYZE facilities_booking")


def _list_query(client, params):
    """The page's query of the bookings it lists (the one with LIMIT), as the admin ran it."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    (sql,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT "facilities_booking"."id"')]
    return sql


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "Index Scan Backward using fac_booking_start on facilities_booking"),
        # a week of bookings: by start, or room by room, plain or as a bitmap (the planner picks; all are indexes)
        ({"period": "next7"}, " fac_booking_"),
        ({"exemption_state__exact": "applied"}, "fac_booking_exemption_start"),
        ({"status__exact": "confirmed", "period": "this_month"}, "facilities_booking"),
    ],
)
def test_the_admin_list_reads_an_index(client, hundred_thousand_bookings, params, index):
    client.force_login(StaffFactory())
    plan = _plan(_list_query(client, params))
    assert index in plan, plan
    assert "Seq Scan on facilities_booking" not in plan, plan


def test_the_page_asks_no_question_of_the_whole_table(client, hundred_thousand_bookings):
    """No date_hierarchy: no list of years (DISTINCT over every row); the period filter's years are MIN and MAX."""
    client.force_login(StaffFactory())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    assert not [q for q in queries if "DATE_TRUNC" in q["sql"] or "DISTINCT" in q["sql"]]
    (bounds,) = [q["sql"] for q in queries if 'MIN("facilities_booking"."starts_at")' in q["sql"]]
    plan = _plan(bounds)
    assert "fac_booking_start" in plan, plan
    assert "Seq Scan on facilities_booking" not in plan, plan
    changelist = response.context["cl"]
    assert changelist.list_per_page == 25  # a page of the list, not Django's 100 rows (each row costs its columns)
    assert len(changelist.result_list) == changelist.list_per_page
