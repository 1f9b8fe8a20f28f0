import csv
import datetime as dt
import io
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from civic_portal.accounts.roles import CITY_OFFICIALS
from indicators.models import (
    ActionItem,
    Department,
    Indicator,
    ItemDepartment,
    Observation,
    Plan,
    PlanNode,
    ReportEdition,
    ReviewStatus,
    YearPlan,
)
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.indicators import (
    ActionItemFactory,
    DepartmentFactory,
    IndicatorFactory,
    ObservationFactory,
    PlanFactory,
    YearPlanFactory,
    department_user,
)

pytestmark = pytest.mark.django_db
STAGES = ["検討", "一部実施", "実施", "→", "検討・実施"]


def build_plan(code: str, items: int, indicators: int, years: int = 10) -> Plan:
    """A plan of `items` action items over `years` fiscal years with `indicators` indicators, by bulk_create."""
    plan = Plan.objects.create(
        code=code, title=code, start_year=2015, end_year=2015 + years - 1, level_names=["方針", "施策", "項目"]
    )
    department = Department.objects.create(name=f"{code}課")
    policy = PlanNode.objects.create(plan=plan, code=f"{code}-P", title="方針", level=0)
    measures = PlanNode.objects.bulk_create(
        PlanNode(plan=plan, parent=policy, code=f"{code}-M{m}", title=f"施策{m}", level=1, sort_order=m)
        for m in range(max(1, items // 10))
    )
    leaves = PlanNode.objects.bulk_create(
        PlanNode(
            plan=plan, parent=measures[i % len(measures)], code=f"{code}-I{i}", title=f"項目{i}", level=2, sort_order=i
        )
        for i in range(items)
    )
    objs = ActionItem.objects.bulk_create(ActionItem(node=leaf, kind="new") for leaf in leaves)
    ItemDepartment.objects.bulk_create(ItemDepartment(item=item, department=department) for item in objs)
    YearPlan.objects.bulk_create(
        YearPlan(
            item=item,
            fiscal_year=2015 + y,
            planned_stage=STAGES[(i + y) % 5],
            actual_stage="実施",
            status=ReviewStatus.PUBLISHED if y % 2 else ReviewStatus.DRAFT,
        )
        for i, item in enumerate(objs)
        for y in range(years)
    )
    inds = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            code=f"{n}",
            name=f"指標{n}",
            baseline_value=D(100),
            baseline_year=2015,
            target_value=D(200),
            target_year=2015 + years - 1,
            sort_order=n,
        )
        for n in range(indicators)
    )
    Observation.objects.bulk_create(
        Observation(indicator=ind, fiscal_year=2016 + y, value=D(110 + 10 * y), is_final=True)
        for ind in inds
        for y in range(3)
    )
    return plan


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["public", "official"])
def test_plan_dashboard_query_count_does_not_grow(client, who, django_assert_num_queries):
    small, large = build_plan("small", items=5, indicators=2), build_plan("large", items=500, indicators=100)
    if who == "official":
        client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    expected = count_queries(client, reverse("indicators:plan_detail", args=[small.code]))
    with django_assert_num_queries(expected):
        response = client.get(reverse("indicators:plan_detail", args=[large.code]))
    assert response.context["overview"]["item_count"] == 500
    assert len(response.context["indicator_views"]) == 100
    node = PlanNode.objects.get(code="small-P")
    expected = count_queries(client, reverse("indicators:node_detail", args=[small.code, node.pk]))
    node = PlanNode.objects.get(code="large-P")
    with django_assert_num_queries(expected):
        client.get(reverse("indicators:node_detail", args=[large.code, node.pk]))
    if who == "official":
        expected = count_queries(client, reverse("indicators:report_detail", args=[small.code, 2018]))
        with django_assert_num_queries(expected):
            response = client.get(reverse("indicators:report_detail", args=[large.code, 2018]))
        assert len(response.context["data"]["items"]) == 500


@pytest.mark.parametrize("who", ["public", "official"])
def test_dashboard_query_count_does_not_grow_with_plans_items_or_indicators(client, who, django_assert_num_queries):
    build_plan("small", items=5, indicators=2)
    if who == "official":
        client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    expected = count_queries(client, reverse("indicators:dashboard"))
    build_plan("large", items=200, indicators=50)
    build_plan("other", items=20, indicators=5, years=3)
    with django_assert_num_queries(expected):
        response = client.get(reverse("indicators:dashboard"))
    summaries = {s["plan"].code: s for s in response.context["summaries"]}
    assert summaries["large"]["plan"].item_count == 200
    assert summaries["large"]["indicator_count"] == 50
    assert sum(n for _s, _l, n in summaries["large"]["statuses"]) == 50


def test_department_pages_query_count_does_not_grow(client, django_assert_num_queries):
    build_plan("small", items=5, indicators=2)
    build_plan("large", items=120, indicators=10)
    user = department_user(Department.objects.get(name="small課"))
    client.force_login(user)
    expected = count_queries(client, reverse("indicators:dashboard"))
    user.departmentmembership_set.update(department=Department.objects.get(name="large課"))
    with django_assert_num_queries(expected):
        response = client.get(reverse("indicators:dashboard"))
    assert len(response.context["my_items"]) == 120
    small = Department.objects.get(name="small課")
    large = Department.objects.get(name="large課")
    expected = count_queries(client, reverse("indicators:department_detail", args=["small", small.pk]))
    with django_assert_num_queries(expected):
        client.get(reverse("indicators:department_detail", args=["large", large.pk]))


def test_public_sees_only_published_results(client):
    item = ActionItemFactory(node__plan__code="p", node__title="見える項目")
    YearPlanFactory(
        item=item, fiscal_year=2014, actual_stage="実施", progress_note="公開済みの報告", status=ReviewStatus.PUBLISHED
    )
    YearPlanFactory(
        item=item,
        fiscal_year=2015,
        actual_stage="一部実施",
        progress_note="未公開のメモ",
        status=ReviewStatus.SUBMITTED,
    )
    page = client.get(reverse("indicators:item_detail", args=[item.pk])).content.decode()
    assert "公開済みの報告" in page
    assert "未公開のメモ" not in page
    client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    page = client.get(reverse("indicators:item_detail", args=[item.pk])).content.decode()
    assert "未公開のメモ" in page


def test_indicator_page_has_accessible_chart_table_and_csv(client):
    indicator = IndicatorFactory(plan__code="p", code="1-3", name="登録団体数")
    ObservationFactory(indicator=indicator, fiscal_year=2016, value=D("257"))
    ObservationFactory(indicator=indicator, fiscal_year=2017, value=D("258.7"), is_final=False)
    page = client.get(reverse("indicators:indicator_detail", args=["p", "1-3"])).content.decode()
    assert 'role="img"' in page
    assert "<title id=" in page
    assert "<desc id=" in page
    assert "<polyline" in page
    # The public sees final values only.
    assert "258.7" not in page
    client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    response = client.get(reverse("indicators:indicator_csv", args=["p", "1-3"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["年度", "値"]
    by_year = {row[0]: row for row in rows[1:]}
    assert by_year["2016"][1] == "257"
    assert by_year["2017"][2] == "速報値"
    assert by_year["2014"][4].startswith("現状値")
    assert by_year["2020"][4].startswith("目標値")
    assert by_year["2017"][3] == "257"  # straight line 254 → 260 over 2014–2020


def test_exports_neutralise_spreadsheet_formulas():
    from civic_portal.core.exports import csv_response

    response = csv_response("t.csv", None, [['=HYPERLINK("x")', "-5", "ok"]])
    assert response.content.decode("utf-8-sig").strip() == '"\'=HYPERLINK(""x"")",-5,ok'


def test_unknown_codes_are_404(client):
    PlanFactory(code="p")
    assert client.get(reverse("indicators:plan_detail", args=["nope"])).status_code == 404
    assert client.get(reverse("indicators:indicator_detail", args=["p", "9-9"])).status_code == 404
    assert client.get(reverse("indicators:item_detail", args=[999999])).status_code == 404


def test_department_user_records_progress_through_the_form(client):
    department = DepartmentFactory(name="協働推進課")
    item = ActionItemFactory(departments=[department])
    YearPlanFactory(item=item, fiscal_year=2015)
    user = department_user(department)
    url = reverse("indicators:result_record", args=[item.pk, 2015])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(user)
    assert client.get(reverse("indicators:result_record", args=[item.pk, 1999])).status_code == 404
    response = client.post(url, {"actual_stage": "", "progress_note": "<script>x</script>", "submit": "1"})
    assert response.status_code == 200
    assert "提出する前に実績の段階を選んでください" in response.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in response.content.decode()
    response = client.post(url, {"actual_stage": "実施", "progress_note": "3回開催", "submit": "1"})
    assert response.status_code == 302
    year_plan = YearPlan.objects.get(item=item, fiscal_year=2015)
    assert (year_plan.actual_stage, year_plan.status) == ("実施", ReviewStatus.SUBMITTED)


def test_center_staff_move_results_and_publish_reports(client):
    item = ActionItemFactory(node__plan__code="p", node__plan__start_year=2015, node__plan__end_year=2015)
    YearPlanFactory(item=item, fiscal_year=2015, actual_stage="実施", status=ReviewStatus.SUBMITTED)
    client.force_login(StaffFactory())
    queue = client.get(reverse("indicators:dashboard")).context["review_queue"]
    assert [yp.item_id for yp in queue] == [item.pk]
    client.post(reverse("indicators:result_transition", args=[item.pk, 2015]), {"to_status": "reviewed"})
    assert YearPlan.objects.get(item=item).status == ReviewStatus.REVIEWED
    report_url = reverse("indicators:report_detail", args=["p", 2015])
    response = client.post(reverse("indicators:report_publish", args=["p", 2015]))
    assert response.status_code == 302
    assert ReportEdition.objects.filter(edition=1).exists()
    client.logout()
    assert client.get(report_url).status_code == 200
    xlsx = client.get(reverse("indicators:report_xlsx", args=["p", 2015]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "区分"
    assert sheet["B2"].value == item.node.code
    csv_response = client.get(reverse("indicators:report_csv", args=["p", 2015]))
    assert item.node.code in csv_response.content.decode("utf-8-sig")


def test_public_cannot_see_an_unpublished_report_or_publish(client):
    PlanFactory(code="p")
    assert client.get(reverse("indicators:report_detail", args=["p", 2015])).status_code == 404
    client.force_login(UserFactory())
    assert client.post(reverse("indicators:report_publish", args=["p", 2015])).status_code == 403


@time_machine.travel(dt.datetime(2025, 10, 1, 3, tzinfo=dt.UTC), tick=False)
def test_computed_indicator_is_live_for_internal_users_within_the_plan_period(client):
    from tests.factories.groups import GroupFactory

    GroupFactory(registered_on=dt.date(2024, 5, 1))
    GroupFactory(registered_on=dt.date(2025, 6, 1), is_intermediate_support=True)
    plan = PlanFactory(code="live", start_year=2024, end_year=2028)
    for code, key, baseline, target in (
        ("1-3", "registered_groups", "1", "5"),
        ("3-2", "intermediate_support_organisations", "0", "2"),
    ):
        IndicatorFactory(
            plan=plan,
            code=code,
            computed_key=key,
            source="portal",
            baseline_value=D(baseline),
            baseline_year=2024,
            target_value=D(target),
            target_year=2028,
        )
    url = reverse("indicators:plan_detail", args=["live"])
    assert all(v.latest is None for v in client.get(url).context["indicator_views"])
    client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    views = {v.indicator.code: v for v in client.get(url).context["indicator_views"]}
    assert (views["1-3"].latest.fiscal_year, views["1-3"].latest.value, views["1-3"].latest.live) == (2025, 2, True)
    assert views["3-2"].latest.value == 1
    assert views["1-3"].progress.status == "on_track"
    page = client.get(reverse("indicators:indicator_detail", args=["live", "1-3"])).content.decode()
    assert "集計中（リアルタイム）" in page
    Plan.objects.filter(pk=plan.pk).update(end_year=2024)
    assert all(v.latest is None for v in client.get(url).context["indicator_views"])


def test_pages_render_in_english(client, settings):
    indicator = IndicatorFactory(plan__code="p", plan__start_year=2014, plan__end_year=2020, code="1-3")
    ObservationFactory(indicator=indicator, fiscal_year=2016, value=D("257"))
    item = ActionItemFactory(node__plan=indicator.plan)
    YearPlanFactory(item=item, fiscal_year=2016, actual_stage="実施", status=ReviewStatus.APPROVED)
    client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = {
        reverse("indicators:dashboard"): "<h1>Plan & indicators</h1>",
        reverse("indicators:plan_detail", args=["p"]): "Stages by fiscal year",
        reverse("indicators:indicator_detail", args=["p", "1-3"]): "Achievement 50%",
        reverse("indicators:report_detail", args=["p", 2016]): "Changes since the previous year",
        reverse("indicators:item_detail", args=[item.pk]): "Plan and result by fiscal year",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
