"""The long tables: the annual report and the stage counts computed by the database, rows rendered in Python
(escaped as the templates escaped them), links filled in from one reverse()."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse

from civic_portal.accounts.roles import CITY_OFFICIALS
from indicators.models import ReviewStatus
from indicators.selectors.plans import my_items, plan_overview
from indicators.selectors.reports import _report_items, report_data
from indicators.table_rows import ID_SLOT, TEXT_SLOT, YEAR_SLOT, RowUrls
from tests.factories.accounts import UserFactory
from tests.factories.indicators import (
    ActionItemFactory,
    DepartmentFactory,
    IndicatorFactory,
    PlanFactory,
    YearPlanFactory,
    department_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Plan 2015–2017. A: 検討 in 2014 (before the period), nothing in 2015, → in 2016. B: 一部実施 then → twice,
    approved in 2015 and 2016 with different results, two departments (the second listed first)."""
    plan = PlanFactory(code="p", start_year=2015, end_year=2017)
    a = ActionItemFactory(node__plan=plan, node__code="A", node__sort_order=1)
    first, second = DepartmentFactory(name="一課"), DepartmentFactory(name="二課")
    b = ActionItemFactory(node__plan=plan, node__code="B", node__sort_order=2, departments=[second, first])
    for year, stage in ((2014, "検討"), (2015, ""), (2016, "→")):
        YearPlanFactory(item=a, fiscal_year=year, planned_stage=stage)
    approved = ReviewStatus.APPROVED
    YearPlanFactory(item=b, fiscal_year=2015, planned_stage="一部実施", actual_stage="検討", status=approved)
    YearPlanFactory(item=b, fiscal_year=2016, planned_stage="→", actual_stage="一部実施", status=approved)
    YearPlanFactory(item=b, fiscal_year=2017, planned_stage="→", actual_stage="実施", status=ReviewStatus.SUBMITTED)
    return plan


def test_report_resolves_arrows_inside_the_plan_period_in_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        items, changes = _report_items(plan, 2016, internal=False)
    a, b = items
    assert (a["code"], a["planned"], a["planned_effective"]) == ("A", "→", "")  # 2014 lies outside the period
    assert (b["planned"], b["planned_effective"], b["actual"], b["confirmed"]) == ("→", "一部実施", "一部実施", True)
    assert b["departments"] == ["二課", "一課"]
    assert a["departments"] == []
    assert [(c["code"], c["before"], c["after"]) for c in changes] == [("B", "検討", "一部実施")]
    public = report_data(plan=plan, fiscal_year=2017, internal=False)["items"][1]
    assert (public["planned_effective"], public["actual"], public["status"]) == ("一部実施", "", "担当課提出済")
    internal = report_data(plan=plan, fiscal_year=2017, internal=True)["items"][1]
    assert (internal["actual"], internal["confirmed"]) == ("実施", False)
    assert report_data(plan=plan, fiscal_year=2018, internal=True)["items"][1]["planned_effective"] == ""


def test_overview_counts_arrows_inside_the_plan_period(plan):
    overview = plan_overview(plan=plan, user=AnonymousUser())
    counts = {stage.value: cells for stage, cells in overview["stage_rows"]}
    assert overview["years"] == [2015, 2016, 2017]
    assert [planned for planned, _actual in counts["一部実施"]] == [1, 1, 1]
    assert [planned for planned, _actual in counts["検討"]] == [0, 0, 0]  # A's 2014 stage is not continued
    assert [actual for _planned, actual in counts["一部実施"]] == [0, 0, 0]  # approved is not yet public
    official = plan_overview(plan=plan, user=UserFactory(roles=[CITY_OFFICIALS]))
    counts = {stage.value: cells for stage, cells in official["stage_rows"]}
    assert [actual for _planned, actual in counts["一部実施"]] == [0, 1, 0]
    assert [actual for _planned, actual in counts["実施"]] == [0, 0, 1]


@time_machine.travel(dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC), tick=False)
def test_department_users_report_each_plans_last_year_once_it_has_ended(plan):
    user = department_user(plan.nodes.get(code="B").item.departments.get(name="一課"))
    [row] = my_items(user=user)
    assert (row.code, row.report_year, row.planned, row.actual, row.status) == ("B", 2017, "", "実施", "担当課提出済")


def test_long_tables_escape_what_users_typed(client, plan):
    hostile = "<script>x</script>"
    item = plan.nodes.get(code="B").item
    item.node.title = hostile
    item.node.save()
    department = item.departments.get(name="一課")
    department.name = "<b>課</b>"
    department.save()
    year_plan = item.years.get(fiscal_year=2016)
    year_plan.progress_note = "一行目\n<i>二行目</i>"
    year_plan.save()
    IndicatorFactory(plan=plan, code="9", name="<u>指標</u>", qualifier="<s>回答</s>")
    client.force_login(department_user(department))
    pages = [
        reverse("indicators:dashboard"),
        reverse("indicators:department_detail", args=["p", department.pk]),
        reverse("indicators:node_detail", args=["p", item.node.parent_id]),
        reverse("indicators:report_detail", args=["p", 2016]),
        reverse("indicators:plan_detail", args=["p"]),
    ]
    html = {url: client.get(url).content.decode() for url in pages}
    for url, page in html.items():
        for raw in (hostile, "<b>課</b>", "<u>指標</u>", "<i>二行目</i>"):
            assert raw not in page, (url, raw)
    dashboard, department_page, node_page, report, plan_page = html.values()
    for page in (dashboard, department_page, node_page, report):
        assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "二課・&lt;b&gt;課&lt;/b&gt;" in department_page  # in the departments' own order
    assert "二課・&lt;b&gt;課&lt;/b&gt;" in report
    assert "一行目<br>&lt;i&gt;二行目&lt;/i&gt;" in report
    assert "&lt;u&gt;指標&lt;/u&gt;（&lt;s&gt;回答&lt;/s&gt;）" in plan_page


def test_row_urls_read_as_reverse_does():
    items = RowUrls("indicators:item_detail", ID_SLOT)
    assert items(7) == reverse("indicators:item_detail", args=[7])
    record = RowUrls("indicators:result_record", ID_SLOT, YEAR_SLOT)
    assert record(7, 2016) == reverse("indicators:result_record", args=[7, 2016])
    indicator = RowUrls("indicators:indicator_detail", "p-2015", TEXT_SLOT)
    for code in ["1-3", "I-(2)-④", "a b%c", "2199"]:
        assert indicator(code) == reverse("indicators:indicator_detail", args=["p-2015", code])
    with pytest.raises(NoReverseMatch):
        indicator("a/b")  # as reverse() refuses it
