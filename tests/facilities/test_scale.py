"""The month view at 100,000 bookings: same query count as at 100, and the occupancy lookup uses the GiST index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.facilities import FacilityFactory, SpaceFactory
from tests.perf.fill import fill_bookings

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BOOKINGS = 100_000


def _fill(space_ids: list[int], user_id: int) -> None:
    """100,000 bookings, 2 hours apart per room, with their occupancies, written by PostgreSQL itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO facilities_booking (space_id, user_id, starts_at, ends_at, purpose, expected_attendees,
                status, room_fee, equipment_fee, list_price, exemption_percent, exemption_state, final_price,
                price_lines, exemption_evidence, created_at, updated_at)
            SELECT (%(spaces)s::int[])[1 + i %% %(n)s], %(user)s,
                   '2020-01-01 09:00+09'::timestamptz + (i / %(n)s) * interval '2 hours',
                   '2020-01-01 10:00+09'::timestamptz + (i / %(n)s) * interval '2 hours',
                   'x', 1, 'confirmed', 0, 0, 0, 0, 'none', 0, '[]', '', now(), now()
            FROM generate_series(0, %(total)s - 1) AS i
            """,
            {"spaces": space_ids, "n": len(space_ids), "user": user_id, "total": BOOKINGS},
        )
        cursor.execute(
            """
            INSERT INTO facilities_occupancy (booking_id, space_id, during, is_active)
            SELECT id, space_id, tstzrange(starts_at, ends_at, '[)'), true FROM facilities_booking
            """
        )
        cursor.execute("ANALYZE facilities_occupancy")


def test_month_view_with_100000_bookings(client, django_assert_num_queries):
    facility = FacilityFactory()
    spaces = [SpaceFactory(facility=facility) for _ in range(2)]
    others = [SpaceFactory() for _ in range(18)]
    _fill([s.pk for s in spaces + others], UserFactory().pk)
    url = reverse("facilities:facility_month", args=[facility.pk, 2020, 6])
    with django_assert_num_queries(6):  # the same 6 as with 100 and 2,000 bookings (test_views)
        response = client.get(url)
    assert response.status_code == 200
    assert "予約済" in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            EXPLAIN SELECT o.space_id FROM facilities_occupancy o
            WHERE o.space_id IN (%s, %s) AND o.is_active
              AND o.during && tstzrange('2020-06-01+09', '2020-07-06+09', '[)')
            """,
            [spaces[0].pk, spaces[1].pk],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "facilities_occupancy_no_overlap" in plan, plan


@pytest.mark.django_db(transaction=True)
def test_month_of_a_very_busy_facility_reads_no_whole_table(client):
    """All 100,000 bookings of 3 years in one facility's 10 rooms (some 2,800 a month): the month still reads the
    occupancies through their GiST index and each booking by its key, where a join once made PostgreSQL scan every
    booking."""
    facility = FacilityFactory()
    fill_bookings([SpaceFactory(facility=facility).pk for _ in range(10)], UserFactory().pk, BOOKINGS)
    url = reverse("facilities:facility_month", args=[facility.pk, 2021, 6])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("予約済") > 2_000
    (sql,) = [query["sql"] for query in queries if 'FROM "facilities_occupancy"' in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "facilities_occupancy_no_overlap" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert "facilities_booking_pkey" in plan, plan
