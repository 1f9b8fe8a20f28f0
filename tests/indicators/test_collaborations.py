"""Collaboration projects (協働事業): the public register and the counts that feed the plan's indicators."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civic_portal.accounts.roles import CITY_OFFICIALS
from indicators import computed
from indicators.models import CollaborationKind, CollaborationProject
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory
from tests.factories.indicators import ActionItemFactory, DepartmentFactory

pytestmark = pytest.mark.django_db
URL = reverse("indicators:collaboration_list")


def _project(title="協働事業", *, year=2024, ends=True, items=(), groups=(), **fields):
    project = CollaborationProject.objects.create(
        title=title,
        kind=fields.pop("kind", CollaborationKind.CO_HOSTING),
        department=fields.pop("department", None) or DepartmentFactory(),
        starts_on=dt.date(year, 6, 1),
        ends_on=dt.date(year + 1, 2, 28) if ends else None,
        **fields,
    )
    project.items.set(items)
    project.partner_groups.set(groups)
    return project


def test_the_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        CollaborationProject.objects.create(
            title="逆", kind="subsidy", department=DepartmentFactory(), starts_on=dt.date(2024, 4, 1),
            ends_on=dt.date(2024, 3, 31),
        )  # fmt: skip


def test_the_register_lists_public_projects_with_partners_and_items(client):
    group = GroupFactory(name="みどりの会")
    item = ActionItemFactory()
    _project("子ども食堂の運営", items=[item], groups=[group], other_partners="商工会議所", budget=120000)
    _project("非公開の事業", is_public=False)
    page = client.get(URL).content.decode()
    assert "子ども食堂の運営" in page
    assert "非公開の事業" not in page
    assert "みどりの会" in page
    assert "商工会議所" in page
    assert reverse("indicators:item_detail", args=[item.pk]) in page


def test_the_register_filters_by_fiscal_year_and_kind_and_keeps_a_bad_year(client):
    _project("2023年度の事業", year=2023)
    _project("継続中の委託", year=2020, ends=False, kind=CollaborationKind.COMMISSION)
    page = client.get(URL, {"year": "2024"}).content.decode()
    assert "継続中の委託" in page  # still running in FY2024
    assert "2023年度の事業" not in page  # ended in February 2024, in FY2023
    page = client.get(URL, {"kind": "commission"}).content.decode()
    assert "2023年度の事業" not in page
    bad = client.get(URL, {"year": "令和"})
    assert bad.status_code == 200
    assert "入力内容を確認してください" in bad.content.decode()
    assert 'value="令和"' in bad.content.decode()


def test_the_counts_feed_the_plans_indicators():
    first, second = ActionItemFactory(), ActionItemFactory()
    _project("A", year=2024, items=[first])
    _project("B", year=2024, items=[first, second])
    _project("C", year=2022, items=[second])
    assert computed.REGISTRY["collaboration_projects"](2024) == 2
    assert computed.REGISTRY["collaborating_measures"](2024) == 2  # each item once, however many projects
    assert computed.REGISTRY["collaborating_measures"](2022) == 1
    assert computed.REGISTRY["collaborating_measures"](2099) is None  # a year not begun


@pytest.mark.parametrize("user", ["visitor", "official"])
def test_the_register_reads_a_fixed_number_of_queries(client, user):
    if user == "official":
        client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    department = DepartmentFactory()
    counts = []
    for size in (2, 12):
        for n in range(size):
            _project(f"事業{size}-{n}", department=department, items=[ActionItemFactory()], groups=[GroupFactory()])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_center_staff_keep_the_register_in_the_admin(client):
    client.force_login(StaffFactory())
    department, group, item = DepartmentFactory(), GroupFactory(), ActionItemFactory()
    url = reverse("admin:indicators_collaborationproject_add")
    data = {
        "title": "市民活動フォーラム", "kind": "committee", "department": department.pk, "partner_groups": [group.pk],
        "other_partners": "", "starts_on": "2024-04-01", "ends_on": "2024-03-01", "budget": "", "items": [item.pk],
        "outcome": "", "is_public": "on",
    }  # fmt: skip
    assert client.post(url, data).status_code == 200  # the end before the start is refused
    assert not CollaborationProject.objects.exists()
    assert client.post(url, {**data, "ends_on": "2025-03-31"}).status_code == 302
    project = CollaborationProject.objects.get()
    assert list(project.items.all()) == [item]
    assert list(project.partner_groups.all()) == [group]
