from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.importers import PlanItemResource, import_file
from indicators.models import Plan, ReviewStatus, YearPlan
from indicators.selectors.plans import effective_stages, plan_overview

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_arrow_continues_the_previous_years_stage():
    years = [2013, 2014, 2015, 2016, 2017]
    stages = {2013: "検討", 2014: "実施", 2015: "", 2016: "検討", 2017: "→"}
    assert effective_stages(stages, years) == {2013: "検討", 2014: "実施", 2015: "", 2016: "検討", 2017: "検討"}
    assert effective_stages({2013: "一部実施", 2014: "→", 2015: "→"}, years[:3]) == {
        2013: "一部実施",
        2014: "一部実施",
        2015: "一部実施",
    }


def test_overview_counts_the_yamaguchi_schedule_by_stage():
    import_file(FIXTURES / "action_plan_yamaguchi.csv", PlanItemResource)
    plan = Plan.objects.get(code="yamaguchi-2013")
    YearPlan.objects.filter(item__node__code="I-(1)-①", fiscal_year=2013).update(
        actual_stage="実施", status=ReviewStatus.PUBLISHED
    )
    YearPlan.objects.filter(item__node__code="I-(1)-②", fiscal_year=2013).update(
        actual_stage="実施", status=ReviewStatus.SUBMITTED
    )
    overview = plan_overview(plan=plan, user=AnonymousUser())
    assert overview["years"] == [2013, 2014, 2015, 2016, 2017]
    counts = {stage.value: cells for stage, cells in overview["stage_rows"]}
    planned_2013 = {stage: cells[0][0] for stage, cells in counts.items()}
    assert planned_2013 == {"検討": 4, "一部実施": 1, "検討・実施": 2, "実施": 39, "未実施": 0}
    # FY2015: Ⅱ-(4)-② has no schedule that year, so 45 items are counted.
    assert sum(cells[2][0] for cells in counts.values()) == 45
    # FY2017: I-(5)-② becomes 実施; every → resolves to the stage it continues.
    assert {stage: cells[4][0] for stage, cells in counts.items()}["実施"] == 44
    # The public counts only the published result.
    assert counts["実施"][0][1] == 1
    assert [node.node.code for node in overview["tree"]] == ["I", "II", "III", "IV"]
