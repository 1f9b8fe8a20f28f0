from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from indicators.models import ReportEdition, ReviewStatus
from indicators.selectors.reports import report_data, report_rows
from indicators.services import observation_record, report_publish, year_plan_transition, year_result_record
from tests.factories.accounts import StaffFactory, UserFactory
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
def plan_with_results():
    plan = PlanFactory(code="demo-plan", start_year=2014, end_year=2016)
    department = DepartmentFactory(name="協働推進課")
    item = ActionItemFactory(node__plan=plan, node__code="I-(1)-①", node__title="拠点の整備", departments=[department])
    user, staff = department_user(department), StaffFactory()
    for year, stage in ((2014, "検討"), (2015, "実施")):
        YearPlanFactory(item=item, fiscal_year=year, planned_stage=stage)
        year_plan = year_result_record(
            item=item,
            fiscal_year=year,
            actual_stage=stage,
            progress_note=f"{year}の報告",
            evidence="",
            user=user,
            submit=True,
        )
        for status in (ReviewStatus.REVIEWED, ReviewStatus.APPROVED):
            year_plan = year_plan_transition(year_plan=year_plan, to_status=status, user=staff)
    indicator = IndicatorFactory(plan=plan, code="1-3", name="登録団体数")
    observation_record(indicator=indicator, fiscal_year=2014, value=D("255"), is_final=True)
    observation_record(indicator=indicator, fiscal_year=2015, value=D("258"), is_final=True)
    return plan, item, indicator, staff, user


def test_report_shows_tree_planned_vs_actual_indicators_and_changes(plan_with_results):
    plan, item, _indicator, _staff, _user = plan_with_results
    data = report_data(plan=plan, fiscal_year=2015, internal=False)
    [entry] = data["items"]
    assert (entry["code"], entry["planned"], entry["actual"], entry["note"]) == (
        "I-(1)-①",
        "実施",
        "実施",
        "2015の報告",
    )
    assert data["nodes"][0]["code"] == item.node.parent.code
    [ind] = data["indicators"]
    assert (ind["baseline"], ind["latest"], ind["latest_year"], ind["target"]) == ("254", "258", 2015, "260")
    assert ind["status"] == "on_track"
    kinds = {(c["kind"], c["before"], c["after"]) for c in data["changes"]}
    assert kinds == {("item", "検討", "実施"), ("indicator", "255", "258")}
    assert report_rows(data)[1][:3] == ["推進項目", "I-(1)-①", "拠点の整備"]


def test_published_report_does_not_change_when_data_changes_afterwards(plan_with_results):
    plan, item, indicator, staff, user = plan_with_results
    edition = report_publish(plan=plan, fiscal_year=2015, user=staff)
    frozen = ReportEdition.objects.get(pk=edition.pk).snapshot
    # Later edits: a result sent back and rewritten, a corrected observation, a new target, a renamed item.
    year_plan = item.years.get(fiscal_year=2015)
    year_plan_transition(year_plan=year_plan, to_status=ReviewStatus.DRAFT, user=staff)
    year_result_record(
        item=item,
        fiscal_year=2015,
        actual_stage="一部実施",
        progress_note="書き換え",
        evidence="",
        user=user,
        submit=False,
    )
    observation_record(indicator=indicator, fiscal_year=2015, value=D("240"), is_final=True)
    item.node.title = "改名"
    item.node.save()
    assert ReportEdition.objects.get(pk=edition.pk).snapshot == frozen
    assert frozen["items"][0]["actual"] == "実施"
    assert frozen["indicators"][0]["latest"] == "258"
    live = report_data(plan=plan, fiscal_year=2015, internal=True)
    assert live["items"][0]["title"] == "改名"
    second = report_publish(plan=plan, fiscal_year=2015, user=staff)
    assert second.edition == 2
    assert second.snapshot["indicators"][0]["latest"] == "240"


def test_public_report_leaves_out_unconfirmed_results(plan_with_results):
    plan, item, _indicator, _staff, user = plan_with_results
    YearPlanFactory(item=item, fiscal_year=2016, planned_stage="→")
    year_result_record(
        item=item, fiscal_year=2016, actual_stage="実施", progress_note="未確認", evidence="", user=user, submit=True
    )
    public = report_data(plan=plan, fiscal_year=2016, internal=False)
    assert public["items"][0]["actual"] == ""
    assert public["items"][0]["note"] == ""
    assert public["items"][0]["planned_effective"] == "実施"
    internal = report_data(plan=plan, fiscal_year=2016, internal=True)
    assert internal["items"][0]["note"] == "未確認"


def test_only_center_staff_publish(plan_with_results):
    plan, *_rest = plan_with_results
    with pytest.raises(PermissionDenied):
        report_publish(plan=plan, fiscal_year=2015, user=UserFactory())


def test_database_refuses_to_change_a_published_edition(plan_with_results):
    from django.db import IntegrityError, transaction

    plan, _item, _indicator, staff, _user = plan_with_results
    edition = report_publish(plan=plan, fiscal_year=2015, user=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportEdition.objects.filter(pk=edition.pk).update(snapshot={"items": []})
    assert ReportEdition.objects.get(pk=edition.pk).snapshot["items"]
    staff.delete()  # the publisher may leave; the edition stays, unchanged
    assert ReportEdition.objects.get(pk=edition.pk).published_by is None
