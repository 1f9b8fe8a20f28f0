"""Plan rows: action_plan_yamaguchi.csv and policy_framework_shimonoseki.csv layouts (one row per leaf item)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields

from ..models import ActionItem, Department, ItemDepartment, ItemKind, Plan, PlanNode, Stage, TargetActor, YearPlan
from .base import FY_COLUMN, ColumnResource, RowErrors, cell, parse_bool

# Upper levels a row may carry, top first. The first present pair of each rank wins.
LEVEL_COLUMNS = [
    [("policy_code", "policy_title"), ("direction_code", "direction_title")],
    [("measure_code", "measure_title")],
]
LEVEL_NAMES = {
    "policy_code": ["推進方針", "推進施策", "推進項目"],
    "direction_code": ["施策展開の方向", "施策", "具体的な取組"],
}
ITEM_COLUMNS = [
    "plan_code",
    "item_code",
    "title",
    "kind",
    "departments",
    "target_actors",
    "purpose",
    "content",
    "completion_criterion",
    "reposted",
]
KIND_WORDS = {"new": ItemKind.NEW, "新規": ItemKind.NEW, "continuing": ItemKind.CONTINUING, "継続": ItemKind.CONTINUING}
ACTOR_WORDS = {**{a.value: a.value for a in TargetActor}, **{str(a.label): a.value for a in TargetActor}}
STAGE_WORDS = {s.value: s.value for s in Stage}
ITEM_ATTRS = ("kind", "target_actors", "purpose", "content", "completion_criterion", "reposted")


@dataclass
class PlanRow:
    plan_code: str
    item_code: str
    title: str
    levels: list[tuple[str, str]]  # (code, title) from the top down
    level_scheme: str = ""
    present: set[str] = field(default_factory=set)
    kind: str = ""
    departments: list[str] = field(default_factory=list)
    target_actors: list[str] = field(default_factory=list)
    purpose: str = ""
    content: str = ""
    completion_criterion: str = ""
    reposted: bool = False
    schedule: dict[int, str] = field(default_factory=dict)


def parse_plan_row(row: dict) -> PlanRow:
    """Check one plan row and return its values; raises ValidationError keyed by column name."""
    errors = RowErrors()
    plan_code = errors.require(row, "plan_code", 50)
    item_code = errors.require(row, "item_code", 50)
    title = errors.require(row, "title")
    levels, scheme = [], ""
    for rank in LEVEL_COLUMNS:
        for code_col, title_col in rank:
            code = cell(row, code_col)
            if code:
                errors.limit(code_col, code, 50)
                levels.append((code, cell(row, title_col)))
                scheme = scheme or code_col
                break
    parsed = PlanRow(plan_code=plan_code, item_code=item_code, title=title, levels=levels, level_scheme=scheme)
    parsed.present = {c for c in row if c}
    kind = cell(row, "kind")
    if kind and kind not in KIND_WORDS:
        errors.add("kind", _("new（新規）か continuing（継続）を入力してください（%(value)s）。") % {"value": kind})
    parsed.kind = KIND_WORDS.get(kind, "")
    parsed.departments = [d.strip() for d in cell(row, "departments").split(";") if d.strip()]
    for name in parsed.departments:
        errors.limit("departments", name, 100)
    for actor in [a.strip() for a in cell(row, "target_actors").split(";") if a.strip()]:
        if actor in ACTOR_WORDS:
            if ACTOR_WORDS[actor] not in parsed.target_actors:
                parsed.target_actors.append(ACTOR_WORDS[actor])
        else:
            errors.add("target_actors", _("対象主体が不明です（%(value)s）。") % {"value": actor})
    parsed.purpose = cell(row, "purpose")
    parsed.content = cell(row, "content")
    criterion = cell(row, "completion_criterion")
    parsed.completion_criterion = "" if criterion in {"-", "－", "ー"} else criterion
    parsed.reposted = bool(errors.run("reposted", parse_bool, cell(row, "reposted")))
    for column in row:
        match = FY_COLUMN.match(column or "")
        if match:
            value = cell(row, column)
            if value and value not in STAGE_WORDS:
                errors.add(
                    column,
                    _("段階は %(choices)s のいずれかです（%(value)s）。")
                    % {"choices": " / ".join(STAGE_WORDS), "value": value},
                )
            parsed.schedule[int(match.group(1))] = STAGE_WORDS.get(value, "")
    errors.raise_if_any()
    return parsed


class PlanImporter:
    """Upserts plan rows: plan by code, nodes by (plan, code), item by its node, year plans by (item, year).

    What a plan already holds (nodes, items, their departments and year plans) is read once per plan; new leaves,
    items, department links and year plans, and changes to existing ones, are written in batches (`flush`), so a row
    costs no query of its own. Call `flush()` after the last row.
    """

    BATCH = 500

    def __init__(self):
        self.plans: dict[str, Plan | None] = {}
        self._started: set[str] = set()  # plan codes a row has been applied to
        self.departments: dict[str, Department] | None = None
        self.nodes: dict[int, dict[str, PlanNode]] = {}
        self.items: dict[int, dict[int, ActionItem]] = {}  # plan id -> node id -> item
        self.links: dict[int, list[tuple[int, int]]] = {}  # item id -> [(department id, position)]
        self.years: dict[int, dict[int, list]] = {}  # item id -> fiscal year -> [year plan id, planned stage]
        self._new_nodes: list[PlanNode] = []
        self._changed_nodes: dict[int, PlanNode] = {}
        self._new_items: list[tuple[ActionItem, list[Department] | None, dict[int, str]]] = []
        self._changed_items: dict[int, ActionItem] = {}
        self._relinked: dict[int, list[tuple[int, int]]] = {}  # existing item id -> its new department links
        self._new_years: list[YearPlan] = []
        self._restaged: dict[int, str] = {}  # year plan id -> planned stage

    def existing_item(self, plan_code: str, item_code: str) -> ActionItem | None:
        """The item a row names, if the database has it (no query once its plan is read)."""
        if plan_code not in self.plans:
            self.plans[plan_code] = Plan.objects.filter(code=plan_code).first()
        plan = self.plans[plan_code]
        if plan is None:
            return None
        self._read(plan)
        node = self.nodes[plan.pk].get(item_code)
        return self.items[plan.pk].get(node.pk) if node is not None and node.pk else None

    def _read(self, plan: Plan, *, new: bool = False) -> None:
        if plan.pk in self.nodes:
            return
        if new:
            self.nodes[plan.pk], self.items[plan.pk] = {}, {}
            return
        self.nodes[plan.pk] = {n.code: n for n in PlanNode.objects.filter(plan=plan)}
        self.items[plan.pk] = {i.node_id: i for i in ActionItem.objects.filter(node__plan=plan)}
        for item_id, department_id, position in ItemDepartment.objects.filter(item__node__plan=plan).values_list(
            "item_id", "department_id", "sort_order"
        ):
            self.links.setdefault(item_id, []).append((department_id, position))
        for pk, item_id, year, stage in YearPlan.objects.filter(item__node__plan=plan).values_list(
            "pk", "item_id", "fiscal_year", "planned_stage"
        ):
            self.years.setdefault(item_id, {})[year] = [pk, stage]

    def plan(self, parsed: PlanRow) -> Plan:
        plan = self.plans.get(parsed.plan_code)
        if plan is None:
            plan, created = Plan.objects.get_or_create(code=parsed.plan_code, defaults={"title": parsed.plan_code})
            self.plans[parsed.plan_code] = plan
            self._read(plan, new=created)
        if parsed.plan_code not in self._started:
            if not plan.level_names and parsed.level_scheme:
                plan.level_names = LEVEL_NAMES[parsed.level_scheme][: len(parsed.levels) + 1]
                plan.save(update_fields=["level_names"])
            self._started.add(parsed.plan_code)
        years = sorted(parsed.schedule)
        if years and (plan.start_year is None or plan.start_year > years[0] or (plan.end_year or 0) < years[-1]):
            plan.start_year = min(years[0], plan.start_year or years[0])
            plan.end_year = max(years[-1], plan.end_year or years[-1])
            plan.save(update_fields=["start_year", "end_year"])
        return plan

    def node(self, plan, parent, code, title, level, order, *, leaf: bool = False) -> PlanNode:
        nodes = self.nodes[plan.pk]
        node = nodes.get(code)
        if node is None:
            node = PlanNode(plan=plan, parent=parent, code=code, title=title or code, level=level, sort_order=order)
            if leaf:
                self._new_nodes.append(node)
            else:
                node.save()  # a parent of later rows: it needs its id now
            nodes[code] = node
            return node
        if node.pk is None and not leaf:
            self.flush()  # a new leaf of an earlier row is the parent of this one
        changed = False
        for attr, value in (
            ("parent_id", parent.pk if parent else None),
            ("level", level),
            ("title", title or node.title),
        ):
            if getattr(node, attr) != value:
                setattr(node, attr, value)
                changed = True
        if changed and node.pk:
            self._changed_nodes[node.pk] = node
        return node

    def department(self, name: str) -> Department:
        if self.departments is None:
            self.departments = {d.name: d for d in Department.objects.all()}
        if name not in self.departments:
            self.departments[name] = Department.objects.create(name=name)
        return self.departments[name]

    def apply(self, item: ActionItem, parsed: PlanRow, *, row_number: int) -> ActionItem:
        plan = self.plan(parsed)
        order = row_number * 10
        parent = None
        for level, (code, title) in enumerate(parsed.levels):
            if code == parsed.item_code:
                raise ValidationError({"item_code": [_("上位の番号と同じです。")]})
            parent = self.node(plan, parent, code, title, level, order)
        leaf = self.node(plan, parent, parsed.item_code, parsed.title, len(parsed.levels), order, leaf=True)
        if leaf.sort_order != order:
            leaf.sort_order = order
            if leaf.pk:
                self._changed_nodes[leaf.pk] = leaf
        if item.pk is None:
            item = (self.items[plan.pk].get(leaf.pk) if leaf.pk else None) or item
        item.node = leaf
        present = parsed.present
        before = [getattr(item, a) for a in ITEM_ATTRS]
        for attr in ITEM_ATTRS:
            if attr in present:
                setattr(item, attr, getattr(parsed, attr))
        if "reposted" in present and not parsed.reposted:
            item.repost_of = None
        departments = [self.department(name) for name in parsed.departments] if "departments" in present else None
        if item.pk is None:
            self._new_items.append((item, departments, parsed.schedule))
        else:
            if before != [getattr(item, a) for a in ITEM_ATTRS]:
                self._changed_items[item.pk] = item
            if departments is not None:
                self.set_departments(item, departments)
            self.set_schedule(item, parsed.schedule)
        if len(self._new_items) >= self.BATCH:
            self.flush()
        return item

    def set_departments(self, item: ActionItem, wanted: list[Department]) -> None:
        current = self.links.get(item.pk, [])
        target = [(department.pk, position) for position, department in enumerate(wanted)]
        if sorted(current) != sorted(target):
            self._relinked[item.pk] = target
            self.links[item.pk] = target

    def set_schedule(self, item: ActionItem, schedule: dict[int, str]) -> None:
        """Planned stages per fiscal year; a blank cell clears the plan but keeps any recorded result."""
        existing = self.years.setdefault(item.pk, {}) if item.pk else {}
        for year, stage in schedule.items():
            year_plan = existing.get(year)
            if year_plan is None:
                if stage:
                    self._new_years.append(YearPlan(item=item, fiscal_year=year, planned_stage=stage))
            elif year_plan[1] != stage:
                year_plan[1] = stage
                self._restaged[year_plan[0]] = stage

    def flush(self) -> None:
        """Write what the rows so far added or changed: a few statements per batch, whatever its size."""
        PlanNode.objects.bulk_create(self._new_nodes, batch_size=self.BATCH)
        PlanNode.objects.bulk_update(
            list(self._changed_nodes.values()), ["parent", "level", "title", "sort_order"], batch_size=self.BATCH
        )
        new_items = [item for item, _departments, _schedule in self._new_items]
        ActionItem.objects.bulk_create(new_items, batch_size=self.BATCH)
        ActionItem.objects.bulk_update(
            list(self._changed_items.values()), ["node", *ITEM_ATTRS, "repost_of"], batch_size=self.BATCH
        )
        for item, departments, schedule in self._new_items:
            self.items[item.node.plan_id][item.node_id] = item
            if departments is not None:
                self._relinked[item.pk] = [(department.pk, position) for position, department in enumerate(departments)]
                self.links[item.pk] = self._relinked[item.pk]
            self.set_schedule(item, schedule)
        new_ids = {item.pk for item in new_items}
        existing = [pk for pk in self._relinked if pk not in new_ids]
        if existing:
            ItemDepartment.objects.filter(item_id__in=existing).delete()
        ItemDepartment.objects.bulk_create(
            [
                ItemDepartment(item_id=pk, department_id=department_id, sort_order=position)
                for pk, links in self._relinked.items()
                for department_id, position in links
            ],
            batch_size=self.BATCH,
        )
        created = YearPlan.objects.bulk_create(self._new_years, batch_size=self.BATCH)
        for year_plan in created:
            self.years.setdefault(year_plan.item_id, {})[year_plan.fiscal_year] = [
                year_plan.pk,
                year_plan.planned_stage,
            ]
        by_stage: dict[str, list[int]] = {}
        for pk, stage in self._restaged.items():
            by_stage.setdefault(stage, []).append(pk)
        for stage, pks in by_stage.items():
            YearPlan.objects.filter(pk__in=pks).update(planned_stage=stage, updated_at=timezone.now())
        self._new_nodes, self._changed_nodes, self._new_items, self._changed_items = [], {}, [], {}
        self._relinked, self._new_years, self._restaged = {}, [], {}

    def link_reposts(self) -> None:
        """Point each 【再掲】 item at the original with the same title in its plan."""
        for plan in self.plans.values():
            if plan is None:
                continue
            items = list(ActionItem.objects.filter(node__plan=plan).select_related("node"))
            originals: dict[str, ActionItem] = {}
            for item in items:
                if not item.reposted:
                    originals.setdefault(item.node.title, item)
            for item in items:
                if item.reposted:
                    original = originals.get(item.node.title)
                    if item.repost_of_id != (original.pk if original else None):
                        item.repost_of = original
                        item.save(update_fields=["repost_of"])


class PlanItemResource(ColumnResource):
    """Import and export of plan items in the shared CSV layouts (plan_code + item_code identify a row)."""

    required_columns = ("plan_code", "item_code", "title")
    key_column = "item_code"

    plan_code = fields.Field(column_name="plan_code", attribute="node__plan__code", readonly=True)
    policy_code = fields.Field(column_name="policy_code", readonly=True)
    policy_title = fields.Field(column_name="policy_title", readonly=True)
    measure_code = fields.Field(column_name="measure_code", readonly=True)
    measure_title = fields.Field(column_name="measure_title", readonly=True)
    item_code = fields.Field(column_name="item_code", attribute="node__code", readonly=True)
    title = fields.Field(column_name="title", attribute="node__title", readonly=True)
    kind = fields.Field(column_name="kind", attribute="kind", readonly=True)
    departments = fields.Field(column_name="departments", readonly=True)
    target_actors = fields.Field(column_name="target_actors", readonly=True)
    purpose = fields.Field(column_name="purpose", attribute="purpose", readonly=True)
    content = fields.Field(column_name="content", attribute="content", readonly=True)
    completion_criterion = fields.Field(
        column_name="completion_criterion", attribute="completion_criterion", readonly=True
    )
    reposted = fields.Field(column_name="reposted", readonly=True)

    class Meta(ColumnResource.Meta):
        model = ActionItem
        name = "計画の推進項目（CSV/XLSX）"
        # No savepoint a row: the importer writes in batches, so a row has no statement of its own to undo.
        use_bulk = True
        # The item columns, with the two levels above an item after the plan's code.
        fields = (ITEM_COLUMNS[0], "policy_code", "policy_title", "measure_code", "measure_title", *ITEM_COLUMNS[1:])

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.importer = PlanImporter()

    def is_known(self, column: str) -> bool:
        known = set(ITEM_COLUMNS) | {c for rank in LEVEL_COLUMNS for pair in rank for c in pair}
        return column in known or bool(FY_COLUMN.match(column))

    def parse(self, row):
        return parse_plan_row(row)

    def row_key(self, parsed):
        return (parsed.plan_code, parsed.item_code)

    def lookup(self, row):
        plan_code, item_code = cell(row, "plan_code"), cell(row, "item_code")
        if not plan_code or not item_code:
            return None
        return self.importer.existing_item(plan_code, item_code)

    def apply(self, instance, parsed, *, row_number):
        return self.importer.apply(instance, parsed, row_number=row_number)

    def after_import(self, dataset, result, **kwargs):
        self.importer.flush()
        if not result.has_errors() and not result.has_validation_errors():
            self.importer.link_reposts()
        super().after_import(dataset, result, **kwargs)

    # --- export in the same layout ---
    def get_queryset(self):
        return ActionItem.objects.select_related("node__plan", "node__parent__parent").prefetch_related(
            "itemdepartment_set__department"
        )

    def _ancestor(self, item, depth_from_leaf):
        node = item.node
        for _step in range(depth_from_leaf):
            node = node.parent if node else None
        return node

    def dehydrate_policy_code(self, item):
        node = self._ancestor(item, 2)
        return node.code if node else ""

    def dehydrate_policy_title(self, item):
        node = self._ancestor(item, 2)
        return node.title if node else ""

    def dehydrate_measure_code(self, item):
        node = self._ancestor(item, 1)
        return node.code if node else ""

    def dehydrate_measure_title(self, item):
        node = self._ancestor(item, 1)
        return node.title if node else ""

    def dehydrate_departments(self, item):
        return ";".join(link.department.name for link in item.itemdepartment_set.all())

    def dehydrate_target_actors(self, item):
        return ";".join(item.target_actors)

    def dehydrate_reposted(self, item):
        return "true" if item.reposted else "false"
