"""Plan reads: the plan tree, items with their yearly stages, counts by stage, a department's items."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from civic_portal.core.fiscal import current_fiscal_year

from .. import permissions
from ..models import ActionItem, Department, ItemDepartment, Plan, PlanNode, ReviewStatus, Stage, YearPlan

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from civic_portal.accounts.types import Visitor

NO_ENTRY = ""
VISIBLE_TO_PUBLIC = {ReviewStatus.PUBLISHED}
STAGE_ROWS = [Stage.STUDY, Stage.PARTIAL, Stage.STUDY_AND_IMPLEMENT, Stage.IMPLEMENTED, Stage.NOT_DONE]


def plan_get(*, code: str) -> Plan:
    """A plan by its code (plans are public documents); Http404 when unknown."""
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise Http404
    return plan


def effective_stages(stages: dict[int, str], years: list[int]) -> dict[int, str]:
    """Resolve "→" (continues the previous year's state) into the stage it continues."""
    resolved, previous = {}, ""
    for year in years:
        stage = stages.get(year, "")
        if stage == Stage.CONTINUE:
            stage = previous
        resolved[year] = stage
        if stage:
            previous = stage
    return resolved


@dataclass
class ItemRow:
    item: ActionItem
    years: dict[int, YearPlan] = field(default_factory=dict)
    planned: dict[int, str] = field(default_factory=dict)
    cells: list[dict] = field(default_factory=list)
    report_year: int | None = None  # the year the dashboard asks a department to report

    def year(self, fiscal_year: int) -> YearPlan | None:
        return self.years.get(fiscal_year)


def items_queryset(internal: bool) -> QuerySet[ActionItem]:
    """Action items with their departments and years prefetched, for item_rows()."""
    years = YearPlan.objects.order_by("fiscal_year")
    return ActionItem.objects.select_related("node", "repost_of__node").prefetch_related(
        Prefetch("itemdepartment_set", queryset=ItemDepartment.objects.select_related("department")),
        Prefetch("years", queryset=years),
    )


def item_rows(items, years: list[int], internal: bool) -> list[ItemRow]:
    """One ItemRow per item over `years`; results not yet public are blanked unless `internal`."""
    rows = []
    for item in items:
        by_year = {}
        for year_plan in item.years.all():
            if not internal and year_plan.status not in VISIBLE_TO_PUBLIC:
                year_plan.actual_stage, year_plan.progress_note, year_plan.evidence = "", "", ""
            by_year[year_plan.fiscal_year] = year_plan
        planned = effective_stages({y: yp.planned_stage for y, yp in by_year.items()}, years)
        cells = [
            {
                "year": year,
                "printed": by_year[year].planned_stage if year in by_year else "",
                "planned": planned.get(year, ""),
                "actual": by_year[year].actual_stage if year in by_year else "",
                "status": by_year[year].get_status_display() if year in by_year else "",
            }
            for year in years
        ]
        rows.append(ItemRow(item, by_year, planned, cells))
    return rows


def plan_years(plan: Plan) -> list[int]:
    """The plan's fiscal years, or the years its schedule mentions."""
    if plan.fiscal_years:
        return plan.fiscal_years
    return sorted(set(YearPlan.objects.filter(item__node__plan=plan).values_list("fiscal_year", flat=True)))


def plan_overview(*, plan: Plan, user: Visitor) -> dict:
    """Counts of items by (effective) planned and actual stage per fiscal year, and the top of the tree; a fixed
    number of queries whatever the plan's size."""
    internal = permissions.can_view_internal(user)
    years = plan_years(plan)
    rows = YearPlan.objects.filter(item__node__plan=plan).values_list(
        "item_id", "fiscal_year", "planned_stage", "actual_stage", "status"
    )
    planned_by_item: defaultdict[int, dict[int, str]] = defaultdict(dict)
    actual: Counter[tuple[int, str]] = Counter()
    for item_id, year, planned_stage, actual_stage, status in rows:
        planned_by_item[item_id][year] = planned_stage
        if internal or status in VISIBLE_TO_PUBLIC:
            actual[(year, actual_stage or NO_ENTRY)] += 1
    planned: Counter[tuple[int, str]] = Counter()
    for stages in planned_by_item.values():
        for year, stage in effective_stages(stages, years).items():
            planned[(year, stage or NO_ENTRY)] += 1
    item_count = ActionItem.objects.filter(node__plan=plan).count()
    stage_rows = [
        (stage, [(planned[(y, stage.value)], actual[(y, stage.value)]) for y in years]) for stage in STAGE_ROWS
    ]
    nodes = list(PlanNode.objects.filter(plan=plan, item__isnull=True).order_by("level", "sort_order", "id"))
    return {
        "years": years,
        "item_count": item_count,
        "has_schedule": bool(planned_by_item),
        "stage_rows": stage_rows,
        "tree": build_tree(nodes),
        "departments": list(
            Department.objects.filter(items__node__plan=plan).distinct().order_by("sort_order", "name")
        ),
    }


@dataclass
class TreeNode:
    node: PlanNode
    children: list[TreeNode] = field(default_factory=list)
    rows: list[ItemRow] = field(default_factory=list)


def build_tree(nodes: list[PlanNode], rows: list[ItemRow] | None = None) -> list[TreeNode]:
    """Nest nodes (already ordered) under their parents; attach item rows to their parent node."""
    wrapped: dict[int | None, TreeNode] = {node.pk: TreeNode(node) for node in nodes}
    roots: list[TreeNode] = []
    for node in nodes:
        parent = wrapped.get(node.parent_id)
        (parent.children if parent else roots).append(wrapped[node.pk])
    for row in rows or []:
        parent = wrapped.get(row.item.node.parent_id)
        if parent:
            parent.rows.append(row)
    return roots


def node_get(*, plan: Plan, pk: int) -> PlanNode:
    """A non-leaf node of a plan; Http404 otherwise."""
    node = PlanNode.objects.filter(plan=plan, pk=pk, item__isnull=True).first()
    if node is None:
        raise Http404
    return node


def node_items(*, plan: Plan, node: PlanNode, user: Visitor) -> dict:
    """The subtree under a policy or measure with every item and its yearly stages."""
    internal = permissions.can_view_internal(user)
    years = plan_years(plan)
    nodes = list(PlanNode.objects.filter(plan=plan).order_by("level", "sort_order", "id"))
    children = defaultdict(list)
    for candidate in nodes:
        children[candidate.parent_id].append(candidate.pk)
    inside, stack = set(), [node.pk]
    while stack:
        current = stack.pop()
        inside.add(current)
        stack.extend(children[current])
    items = items_queryset(internal).filter(node_id__in=inside).order_by("node__sort_order", "node__id")
    rows = item_rows(items, years, internal)
    branch = [n for n in nodes if n.pk in inside and not hasattr_item(n, rows)]
    return {"years": years, "tree": build_tree(branch, rows)}


def hasattr_item(node: PlanNode, rows: list[ItemRow]) -> bool:
    return any(row.item.node_id == node.pk for row in rows)


def department_get(*, pk: int) -> Department:
    """A department; Http404 when unknown."""
    department = Department.objects.filter(pk=pk).first()
    if department is None:
        raise Http404
    return department


def department_items(*, plan: Plan, department: Department, user: Visitor) -> dict:
    """Items a department is responsible for in a plan, with their yearly stages."""
    internal = permissions.can_view_internal(user)
    years = plan_years(plan)
    items = (
        items_queryset(internal)
        .filter(node__plan=plan, itemdepartment__department=department)
        .order_by("node__sort_order", "node__id")
    )
    return {"years": years, "rows": item_rows(items, years, internal)}


def my_items(*, user: Visitor, fiscal_year: int | None = None) -> list[ItemRow]:
    """Items of the user's departments to report on: each plan's current fiscal year (its last year once the
    plan period has ended)."""
    today = fiscal_year or current_fiscal_year()
    ids = permissions.department_ids(user)
    if not ids:
        return []
    items = (
        items_queryset(True)
        .filter(itemdepartment__department_id__in=ids)
        .select_related("node__plan")
        .distinct()
        .order_by("node__plan__code", "node__sort_order", "node__id")
    )
    rows = []
    for item in items:
        plan = item.node.plan
        year = min(today, plan.end_year) if plan.end_year else today
        row = item_rows([item], [year], True)[0]
        row.report_year = year
        rows.append(row)
    return rows


def item_get(*, pk: int, user: Visitor) -> ItemRow:
    """An action item with its yearly stages (results hidden from the public until published); Http404 if none."""
    internal = permissions.can_view_internal(user)
    item = items_queryset(internal).select_related("node__plan", "node__parent").filter(pk=pk).first()
    if item is None:
        raise Http404
    years = plan_years(item.node.plan)
    return item_rows([item], years, internal)[0]


def year_plan_for_recording(*, item: ActionItem, fiscal_year: int, user: User) -> YearPlan:
    """The yearly result a department user may record; PermissionDenied for others, Http404 outside the plan."""
    if not permissions.can_record_result(user, item):
        raise PermissionDenied
    years = plan_years(item.node.plan)
    if years and fiscal_year not in years:
        raise Http404
    return YearPlan.objects.filter(item=item, fiscal_year=fiscal_year).first() or YearPlan(
        item=item, fiscal_year=fiscal_year
    )


def review_queue(*, user: Visitor) -> list[YearPlan]:
    """Yearly results waiting for center staff (submitted, reviewed or approved); empty for everyone else."""
    if not permissions.can_review(user):
        return []
    waiting = [ReviewStatus.SUBMITTED, ReviewStatus.REVIEWED, ReviewStatus.APPROVED]
    return list(
        YearPlan.objects.filter(status__in=waiting)
        .select_related("item__node__plan")
        .order_by("fiscal_year", "item__node__plan__code", "item__node__sort_order")[:200]
    )
