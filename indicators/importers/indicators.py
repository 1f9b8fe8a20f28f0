"""Indicator rows: the indicators_shimonoseki.csv layout (plan_code + indicator_code identify a row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from import_export import fields

from .. import computed
from ..models import Direction, Indicator, IndicatorSource, Plan
from ..services.indicators import indicator_set_target
from .base import ColumnResource, RowErrors, cell, parse_bool, parse_decimal, parse_year

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

INDICATOR_COLUMNS = [
    "plan_code",
    "policy_code",
    "policy_title",
    "indicator_code",
    "name",
    "survey_based",
    "source_note",
    "unit",
    "qualifier",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "direction",
    "source",
    "computed_key",
]


@dataclass
class IndicatorRow:
    plan_code: str
    code: str
    name: str
    present: set[str] = field(default_factory=set)
    values: dict = field(default_factory=dict)


def parse_indicator_row(row: dict) -> IndicatorRow:
    """Check one indicator row and return its values; raises ValidationError keyed by column name."""
    errors = RowErrors()
    parsed = IndicatorRow(
        plan_code=errors.require(row, "plan_code", 50),
        code=errors.require(row, "indicator_code", 30),
        name=errors.require(row, "name", 200),
    )
    parsed.present = {c for c in row if c}
    values = parsed.values
    for column, attr, length in (
        ("policy_code", "group_code", 30),
        ("policy_title", "group_title", 200),
        ("source_note", "source_note", 200),
        ("unit", "unit", 20),
        ("qualifier", "qualifier", 100),
        ("computed_key", "computed_key", 50),
    ):
        if column in parsed.present:
            values[attr] = errors.limit(column, cell(row, column), length)
    for column, parser in (
        ("baseline_value", parse_decimal),
        ("baseline_year", parse_year),
        ("target_value", parse_decimal),
        ("target_year", parse_year),
    ):
        if column in parsed.present:
            values[column] = errors.run(column, parser, cell(row, column))
    if "survey_based" in parsed.present:
        values["survey_based"] = errors.run("survey_based", parse_bool, cell(row, "survey_based"))
    if "direction" in parsed.present:
        direction = cell(row, "direction") or Direction.INCREASE
        if direction not in Direction.values:
            errors.add("direction", _("increase か decrease を入力してください（%(value)s）。") % {"value": direction})
        values["direction"] = direction
    if "source" in parsed.present and cell(row, "source"):
        source = cell(row, "source")
        if source not in IndicatorSource.values:
            errors.add("source", _("survey / portal / statistic のいずれかです（%(value)s）。") % {"value": source})
        values["source"] = source
    key = values.get("computed_key")
    if key and key not in computed.REGISTRY:
        errors.add(
            "computed_key",
            _("自動集計キーは %(keys)s のいずれかです（%(value)s）。")
            % {"keys": ", ".join(computed.REGISTRY), "value": key},
        )
    baseline_year, target_year = values.get("baseline_year"), values.get("target_year")
    if baseline_year and target_year and baseline_year > target_year:
        errors.add("target_year", _("目標年度が現状値の年度より前です。"))
    errors.raise_if_any()
    return parsed


class IndicatorImporter:
    def __init__(self, user: User | None = None):
        self.user = user
        self.plans: dict[str, Plan] = {}

    def apply(self, indicator: Indicator, parsed: IndicatorRow, *, row_number: int) -> Indicator:
        plan = self.plans.get(parsed.plan_code)
        if plan is None:
            plan, _created = Plan.objects.get_or_create(code=parsed.plan_code, defaults={"title": parsed.plan_code})
            self.plans[parsed.plan_code] = plan
        if indicator.pk is None:
            indicator = Indicator.objects.filter(plan=plan, code=parsed.code).first() or Indicator(plan=plan)
        values = dict(parsed.values)
        survey = values.pop("survey_based", None)
        new_target = (
            values.pop("target_value", indicator.target_value),
            values.pop("target_year", indicator.target_year),
        )
        indicator.plan, indicator.code, indicator.name = plan, parsed.code, parsed.name
        indicator.sort_order = row_number * 10
        for attr in ("group_code", "group_title", "source_note", "unit", "qualifier", "computed_key", "direction"):
            if attr in values:
                setattr(indicator, attr, values[attr])
        for attr in ("baseline_value", "baseline_year"):
            if attr in values:
                setattr(indicator, attr, values[attr])
        if "source" in values:
            indicator.source = values["source"]
        elif survey is True:
            indicator.source = IndicatorSource.SURVEY
        elif survey is False and indicator.source == IndicatorSource.SURVEY:
            indicator.source = IndicatorSource.STATISTIC
        if indicator.source == IndicatorSource.STATISTIC and indicator.computed_key:
            indicator.source = IndicatorSource.PORTAL
        is_new = indicator.pk is None
        if is_new:
            indicator.target_value, indicator.target_year = new_target
        indicator.full_clean(exclude=["plan"], validate_unique=False)
        indicator.save()
        if not is_new:
            indicator_set_target(
                indicator=indicator,
                value=_as_decimal(new_target[0]),
                year=new_target[1],
                reason=_("取込による変更"),
                user=self.user,
            )
        return indicator


def _as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


class IndicatorResource(ColumnResource):
    """Import and export of outcome indicators in the indicators_shimonoseki.csv layout."""

    required_columns = ("plan_code", "indicator_code", "name")
    known_columns = tuple(INDICATOR_COLUMNS)
    key_column = "indicator_code"

    plan_code = fields.Field(column_name="plan_code", attribute="plan__code", readonly=True)
    policy_code = fields.Field(column_name="policy_code", attribute="group_code", readonly=True)
    policy_title = fields.Field(column_name="policy_title", attribute="group_title", readonly=True)
    indicator_code = fields.Field(column_name="indicator_code", attribute="code", readonly=True)
    name = fields.Field(column_name="name", attribute="name", readonly=True)
    survey_based = fields.Field(column_name="survey_based", readonly=True)
    source_note = fields.Field(column_name="source_note", attribute="source_note", readonly=True)
    unit = fields.Field(column_name="unit", attribute="unit", readonly=True)
    qualifier = fields.Field(column_name="qualifier", attribute="qualifier", readonly=True)
    baseline_value = fields.Field(column_name="baseline_value", attribute="baseline_value", readonly=True)
    baseline_year = fields.Field(column_name="baseline_year", attribute="baseline_year", readonly=True)
    target_value = fields.Field(column_name="target_value", attribute="target_value", readonly=True)
    target_year = fields.Field(column_name="target_year", attribute="target_year", readonly=True)
    direction = fields.Field(column_name="direction", attribute="direction", readonly=True)
    source = fields.Field(column_name="source", attribute="source", readonly=True)
    computed_key = fields.Field(column_name="computed_key", attribute="computed_key", readonly=True)

    class Meta(ColumnResource.Meta):
        model = Indicator
        name = "成果指標（CSV/XLSX）"
        fields = tuple(INDICATOR_COLUMNS)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.importer = IndicatorImporter()

    def before_import(self, dataset, **kwargs):
        self.importer.user = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def parse(self, row):
        return parse_indicator_row(row)

    def row_key(self, parsed):
        return (parsed.plan_code, parsed.code)

    def lookup(self, row):
        plan_code, code = cell(row, "plan_code"), cell(row, "indicator_code")
        if not plan_code or not code:
            return None
        return Indicator.objects.filter(plan__code=plan_code, code=code).first()

    def apply(self, instance, parsed, *, row_number):
        return self.importer.apply(instance, parsed, row_number=row_number)

    def get_queryset(self):
        return Indicator.objects.select_related("plan")

    def dehydrate_survey_based(self, indicator):
        return "true" if indicator.source == IndicatorSource.SURVEY else "false"
