"""Turn indicator progress into what pages show: the chart, the table beside it, the CSV rows, status counts."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _

from .charts import LineChart, Series
from .models import TRANSITION_LABELS
from .progress import STATUS_LABELS, STATUS_ORDER, expected_value
from .selectors.indicators import IndicatorView
from .selectors.reports import report_tree
from .services.plans import STEP_RULES
from .table_rows import report_item_rows


def item_year_rows(row, years: list[int]) -> list[dict]:
    """An item's years with the workflow steps center staff may take (submitting is the department's step)."""
    out = []
    for year in years:
        year_plan = row.year(year)
        steps = []
        if year_plan is not None:
            steps = [s for s in year_plan.next_statuses() if STEP_RULES[s] != "department"]
        out.append(
            {
                "year": year,
                "plan": year_plan,
                "planned": row.planned.get(year, ""),
                "steps": [(s, TRANSITION_LABELS[s]) for s in steps],
            }
        )
    return out


def report_branches(data: dict) -> list[dict]:
    """The report's tree for the page, each branch's item rows rendered once (table_rows.report_item_rows)."""
    tree = report_tree(data)
    stack = list(tree)
    while stack:
        branch = stack.pop()
        branch["rows_html"] = report_item_rows(branch["items"])
        stack.extend(branch["children"])
    return tree


def status_counts(views: list[IndicatorView]) -> list[tuple[str, str, int]]:
    counts = Counter(v.progress.status for v in views)
    return [(status, str(STATUS_LABELS[status]), counts[status]) for status in STATUS_ORDER]


def _expected(view: IndicatorView, year: int):
    ind = view.indicator
    baseline, baseline_year, target, target_year = (
        ind.baseline_value, ind.baseline_year, ind.target_value, ind.target_year
    )  # fmt: skip
    if baseline is None or baseline_year is None or target is None or target_year is None:
        return None
    return expected_value(
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        target_year=target_year,
        year=year,
        interim=view.interim,
    )


def _years(view: IndicatorView) -> list[int]:
    ind = view.indicator
    years = {p.fiscal_year for p in view.points}
    years |= {y for y in (ind.baseline_year, ind.target_year) if y}
    if ind.baseline_year and ind.target_year:
        years |= set(range(ind.baseline_year, ind.target_year + 1))
    return sorted(years)


def indicator_rows(view: IndicatorView) -> list[dict]:
    """One row per fiscal year: observed value (with kind), expected path value, and markers."""
    ind = view.indicator
    points = {p.fiscal_year: p for p in view.points}
    interim = dict(view.interim)
    rows = []
    for year in _years(view):
        point = points.get(year)
        notes = []
        if year == ind.baseline_year:
            notes.append(_("現状値 %(value)s") % {"value": _fmt(ind.baseline_value)})
        if year in interim:
            notes.append(_("中間目標 %(value)s") % {"value": _fmt(interim[year])})
        if year == ind.target_year:
            notes.append(_("目標値 %(value)s") % {"value": _fmt(ind.target_value)})
        if point is None:
            kind = ""
        elif point.live:
            kind = _("集計中（リアルタイム）")
        else:
            kind = _("確定値") if point.is_final else _("速報値")
        expected = _expected(view, year)
        rows.append(
            {
                "year": year,
                "value": _fmt(point.value) if point else "",
                "kind": kind,
                "expected": _fmt(expected.quantize(_q(ind))) if expected is not None else "",
                "notes": "、".join(notes),
                "source_note": point.source_note if point else "",
                "sample_size": point.sample_size if point and point.sample_size else "",
                "margin_of_error": _fmt(point.margin_of_error) if point and point.margin_of_error is not None else "",
            }
        )
    return rows


def indicator_csv_rows(view: IndicatorView) -> list[list]:
    header = [
        _("年度"),
        _("値"),
        _("区分"),
        _("目標への直線経路"),
        _("基準・目標"),
        _("出典・備考"),
        _("回答数"),
        _("誤差の範囲（±）"),
    ]
    keys = ["year", "value", "kind", "expected", "notes", "source_note", "sample_size", "margin_of_error"]
    return [header] + [[row[k] for k in keys] for row in indicator_rows(view)]


def indicator_chart(view: IndicatorView):
    ind = view.indicator
    baseline, baseline_year, target, target_year = (
        ind.baseline_value, ind.baseline_year, ind.target_value, ind.target_year
    )  # fmt: skip
    series = []
    if baseline is not None and baseline_year:
        series.append(Series(_("現状値"), [(baseline_year, baseline)], "chart-baseline", marker="square"))
    if view.points:
        series.append(Series(_("実績"), [(p.fiscal_year, p.value) for p in view.points], "chart-observed"))
    if baseline is not None and baseline_year is not None and target is not None and target_year is not None:
        steps: dict[int, Decimal] = {baseline_year: baseline, **dict(view.interim), target_year: target}
        series.append(Series(_("目標への直線経路"), sorted(steps.items()), "chart-path", dashed=True, markers=False))
        series.append(Series(_("目標値"), [(target_year, target)], "chart-target", marker="diamond"))
    latest = view.latest
    description = _(
        "現状値 %(b)s（%(by)s年度）、目標値 %(t)s（%(ty)s年度）、最新 %(l)s（%(ly)s年度）。状況: %(s)s。"
    ) % {
        "b": _fmt(ind.baseline_value),
        "by": ind.baseline_year or "-",
        "t": _fmt(ind.target_value),
        "ty": ind.target_year or "-",
        "l": _fmt(latest.value) if latest else "-",
        "ly": latest.fiscal_year if latest else "-",
        "s": view.progress.label,
    }
    return LineChart(
        title=str(ind), description=description, series=series, unit=ind.unit, chart_id=f"indicator-{ind.pk}"
    ).render()


def _q(indicator):
    return Decimal("0.1") if indicator.unit == "%" else Decimal("1")


def _fmt(value) -> str:
    if value is None:
        return "-"
    text = format(value.normalize(), "f")
    return text
