"""Query plans at city scale (issue 13): the directory, a facility's month calendar and the admin's list of bookings
read through indexes at 100,000 rows, never the whole table. Each page is requested as a visitor would, and every
query it ran on the big table is EXPLAINed as PostgreSQL plans it (rows from tests/perf/fill.py, VACUUMed and
ANALYZEd). No time is asserted: the plans are what stays true on any machine."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import Group
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import FacilityFactory, SpaceFactory
from tests.perf.fill import fill_bookings, fill_groups

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROWS = 100_000


def _plans(client, url: str, table: str, params: dict | None = None) -> tuple[str, list[str]]:
    """The EXPLAIN of the page's list of rows from `table`, and of each other query reading `table` (its count).

    Prefetches of related rows by their keys are left out.
    """
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    page: list[str] = []
    others: list[str] = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if f'FROM "{table}"' not in sql or "_prefetch_related_val" in sql:
                continue
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            (page if sql.startswith(f'SELECT "{table}"."id"') else others).append(plan)
    assert len(page) == 1, f"{url}: {len(page)} lists of {table}"
    return page[0], others


def test_directory_reads_indexes_at_100000_groups(client):
    ids = fill_groups(ROWS)
    url = reverse("groups:group_list")
    middle = Group.objects.public().order_by("kana_sort", "id").values_list("pk", flat=True)[ROWS // 2]
    walks = {  # pages that walk an index in the page's own order and stop after 21 rows: no sort at all
        "default order": ({}, "groups_group_dir_kana"),
        "newest": ({"order": "newest"}, "groups_group_dir_new"),
        "deep page (cursor)": ({"after": middle, "page": 2400}, "groups_group_dir_kana"),
        "deep page, newest": ({"after": middle, "order": "newest"}, "groups_group_dir_new"),
        "recruiting partners, newest": ({"recruiting": "partners", "order": "newest"}, "groups_group_dir_prt_new"),
        "activity field": ({"field": ids["field"]}, "groups_group_dir_kana"),
        "district, newest": ({"area": ids["area"], "order": "newest"}, "groups_group_dir_new"),
        "weekday": ({"day": 3}, "groups_group_dir_kana"),
    }
    for name, (params, index) in walks.items():
        page, counts = _plans(client, url, "groups_group", params)
        assert f"Index Scan using {index} on groups_group" in page, f"{name}\n{page}"
        assert "Sort" not in page, f"{name}\n{page}"
        for plan in [page, *counts]:
            assert "Seq Scan on groups_group" not in plan, f"{name}\n{plan}"
    # ボランティア募集中 is having an open need: the groups of the open needs are read by key (the few matches then
    # sorted), never a scan of the groups.
    page, counts = _plans(client, url, "groups_group", {"recruiting": "volunteers"})
    assert "Index Scan using groups_group_pkey on groups_group" in page, page
    for plan in [page, *counts]:
        assert "Seq Scan on groups_group" not in plan, plan
    # Searches find their matches through the grams index (1-2 characters) or the trigram index (3 or more),
    # for the count and for the page, which then sorts only the matches.
    searches = {
        "2 characters": ({"q": "食堂"}, "groups_group_search_grams"),
        "1 character": ({"q": "棋"}, "groups_group_search_grams"),
        "2 characters in half-width katakana": ({"q": "ﾄﾞﾘ"}, "groups_group_search_grams"),  # ドリ → どり
        "3 characters": ({"q": "しょうぎ"}, "groups_group_search_trgm"),
        "2 characters and a field": ({"q": "食堂", "field": ids["field"]}, "groups_group_search_grams"),
    }
    for name, (params, index) in searches.items():
        page, counts = _plans(client, url, "groups_group", params)
        for plan in [page, *counts]:
            assert f"Bitmap Index Scan on {index}" in plan, f"{name}\n{plan}"
            assert "Seq Scan on groups_group" not in plan, f"{name}\n{plan}"


def _spaces(facility) -> list[int]:
    """The issue's city: 50 facilities of 4 spaces (here `facility`'s 4 and 196 elsewhere) sharing the bookings."""
    own = [SpaceFactory(facility=facility) for _ in range(4)]
    elsewhere = FacilityFactory(opening_hours=False)
    return [space.pk for space in own + [SpaceFactory(facility=elsewhere) for _ in range(196)]]


def test_month_calendar_and_admin_bookings_read_indexes_at_100000_bookings(client):
    facility = FacilityFactory()
    fill_bookings(_spaces(facility), UserFactory().pk, ROWS)
    # A facility's month: the occupancies through the exclusion constraint's GiST index on (space, during), each
    # with its booking by key.
    url = reverse("facilities:facility_month", args=[facility.pk, 2021, 6])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (sql,) = [query["sql"] for query in queries if 'FROM "facilities_occupancy"' in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "facilities_occupancy_no_overlap" in plan, plan
    assert "Seq Scan on facilities_occupancy" not in plan, plan
    assert "Seq Scan on facilities_booking" not in plan, plan
    # The admin's list, newest first: the (starts_at, id) index read backwards, 100 rows and no sort.
    client.force_login(StaffFactory())
    page, _count = _plans(client, reverse("admin:facilities_booking_changelist"), "facilities_booking")
    assert "Index Scan Backward using fac_booking_start on facilities_booking" in page, page
    assert "Sort" not in page, page
    assert "Seq Scan on facilities_booking" not in page, page
