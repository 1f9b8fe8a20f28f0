"""The annual report (年次報告) as plain data: what the page, the CSV/XLSX export and a frozen edition show."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404

from civic_portal.core.fiscal import fiscal_year_label

from .. import permissions
from ..models import Plan, PlanNode, ReportEdition, ReviewStatus
from ..progress import STATUS_LABELS, indicator_status
from .indicators import plan_indicators
from .plans import item_rows, items_queryset, plan_years

CONFIRMED = {ReviewStatus.APPROVED, ReviewStatus.PUBLISHED}


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def report_data(*, plan: Plan, fiscal_year: int, internal: bool) -> dict:
    """Everything the annual report shows, JSON-serialisable; results count only once approved (internal previews
    also show unconfirmed results, marked as such)."""
    items, item_changes = _report_items(plan, fiscal_year, internal)
    indicators, indicator_changes = _report_indicators(plan, fiscal_year, internal)
    nodes = PlanNode.objects.filter(plan=plan, item__isnull=True).order_by("level", "sort_order", "id")
    return {
        "plan": {"code": plan.code, "title": plan.title, "city": plan.city, "level_names": plan.level_names},
        "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year, "ja"),
        "nodes": [
            {"id": n.pk, "parent_id": n.parent_id, "code": n.code, "title": n.title, "level": n.level} for n in nodes
        ],
        "items": items,
        "indicators": indicators,
        "changes": item_changes + indicator_changes,
    }


def _change(kind: str, code: str, title: str, before: str | None, after: str | None) -> dict:
    return {"kind": kind, "code": code, "title": title, "before": before, "after": after}


def _report_items(plan: Plan, fiscal_year: int, internal: bool) -> tuple[list[dict], list[dict]]:
    """The report's action items for the year, and those whose confirmed stage changed since the year before."""
    years = plan_years(plan)
    queryset = items_queryset(True).filter(node__plan=plan).order_by("node__sort_order", "node__id")
    items, changes = [], []
    for row in item_rows(queryset, years or [fiscal_year], True):
        current, previous = row.year(fiscal_year), row.year(fiscal_year - 1)
        confirmed = bool(current and current.status in CONFIRMED)
        shown = current if (current and (confirmed or internal)) else None
        entry = {
            "code": row.item.node.code,
            "title": row.item.node.title,
            "parent_id": row.item.node.parent_id,
            "departments": [link.department.name for link in row.item.itemdepartment_set.all()],
            "planned": current.planned_stage if current else "",
            "planned_effective": row.planned.get(fiscal_year, ""),
            "actual": shown.actual_stage if shown else "",
            "note": shown.progress_note if shown else "",
            "status": current.get_status_display() if current else "",
            "confirmed": confirmed,
            "reposted": row.item.reposted,
        }
        items.append(entry)
        before = previous.actual_stage if previous and previous.status in CONFIRMED else ""
        actual = shown.actual_stage if shown else ""
        if actual and before and actual != before:
            changes.append(_change("item", row.item.node.code, row.item.node.title, before, actual))
    return items, changes


def _report_indicators(plan: Plan, fiscal_year: int, internal: bool) -> tuple[list[dict], list[dict]]:
    """The plan's indicators as of the year, and those whose value moved since the year before."""
    indicators, changes = [], []
    for view in plan_indicators(plan=plan, internal=internal):
        indicator = view.indicator
        upto = [p for p in view.points if p.fiscal_year <= fiscal_year and not p.live]
        latest = upto[-1] if upto else None
        prior = next((p for p in reversed(upto) if p.fiscal_year == fiscal_year - 1), None)
        progress = indicator_status(
            baseline=indicator.baseline_value,
            baseline_year=indicator.baseline_year,
            target=indicator.target_value,
            target_year=indicator.target_year,
            direction=indicator.direction,
            observations=[(p.fiscal_year, p.value) for p in upto],
            margin_of_error=latest.margin_of_error if latest and indicator.is_survey else None,
            interim=view.interim,
        )
        indicators.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "qualifier": indicator.qualifier,
                "unit": indicator.unit,
                "baseline": _number(indicator.baseline_value),
                "baseline_year": indicator.baseline_year,
                "latest": _number(latest.value) if latest else None,
                "latest_year": latest.fiscal_year if latest else None,
                "latest_final": latest.is_final if latest else None,
                "target": _number(indicator.target_value),
                "target_year": indicator.target_year,
                "status": progress.status,
                "status_label": str(STATUS_LABELS[progress.status]),
            }
        )
        if latest and latest.fiscal_year == fiscal_year and prior and prior.value != latest.value:
            changes.append(
                _change("indicator", indicator.code, indicator.name, _number(prior.value), _number(latest.value))
            )
    return indicators, changes


def report_for_user(
    *, plan: Plan, fiscal_year: int, user, edition: int | None = None
) -> tuple[dict, ReportEdition | None]:
    """The report a user sees: a published edition (the latest unless one is named) or, for internal users only,
    the live draft; Http404 when the public asks for an unpublished report."""
    editions = ReportEdition.objects.filter(plan=plan, fiscal_year=fiscal_year)
    if edition is not None:
        chosen = editions.filter(edition=edition).first()
        if chosen is None:
            raise Http404
        return chosen.snapshot, chosen
    if permissions.can_view_internal(user):
        return report_data(plan=plan, fiscal_year=fiscal_year, internal=True), None
    chosen = editions.order_by("-edition").first()
    if chosen is None:
        raise Http404
    return chosen.snapshot, chosen


def report_tree(data: dict) -> list[dict]:
    """Nodes of a report nested with their items, for rendering."""
    by_id = {n["id"]: {**n, "children": [], "items": []} for n in data["nodes"]}
    roots: list[dict] = []
    for node in data["nodes"]:
        parent = by_id.get(node["parent_id"])
        (parent["children"] if parent else roots).append(by_id[node["id"]])
    for item in data["items"]:
        parent = by_id.get(item["parent_id"])
        if parent:
            parent["items"].append(item)
    return roots


def report_rows(data: dict) -> list[list]:
    """Flat rows for CSV/XLSX export: one per item, then one per indicator."""
    nodes = {n["id"]: n for n in data["nodes"]}
    out = [["区分", "番号", "名称", "上位", "担当課", "計画", "実績", "進捗状況", "現状値", "最新値", "目標値", "状況"]]
    for item in data["items"]:
        parent = nodes.get(item["parent_id"])
        out.append(
            [
                "推進項目",
                item["code"],
                item["title"],
                parent["code"] if parent else "",
                "・".join(item["departments"]),
                item["planned"],
                item["actual"],
                item["note"],
                "",
                "",
                "",
                "",
            ]
        )
    for ind in data["indicators"]:
        out.append(
            [
                "成果指標",
                ind["code"],
                ind["name"] + (f"（{ind['qualifier']}）" if ind["qualifier"] else ""),
                "",
                "",
                "",
                "",
                "",
                ind["baseline"] or "",
                ind["latest"] or "",
                ind["target"] or "",
                ind["status_label"],
            ]
        )
    return out


def edition_get(*, plan: Plan, fiscal_year: int, edition: int | None) -> ReportEdition:
    """A published edition (the latest unless one is named); Http404 when there is none."""
    editions = ReportEdition.objects.filter(plan=plan, fiscal_year=fiscal_year).select_related("plan")
    chosen = (editions.filter(edition=edition) if edition is not None else editions.order_by("-edition")).first()
    if chosen is None:
        raise Http404
    return chosen
