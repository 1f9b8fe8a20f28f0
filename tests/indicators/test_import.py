import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from indicators.importers import IndicatorResource, PlanItemResource, import_file
from indicators.models import ActionItem, Department, Indicator, PlanNode, TargetRevision, YearPlan

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
YAMAGUCHI = FIXTURES / "action_plan_yamaguchi.csv"
SHIMONOSEKI = FIXTURES / "policy_framework_shimonoseki.csv"
INDICATORS = FIXTURES / "indicators_shimonoseki.csv"


def snapshot():
    return (
        list(ActionItem.objects.order_by("pk").values()),
        list(PlanNode.objects.order_by("pk").values()),
        list(YearPlan.objects.order_by("pk").values("item_id", "fiscal_year", "planned_stage")),
        list(Indicator.objects.order_by("pk").values()),
        Department.objects.count(),
    )


def test_shared_files_give_46_44_and_10_rows():
    assert import_file(YAMAGUCHI, PlanItemResource).new == 46
    assert import_file(SHIMONOSEKI, PlanItemResource).new == 44
    assert import_file(INDICATORS, IndicatorResource).new == 10
    assert ActionItem.objects.filter(node__plan__code="yamaguchi-2013").count() == 46
    assert ActionItem.objects.filter(node__plan__code="shimonoseki-2015").count() == 44
    assert Indicator.objects.filter(plan__code="shimonoseki-2015").count() == 10


def test_yamaguchi_rows_become_a_tree_with_schedule_departments_and_reposts():
    import_file(YAMAGUCHI, PlanItemResource)
    item = ActionItem.objects.get(node__code="I-(2)-⑨")
    assert item.node.parent.code == "I-(2)"
    assert item.node.parent.parent.code == "I"
    assert item.node.plan.level_names == ["推進方針", "推進施策", "推進項目"]
    assert [link.department.name for link in item.itemdepartment_set.order_by("sort_order")] == [
        "協働推進課",
        "財政課",
        "関係課",
    ]
    assert item.target_actors == ["citizens", "community"]
    stages = dict(item.years.values_list("fiscal_year", "planned_stage"))
    assert stages == {2013: "検討", 2014: "一部実施", 2015: "実施", 2016: "→", 2017: "→"}
    # A department whose own name holds "・" stays one department.
    assert Department.objects.filter(name="生涯学習・スポーツ振興課").exists()
    repost = ActionItem.objects.get(node__code="Ⅳ-(2)-②")
    assert repost.reposted
    assert repost.repost_of.node.code == "Ⅱ-(3)-③"
    # The blank schedule cell stays blank: 46 × 5 − 1 year plans.
    assert YearPlan.objects.count() == 229
    assert item.node.plan.start_year == 2013
    assert item.node.plan.end_year == 2017


def test_reimport_is_idempotent():
    for path, resource in (
        (YAMAGUCHI, PlanItemResource),
        (SHIMONOSEKI, PlanItemResource),
        (INDICATORS, IndicatorResource),
    ):
        import_file(path, resource)
    before = snapshot()
    again = [
        import_file(YAMAGUCHI, PlanItemResource),
        import_file(SHIMONOSEKI, PlanItemResource),
        import_file(INDICATORS, IndicatorResource),
    ]
    assert [(r.new, r.updated) for r in again] == [(0, 46), (0, 44), (0, 10)]
    assert snapshot() == before
    assert not TargetRevision.objects.exists()


def test_reimport_updates_instead_of_duplicating(tmp_path):
    import_file(INDICATORS, IndicatorResource)
    text = INDICATORS.read_text(encoding="utf-8").replace("254,2014,260,2019", "254,2014,270,2020")
    changed = tmp_path / "changed.csv"
    changed.write_text(text, encoding="utf-8")
    report = import_file(changed, IndicatorResource)
    assert (report.new, report.updated) == (0, 10)
    indicator = Indicator.objects.get(code="1-3")
    assert (indicator.target_value, indicator.target_year) == (270, 2020)
    revision = TargetRevision.objects.get(indicator=indicator)
    assert (revision.old_value, revision.old_year, revision.new_value, revision.new_year) == (260, 2019, 270, 2020)


BAD_PLAN = (
    "plan_code,item_code,title,kind,fy2013,colour\r\n"
    "p-1,A-1,良い行,new,実施,赤\r\n"
    "p-1,,番号のない行,new,実施,\r\n"
    "p-1,A-3,段階が変,sometimes,やる,\r\n"
    "p-1,A-1,重複,new,,\r\n"
)


def test_bad_rows_are_rejected_with_row_numbers_and_nothing_changes(tmp_path):
    import_file(YAMAGUCHI, PlanItemResource)
    before = snapshot()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_PLAN, encoding="utf-8")
    report = import_file(bad, PlanItemResource)
    assert not report.ok
    assert not report.saved
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(2, "item_code"), (3, "kind"), (3, "fy2013"), (4, "item_code")}
    assert any("必須" in e.message for e in report.errors if e.row == 2)
    assert any("データ行 1" in e.message for e in report.errors if e.row == 4)
    assert report.unknown_columns == ["colour"]
    assert snapshot() == before
    assert not PlanNode.objects.filter(plan__code="p-1").exists()


def test_only_required_columns_are_needed_and_unknown_ones_are_reported(tmp_path):
    minimal = tmp_path / "minimal.csv"
    minimal.write_text("plan_code,item_code,title,note\r\nmini,1,最小の項目,メモ\r\n", encoding="utf-8")
    report = import_file(minimal, PlanItemResource)
    assert report.ok
    assert report.new == 1
    assert report.unknown_columns == ["note"]
    assert ActionItem.objects.get(node__plan__code="mini").node.title == "最小の項目"


def test_missing_required_column_is_a_file_error(tmp_path):
    path = tmp_path / "nocode.csv"
    path.write_text("plan_code,title\r\nx,題\r\n", encoding="utf-8")
    report = import_file(path, PlanItemResource)
    assert not report.ok
    assert "item_code" in report.base_errors[0]
    assert not ActionItem.objects.exists()


def test_xlsx_is_read_like_csv(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "plan_code",
            "policy_code",
            "indicator_code",
            "name",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "survey_based",
        ]
    )
    sheet.append(["x-plan", 1, "1-1", "認知度", 10.6, 2014, 15, 2020, "true"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "indicators.xlsx"
    path.write_bytes(buffer.getvalue())
    report = import_file(path, IndicatorResource)
    assert report.ok, report.errors
    indicator = Indicator.objects.get(code="1-1")
    assert str(indicator.baseline_value.normalize()) == "10.6"
    assert indicator.source == "survey"
    assert indicator.group_code == "1"


def test_indicator_rows_are_checked(tmp_path):
    path = tmp_path / "bad_indicators.csv"
    path.write_text(
        "plan_code,indicator_code,name,baseline_value,baseline_year,target_year,computed_key,direction\r\n"
        "p,1-1,良い指標,10,2014,2020,registered_groups,increase\r\n"
        "p,1-2,悪い指標,十,2021,2020,magic,up\r\n",
        encoding="utf-8",
    )
    report = import_file(path, IndicatorResource)
    assert {(e.row, e.column) for e in report.errors} == {
        (2, "baseline_value"),
        (2, "target_year"),
        (2, "computed_key"),
        (2, "direction"),
    }
    assert not Indicator.objects.exists()


def test_dry_run_saves_nothing():
    report = import_file(YAMAGUCHI, PlanItemResource, dry_run=True)
    assert report.ok
    assert report.new == 46
    assert not report.saved
    assert not ActionItem.objects.exists()


def test_management_commands(tmp_path, capsys):
    call_command("import_plan", str(YAMAGUCHI))
    call_command("import_indicators", str(INDICATORS))
    out = capsys.readouterr().out
    assert "46 行" in out
    assert "10 行" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_PLAN, encoding="utf-8")
    with pytest.raises(CommandError, match="何も保存していません"):
        call_command("import_plan", str(bad))
    err = capsys.readouterr().err
    assert "データ行 3（ファイルの 4 行目） kind" in err
    assert "不明な列" in err
    assert "colour" in err
