"""Indicators as open data, as open-sdg publishes them: each indicator's metadata and series as JSON, and one bulk
download (CSV and JSON) of every indicator's stored observations and breakdowns."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Breakdown, Indicator
from .selectors.breakdowns import BreakdownTable


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def metadata(indicator: Indicator) -> dict:
    """The indicator's metadata fields (definition, unit, source, method, frequency, department, targets)."""
    return {
        "plan": indicator.plan.code,
        "code": indicator.code,
        "name": indicator.name,
        "qualifier": indicator.qualifier,
        "unit": indicator.unit,
        "definition": indicator.definition,
        "method": indicator.method,
        "source": indicator.get_source_display(),
        "source_note": indicator.source_note,
        "frequency": indicator.get_frequency_display(),
        "department": indicator.department.name if indicator.department else "",
        "direction": indicator.get_direction_display(),
        "baseline": {"value": _number(indicator.baseline_value), "fiscal_year": indicator.baseline_year},
        "target": {"value": _number(indicator.target_value), "fiscal_year": indicator.target_year},
        "url": settings.SITE_URL + reverse("indicators:indicator_detail", args=[indicator.plan.code, indicator.code]),
    }


def indicator_document(view, tables: list[BreakdownTable], updated) -> dict:
    """One indicator as JSON: metadata, its series as on its page, its breakdowns, the licence."""
    return {
        **metadata(view.indicator),
        "last_update": updated.isoformat() if updated else None,
        "license": settings.OPEN_DATA_LICENSE["url"],
        "series": [
            {
                "fiscal_year": point.fiscal_year,
                "value": _number(point.value),
                "final": point.is_final,
                "sample_size": point.sample_size,
                "margin_of_error": _number(point.margin_of_error),
            }
            for point in view.points
        ],
        "breakdowns": [
            {"dimension": table.dimension, "category": category, "fiscal_year": year, "value": _number(value)}
            for table in tables
            for category, values in table.rows
            for year, value in zip(table.years, values, strict=True)
            if value is not None
        ],
    }


def bulk_headers() -> list[str]:
    return [
        _("計画"), _("指標番号"), _("指標名"), _("単位"), _("年度"), _("値"), _("区分"),
        _("内訳の軸"), _("内訳"), _("回答数"), _("誤差の範囲（±）"), _("担当課"),
    ]  # fmt: skip


def bulk_rows(indicators, observations, breakdowns) -> list[list]:
    """Every indicator's stored observations, then its breakdowns, one row per value (long format)."""
    rows = []
    final, provisional = _("確定値"), _("速報値")
    for indicator in indicators:
        head = [indicator.plan.code, indicator.code, indicator.name, indicator.unit]
        department = indicator.department.name if indicator.department else ""
        for obs in observations.get(indicator.pk, []):
            kind = final if obs.is_final else provisional
            rows.append(
                [*head, obs.fiscal_year, obs.value, kind, "", "", obs.sample_size, obs.margin_of_error, department]
            )
        for part in breakdowns.get(indicator.pk, []):
            rows.append(_breakdown_row(head, part, final if part.is_final else provisional, department))
    return rows


def _breakdown_row(head: list, part: Breakdown, kind: str, department: str) -> list:
    dimension = part.get_dimension_display()
    return [*head, part.fiscal_year, part.value, kind, dimension, part.category, part.sample_size, None, department]


def bulk_document(indicators, observations, breakdowns) -> dict:
    """Every indicator as one JSON document: metadata and stored values."""
    return {
        "license": settings.OPEN_DATA_LICENSE["url"],
        "indicators": [
            {
                **metadata(indicator),
                "series": [
                    {"fiscal_year": o.fiscal_year, "value": _number(o.value), "final": o.is_final}
                    for o in observations.get(indicator.pk, [])
                ],
                "breakdowns": [_part(b) for b in breakdowns.get(indicator.pk, [])],
            }
            for indicator in indicators
        ],
    }


def _part(part: Breakdown) -> dict:
    return {
        "dimension": part.dimension,
        "category": part.category,
        "fiscal_year": part.fiscal_year,
        "value": _number(part.value),
        "final": part.is_final,
    }
