"""Demo: the real Yamaguchi action plan, the Shimonoseki framework and its indicators from fixtures/, plus invented
observations for later years, each marked "デモ用の架空データ" in its source note."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from .importers import IndicatorResource, PlanItemResource, import_file
from .models import (
    ActionItem,
    CollaborationKind,
    CollaborationProject,
    Department,
    DepartmentMembership,
    Indicator,
    IndicatorSource,
    Plan,
    ReviewStatus,
    YearPlan,
)
from .services import observation_record, year_plan_transition, year_result_record

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_NOTE = "デモ用の架空データ"
PLANS = {
    "yamaguchi-2013": {
        "title": "山口市協働推進プラン 年度別実行計画",
        "city": "山口市",
        "start_year": 2013,
        "end_year": 2017,
    },
    "shimonoseki-2015": {"title": "下関市市民活動促進基本計画", "city": "下関市", "start_year": 2015, "end_year": 2020},
}
COMPUTED = {"1-3": "registered_groups", "2-5": "center_visitors", "3-2": "intermediate_support_organisations"}
# Invented values per indicator code: (fiscal year, value).
INVENTED = {
    "1-1": [(2016, "11.8"), (2018, "13.1")],
    "1-2": [(2016, "9.4"), (2018, "10.2")],
    "1-3": [(2015, "256"), (2016, "257"), (2017, "259")],
    "2-1": [(2016, "62"), (2017, "64")],
    "2-2": [(2016, "4.3"), (2018, "5.0")],
    "2-3": [(2016, "9.9"), (2018, "12.5")],
    "2-4": [(2016, "28.8"), (2018, "30.1")],
    "2-5": [(2015, "28410"), (2016, "28120"), (2017, "28650")],
    "3-1": [(2016, "5"), (2017, "6")],
    "3-2": [(2016, "2"), (2017, "3")],
}


def load(*, users):
    for name in ("action_plan_yamaguchi.csv", "policy_framework_shimonoseki.csv"):
        report = import_file(FIXTURES / name, PlanItemResource)
        _check(report, name)
    report = import_file(FIXTURES / "indicators_shimonoseki.csv", IndicatorResource)
    _check(report, "indicators_shimonoseki.csv")
    for code, values in PLANS.items():
        Plan.objects.filter(code=code).update(**values)
    for indicator in Indicator.objects.filter(plan__code="shimonoseki-2015"):
        if indicator.code in COMPUTED:
            indicator.computed_key = COMPUTED[indicator.code]
            indicator.source = IndicatorSource.PORTAL
            indicator.save(update_fields=["computed_key", "source"])
        for year, value in INVENTED.get(indicator.code, []):
            survey = indicator.source == IndicatorSource.SURVEY
            observation_record(
                indicator=indicator,
                fiscal_year=year,
                value=Decimal(value),
                is_final=True,
                source_note=DEMO_NOTE,
                sample_size=1200 if survey else None,
                margin_of_error=Decimal("2.8") if survey else None,
            )
    department = Department.objects.get(name="協働推進課")
    official = users.get("official@example.jp")
    if official is not None:
        DepartmentMembership.objects.get_or_create(department=department, user=official)
    _collaborations(department)
    # A few invented results for the Yamaguchi plan's first year, taken through the whole workflow.
    admin = users.get("admin@example.jp")
    first_year = YearPlan.objects.filter(item__node__plan__code="yamaguchi-2013", fiscal_year=2013)
    if admin is None or first_year.filter(status=ReviewStatus.PUBLISHED).exists():
        return
    year_plans = YearPlan.objects.filter(
        item__node__plan__code="yamaguchi-2013", fiscal_year=2013, status=ReviewStatus.DRAFT, actual_stage=""
    ).select_related("item")
    for year_plan in year_plans.order_by("item__node__sort_order")[:10]:
        year_plan = year_result_record(
            item=year_plan.item,
            fiscal_year=2013,
            actual_stage=year_plan.planned_stage or "実施",
            progress_note=f"{DEMO_NOTE}: 計画どおり進めました。",
            evidence="",
            user=admin,
            submit=True,
        )
        for status in (ReviewStatus.REVIEWED, ReviewStatus.APPROVED, ReviewStatus.PUBLISHED):
            year_plan = year_plan_transition(year_plan=year_plan, to_status=status, user=admin)


COLLABORATIONS = [
    ("地域ふれあい祭りの共催", CollaborationKind.CO_HOSTING, 2015, 300_000),
    ("子ども食堂の運営委託", CollaborationKind.COMMISSION, 2016, 1_200_000),
    ("市民活動フォーラム実行委員会", CollaborationKind.COMMITTEE, 2017, None),
]


def _collaborations(department):
    """Three invented collaboration projects of the Shimonoseki plan's years, each serving one of its items."""
    from groups.models import Group

    items = list(ActionItem.objects.filter(node__plan__code="shimonoseki-2015").order_by("node__sort_order")[:3])
    groups = list(Group.objects.public().order_by("id")[:3])
    for n, (title, kind, year, budget) in enumerate(COLLABORATIONS):
        project, created = CollaborationProject.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind, "department": department, "starts_on": dt.date(year, 4, 1),
                "ends_on": dt.date(year + 1, 3, 31), "budget": budget, "outcome": f"{DEMO_NOTE}: 参加者が増えました。",
            },
        )  # fmt: skip
        if created:
            project.items.set(items[n : n + 1])
            project.partner_groups.set(groups[n : n + 1])


def _check(report, name):
    if not report.ok:
        raise RuntimeError(f"{name}: {[str(e) for e in report.errors] + report.base_errors}")
