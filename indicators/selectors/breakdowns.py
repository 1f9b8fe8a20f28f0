"""Indicator metadata reads: breakdown tables, last update, and every indicator's series for the bulk download."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max

from ..models import Breakdown, Dimension, Indicator, Observation


@dataclass
class BreakdownTable:
    """One dimension of an indicator: its categories (rows) by fiscal year (columns)."""

    dimension: str
    label: str
    years: list[int]
    rows: list[tuple[str, list[Decimal | None]]]


def breakdown_tables(indicator: Indicator, *, internal: bool) -> list[BreakdownTable]:
    """The indicator's breakdowns, one table per dimension (final values only for the public), in one query."""
    values = Breakdown.objects.filter(indicator=indicator)
    if not internal:
        values = values.filter(is_final=True)
    cells: dict[str, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for dimension, category, year, value in values.order_by("dimension", "sort_order", "category").values_list(
        "dimension", "category", "fiscal_year", "value"
    ):
        cells[dimension][category][year] = Decimal(format(value.normalize(), "f"))  # 45.500 → 45.5, 100 stays 100
    labels = dict(Dimension.choices)
    tables = []
    for dimension in Dimension.values:
        if dimension not in cells:
            continue
        years = sorted({year for by_year in cells[dimension].values() for year in by_year})
        rows = [(category, [by_year.get(year) for year in years]) for category, by_year in cells[dimension].items()]
        tables.append(BreakdownTable(dimension, str(labels[dimension]), years, rows))
    return tables


def last_update(indicator: Indicator):
    """When the indicator's figures last changed: its newest recorded observation (None before the first)."""
    return indicator.observations.aggregate(at=Max("recorded_at"))["at"]


def all_series(*, internal: bool) -> tuple[list[Indicator], dict[int, list[Observation]], dict[int, list[Breakdown]]]:
    """Every indicator with its plan and department, its observations and breakdowns (final ones only for the
    public), in three queries whatever the number of indicators."""
    indicators = list(
        Indicator.objects.select_related("plan", "department").order_by("plan__code", "sort_order", "code")
    )
    observations = Observation.objects.order_by("indicator_id", "fiscal_year")
    breakdowns = Breakdown.objects.order_by("indicator_id", "dimension", "sort_order", "category", "fiscal_year")
    if not internal:
        observations, breakdowns = observations.filter(is_final=True), breakdowns.filter(is_final=True)
    by_indicator: dict[int, list[Observation]] = defaultdict(list)
    for observation in observations:
        by_indicator[observation.indicator_id].append(observation)
    parts: dict[int, list[Breakdown]] = defaultdict(list)
    for part in breakdowns:
        parts[part.indicator_id].append(part)
    return list(indicators), by_indicator, parts
