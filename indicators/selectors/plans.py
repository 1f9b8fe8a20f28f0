"""Plan reads: the plan tree, items with their yearly stages, counts by stage, a department's items."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.http import Http404
from django.utils.safestring import SafeString

from civic_portal.core.fiscal import current_fiscal_year

from .. import permissions
from ..models import ActionItem, Department, ItemDepartment, Plan, PlanNode, ReviewStatus, Stage, YearPlan
from ..table_rows import ID_SLOT, RowUrls, schedule_rows_html
from .schedule import stage_counts

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
    internal: bool = False
    url: str = ""
    departments: list[str] = field(default_factory=list)

    def year(self, fiscal_year: int) -> YearPlan | None:
        return self.years.get(fiscal_year)


def items_queryset(internal: bool) -> QuerySet[ActionItem]:
    """Action items with their departments and years prefetched, for item_rows()."""
    years = YearPlan.objects.order_by("fiscal_year")
    return ActionItem.objects.select_related("node", "repost_of__node").prefetch_related(
        Prefetch("itemdepartment_set", queryset=ItemDepartment.objects.select_related("department")),
        Prefetch("years", queryset=years),
    )


def listed_items() -> QuerySet[ActionItem]:
    """Action items with what a table row shows (number, title, 再掲, `department_names` in order), for
    schedule_rows()."""
    return (
        ActionItem.objects.select_related("node")
        .only("id", "reposted", "node__id", "node__parent_id", "node__code", "node__title", "node__sort_order")
        .annotate(department_names=department_names())
    )


def department_names() -> ArrayAgg:
    """An item's departments' names in their order, aggregated over the query's items in one pass (None when it
    has none)."""
    return ArrayAgg(
        "itemdepartment__department__name",
        filter=Q(itemdepartment__isnull=False),
        order_by=("itemdepartment__sort_order", "itemdepartment__id"),
    )


def _status_labels() -> dict[str, str]:
    """Review statuses' labels, translated once per call instead of once per cell."""
    return {value: str(label) for value, label in ReviewStatus.choices}


def _cells(by_year: dict[int, tuple[str, str, str]], planned: dict[int, str], years: list[int]) -> list[dict]:
    """Year cells from (printed stage, result, status label) per year."""
    cells = []
    for year in years:
        printed, actual, status = by_year.get(year, ("", "", ""))
        cells.append(
            {"year": year, "printed": printed, "planned": planned.get(year, ""), "actual": actual, "status": status}
        )
    return cells


def item_rows(items, years: list[int], internal: bool) -> list[ItemRow]:
    """One ItemRow per item over `years` (its YearPlans kept); results not yet public are blanked unless
    `internal`."""
    labels, rows = _status_labels(), []
    for item in items:
        by_year = {}
        for year_plan in item.years.all():
            if not internal and year_plan.status not in VISIBLE_TO_PUBLIC:
                year_plan.actual_stage, year_plan.progress_note, year_plan.evidence = "", "", ""
            by_year[year_plan.fiscal_year] = year_plan
        planned = effective_stages({y: yp.planned_stage for y, yp in by_year.items()}, years)
        stages = {y: (yp.planned_stage, yp.actual_stage, labels[yp.status]) for y, yp in by_year.items()}
        rows.append(ItemRow(item, by_year, planned, _cells(stages, planned, years), internal=internal))
    return rows


def schedule_rows(items: QuerySet[ActionItem], years: list[int], internal: bool) -> list[ItemRow]:
    """ItemRows for the long tables (a department's items, a subtree): the yearly stages read as plain values in
    one query, not as models (`years` of each row stays empty); results not yet public blanked unless `internal`."""
    listed = list(items)
    labels = _status_labels()
    schedule = (
        YearPlan.objects.filter(item__in=[item.pk for item in listed])
        .order_by()
        .values_list("item_id", "fiscal_year", "planned_stage", "actual_stage", "status")
    )
    stages: defaultdict[int, dict[int, tuple[str, str, str]]] = defaultdict(dict)
    for item_id, year, printed, actual, status in schedule:
        if not internal and status not in VISIBLE_TO_PUBLIC:
            actual = ""
        stages[item_id][year] = (printed, actual, labels[status])
    url = RowUrls("indicators:item_detail", ID_SLOT)
    rows = []
    for item in listed:
        by_year = stages.get(item.pk, {})
        planned = effective_stages({y: stage[0] for y, stage in by_year.items()}, years)
        cells = _cells(by_year, planned, years)
        departments = getattr(item, "department_names", None) or []
        rows.append(ItemRow(item, {}, planned, cells, internal, url(item.pk), departments))
    return rows


def plan_years(plan: Plan) -> list[int]:
    """The plan's fiscal years, or the years its schedule mentions."""
    if plan.fiscal_years:
        return plan.fiscal_years
    return sorted(set(YearPlan.objects.filter(item__node__plan=plan).values_list("fiscal_year", flat=True)))


def plan_overview(*, plan: Plan, user: Visitor) -> dict:
    """Counts of items by (effective) planned and actual stage per fiscal year, and the top of the tree; a fixed
    number of queries whatever the plan's size, the counting done by the database."""
    internal = permissions.can_view_internal(user)
    years = plan_years(plan)
    planned, actual, has_schedule = stage_counts(plan, internal=internal, visible=VISIBLE_TO_PUBLIC)
    item_count = ActionItem.objects.filter(node__plan=plan).count()
    stage_rows = [
        (stage, [(planned[(y, stage.value)], actual[(y, stage.value)]) for y in years]) for stage in STAGE_ROWS
    ]
    nodes = list(PlanNode.objects.filter(plan=plan, item__isnull=True).order_by("level", "sort_order", "id"))
    tree, url = build_tree(nodes), RowUrls("indicators:node_detail", plan.code, ID_SLOT)
    stack = list(tree)
    while stack:
        branch = stack.pop()
        branch.url = url(branch.node.pk)
        stack.extend(branch.children)
    return {
        "years": years,
        "item_count": item_count,
        "has_schedule": has_schedule,
        "stage_rows": stage_rows,
        "tree": tree,
        "departments": list(
            Department.objects.filter(items__node__plan=plan).distinct().order_by("sort_order", "name")
        ),
    }


@dataclass
class TreeNode:
    node: PlanNode
    children: list[TreeNode] = field(default_factory=list)
    rows: list[ItemRow] = field(default_factory=list)
    url: str = ""

    @property
    def rows_html(self) -> SafeString:
        return schedule_rows_html(self.rows)


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
    """The subtree under a policy or measure with every item and its yearly stages; the plan's tree is read as
    plain values and only the subtree's policies and measures become models."""
    internal = permissions.can_view_internal(user)
    years = plan_years(plan)
    tree = (
        PlanNode.objects.filter(plan=plan)
        .order_by("level", "sort_order", "id")
        .values_list("id", "parent_id", "code", "title", "level", "sort_order", "item")
    )
    children: defaultdict[int | None, list[int]] = defaultdict(list)
    fields: dict[int, dict[str, Any]] = {}
    for pk, parent_id, code, title, level, sort_order, item_id in tree:
        children[parent_id].append(pk)
        if item_id is None:
            fields[pk] = {
                "parent_id": parent_id,
                "code": code,
                "title": title,
                "level": level,
                "sort_order": sort_order,
            }
    inside, stack = set(), [node.pk]
    while stack:
        current = stack.pop()
        inside.add(current)
        stack.extend(children[current])
    items = listed_items().filter(node_id__in=inside).order_by("node__sort_order", "node__id")
    rows = schedule_rows(items, years, internal)
    branch = [PlanNode(id=pk, plan=plan, **values) for pk, values in fields.items() if pk in inside]
    return {"years": years, "tree": build_tree(branch, rows)}


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
        listed_items()
        .filter(node__plan=plan, itemdepartment__department=department)
        .order_by("node__sort_order", "node__id")
    )
    return {"years": years, "rows": schedule_rows(items, years, internal)}


@dataclass(frozen=True)
class ItemToReport:
    """One row of a department user's "今年度報告する推進項目": the item and its report year's entry."""

    pk: int
    plan: str
    code: str
    title: str
    report_year: int
    planned: str
    actual: str
    status: str


def my_items(*, user: Visitor, fiscal_year: int | None = None) -> list[ItemToReport]:
    """Items of the user's departments to report on: each plan's current fiscal year (its last year once the
    plan period has ended); one query, that year's entry joined, whatever the length of the plans."""
    today = fiscal_year or current_fiscal_year()
    ids = permissions.department_ids(user)
    if not ids:
        return []
    report_year = Least(Value(today), Coalesce(F("node__plan__end_year"), Value(today)), output_field=IntegerField())
    rows = (
        ActionItem.objects.filter(Exists(ItemDepartment.objects.filter(item=OuterRef("pk"), department_id__in=ids)))
        .annotate(report_year=report_year)
        .annotate(entry=FilteredRelation("years", condition=Q(years__fiscal_year=F("report_year"))))
        .order_by("node__plan__code", "node__sort_order", "node__id")
        .values_list(
            "pk",
            "node__plan__title",
            "node__plan__code",
            "node__code",
            "node__title",
            "report_year",
            "entry__id",
            "entry__planned_stage",
            "entry__actual_stage",
            "entry__status",
        )
    )
    labels = _status_labels()
    # The plan's stage of the report year read alone (as the dashboard always has): a "→" there shows no stage.
    return [
        ItemToReport(
            pk,
            plan_title or plan_code,
            code,
            title,
            year,
            planned if entry and planned != Stage.CONTINUE else "",
            actual if entry else "",
            labels[status] if entry else "",
        )
        for pk, plan_title, plan_code, code, title, year, entry, planned, actual, status in rows
    ]


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
    queue = list(
        YearPlan.objects.filter(status__in=waiting)
        .select_related("item__node__plan")
        .order_by("fiscal_year", "item__node__plan__code", "item__node__sort_order")[:200]
    )
    url = RowUrls("indicators:item_detail", ID_SLOT)
    for year_plan in queue:
        year_plan.item_url = url(year_plan.item_id)  # type: ignore[attr-defined]
    return queue
