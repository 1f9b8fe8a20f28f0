"""The annual report (年次報告) as plain data: what the page, the CSV/XLSX export and a frozen edition show."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, FilteredRelation, OuterRef, Q, Subquery, Value, When
from django.http import Http404

from civic_portal.core.fiscal import fiscal_year_label

from .. import permissions
from ..models import ActionItem, Plan, PlanNode, ReportEdition, ReviewStatus, Stage, YearPlan
from ..progress import STATUS_LABELS
from .indicators import plan_indicators, progress_of
from .plans import department_names, plan_years

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
    nodes = (
        PlanNode.objects.filter(plan=plan, item__isnull=True)
        .order_by("level", "sort_order", "id")
        .values_list("id", "parent_id", "code", "title", "level")
    )
    return {
        "plan": {"code": plan.code, "title": plan.title, "city": plan.city, "level_names": plan.level_names},
        "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year, "ja"),
        "nodes": [
            {"id": pk, "parent_id": parent_id, "code": code, "title": title, "level": level}
            for pk, parent_id, code, title, level in nodes
        ],
        "items": items,
        "indicators": indicators,
        "changes": item_changes + indicator_changes,
    }


def _change(kind: str, code: str, title: str, before: str | None, after: str | None) -> dict:
    return {"kind": kind, "code": code, "title": title, "before": before, "after": after}


def _report_items(plan: Plan, fiscal_year: int, internal: bool) -> tuple[list[dict], list[dict]]:
    """The report's action items for the year, and those whose confirmed stage changed since the year before: one
    query whatever the plan's size (this year's and last year's rows joined, "→" resolved in SQL)."""
    years = plan_years(plan)
    in_period = fiscal_year in years if years else True
    status_labels = {value: str(label) for value, label in ReviewStatus.choices}
    rows = (
        ActionItem.objects.filter(node__plan=plan)
        .annotate(
            cur=FilteredRelation("years", condition=Q(years__fiscal_year=fiscal_year)),
            prev=FilteredRelation("years", condition=Q(years__fiscal_year=fiscal_year - 1)),
        )
        .annotate(
            continued=Case(
                When(cur__planned_stage=Stage.CONTINUE, then=_stage_continued(plan, fiscal_year)), default=Value("")
            ),
            department_names=department_names(),
        )
        .order_by("node__sort_order", "node__id")
        .values_list(
            "node__code",
            "node__title",
            "node__parent_id",
            "reposted",
            "department_names",
            "cur__id",
            "cur__planned_stage",
            "cur__actual_stage",
            "cur__progress_note",
            "cur__status",
            "continued",
            "prev__actual_stage",
            "prev__status",
        )
    )
    items, changes = [], []
    for code, title, parent_id, reposted, departments, *current, continued, prev_actual, prev_status in rows:
        current_id, planned, actual, note, status = current
        exists = current_id is not None
        confirmed = exists and status in CONFIRMED
        shown = exists and (confirmed or internal)
        effective = (continued or "") if planned == Stage.CONTINUE else planned
        items.append(
            {
                "code": code,
                "title": title,
                "parent_id": parent_id,
                "departments": departments or [],
                "planned": planned if exists else "",
                "planned_effective": (effective or "") if exists and in_period else "",
                "actual": actual if shown else "",
                "note": note if shown else "",
                "status": status_labels[status] if exists else "",
                "confirmed": confirmed,
                "reposted": reposted,
            }
        )
        before = prev_actual if prev_status in CONFIRMED else ""
        after = actual if shown else ""
        if after and before and after != before:
            changes.append(_change("item", code, title, before, after))
    return items, changes


def _stage_continued(plan: Plan, fiscal_year: int) -> Subquery:
    """The stage a "→" continues: the item's last stage before the year, inside the plan period (as
    effective_stages resolves it)."""
    earlier = YearPlan.objects.filter(item=OuterRef("pk"), fiscal_year__lt=fiscal_year).exclude(
        planned_stage__in=["", Stage.CONTINUE]
    )
    if plan.fiscal_years:
        earlier = earlier.filter(fiscal_year__gte=plan.start_year)
    return Subquery(earlier.order_by("-fiscal_year").values("planned_stage")[:1])


def _report_indicators(plan: Plan, fiscal_year: int, internal: bool) -> tuple[list[dict], list[dict]]:
    """The plan's indicators as of the year, and those whose value moved since the year before."""
    indicators, changes = [], []
    for view in plan_indicators(plan=plan, internal=internal, live=False):
        indicator = view.indicator
        upto = [p for p in view.points if p.fiscal_year <= fiscal_year and not p.live]
        latest = upto[-1] if upto else None
        prior = next((p for p in reversed(upto) if p.fiscal_year == fiscal_year - 1), None)
        progress = progress_of(indicator, upto, view.interim)
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
