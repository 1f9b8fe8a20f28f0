"""Every admin changelist runs the same number of queries whatever the size of the data: plain, searched, and with
each of its list filters applied, at two sizes of a world where every row has its own related objects."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.admin_world import grow

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Django's and allauth's own lists, which only a superuser reaches; every other list is opened by center staff.
SUPERUSER_ONLY = {"auth.group", "account.emailaddress", "mfa.authenticator"}
SMALL, BIG = 2, 7


def _labels():
    return sorted(model._meta.label_lower for model in admin.site._registry)


def _url(label):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def _views(client, url):
    """The plain list, a search, and each list filter's first choice, as the page itself links them."""
    response = client.get(url)
    assert response.status_code == 200, url
    changelist = response.context["cl"]
    views = {"plain": ""}
    if changelist.search_fields:
        views["search"] = "?q=1"
    for spec in changelist.filter_specs:
        choices = [choice for choice in spec.choices(changelist) if not choice.get("selected")]
        if choices:
            views[f"filter {spec.title}"] = choices[0]["query_string"]
    return views


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [query["sql"] for query in queries], response.context["cl"]


@pytest.mark.parametrize("label", _labels())
def test_changelist_queries_do_not_grow(client, label):
    account = UserFactory(is_staff=True, is_superuser=True) if label in SUPERUSER_ONLY else StaffFactory()
    client.force_login(account)
    url = _url(label)
    grow(SMALL)
    views = _views(client, url)  # also warms the per-process caches (content types, sites)
    small = {name: _count(client, url + query) for name, query in views.items()}
    grow(BIG - SMALL)
    grown = []
    for name, query in views.items():
        count, sql, changelist = _count(client, url + query)
        small_count, small_sql, small_changelist = small[name]
        if count != small_count:
            extra = "\n  ".join(q for q in sql if q not in small_sql)
            grown.append(f"{name}: {small_count} → {count} queries\n  {extra}")
        if name == "plain":
            assert changelist.result_count > small_changelist.result_count, f"{label}: the list did not grow"
    assert not grown, f"{label}\n" + "\n".join(grown)


@pytest.fixture
def three_years_of_user_events():
    """50,000 changes of one user's record, one every half hour back over almost three years."""
    from pghistory.core import event_models
    from psycopg import sql

    from civic_portal.accounts.models import User

    user = UserFactory(full_name="変更の多い利用者")
    (events,) = event_models(tracks_model=User)
    columns = [f.column for f in events._meta.concrete_fields if f.column not in ("pgh_id", "pgh_created_at")]
    copies = sql.SQL(
        "INSERT INTO {table} ({columns}, pgh_created_at) SELECT {columns}, now() - n * interval '30 minutes' "
        "FROM {table}, generate_series(1, 50000) AS n WHERE pgh_obj_id = %s"
    ).format(table=sql.Identifier(events._meta.db_table), columns=sql.SQL(", ").join(map(sql.Identifier, columns)))
    with connection.cursor() as cursor:
        cursor.execute(copies, [user.pk])
        cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(events._meta.db_table)))
    return events


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _read_trail(client, table, params):
    """One page of the audit trail; its changelist, and its event queries (the whole and the page's keys)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:core_auditevent_changelist"), params)
    assert response.status_code == 200
    sql = [q["sql"].split("; ", 1)[-1] for q in queries]
    union = [q for q in sql if "pghistory_events" in q]
    (keys,) = [q for q in sql if f'"{table}"' in q and "pghistory_events" not in q]
    assert len(union) == 2  # the count, then the page's events whole
    return response.context["cl"], union, keys


def test_the_audit_trail_reads_one_period_through_the_time_indexes(client, three_years_of_user_events):
    client.force_login(StaffFactory())
    events = three_years_of_user_events
    table = events._meta.db_table
    newest = events.objects.order_by("-pgh_created_at").first()
    # The user events alone (the other tables hold what the migrations did, such as the roles' permissions): the
    # last 30 days (from the 29th day back, at midnight in Tokyo), two changes an hour, of 50,000.
    users, *_ = _read_trail(client, table, {"event_model": events._meta.label_lower})
    assert 29 * 48 < users.result_count <= 30 * 48 + 10  # (and the staff account's own few)
    for params in ({"event_model": events._meta.label_lower}, {}):
        changelist, union, keys = _read_trail(client, table, params)
        assert changelist.result_count >= users.result_count
        assert len(changelist.result_list) == changelist.list_per_page
        for plan in [*map(_plan, union), _plan(keys)]:
            assert f"Seq Scan on {table}" not in plan, plan
        # The page's keys: each table's newest rows of the period, read backwards through its (time, id) index.
        assert ("UNION ALL" in keys) == (not params)
        assert "Index Only Scan Backward using accounts_user_event_at" in _plan(keys)
        times = [event.pgh_created_at for event in changelist.result_list]
        assert times == sorted(times, reverse=True)
        assert times[0] == newest.pgh_created_at


def test_audit_trail_pages_follow_each_other_newest_first(client, three_years_of_user_events):
    client.force_login(StaffFactory())
    url = reverse("admin:core_auditevent_changelist")
    first, second = (client.get(url, {"p": page}).context["cl"].result_list for page in (1, 2))
    keys = [(event.pgh_model, event.pgh_id) for event in [*first, *second]]
    assert len(set(keys)) == 2 * len(first) == 50
    assert first[-1].pgh_created_at >= second[0].pgh_created_at
