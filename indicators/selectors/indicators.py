"""Indicator reads: progress per indicator (live computed values for the current year), observation series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from civic_portal.core.fiscal import current_fiscal_year

from .. import computed, permissions
from ..models import Indicator, InterimTarget, Observation, Plan
from ..progress import Progress, indicator_status
from ..table_rows import TEXT_SLOT, RowUrls

if TYPE_CHECKING:
    from civic_portal.accounts.types import Visitor


@dataclass
class Point:
    fiscal_year: int
    value: Decimal
    is_final: bool
    live: bool = False
    source_note: str = ""
    sample_size: int | None = None
    margin_of_error: Decimal | None = None


@dataclass
class IndicatorView:
    indicator: Indicator
    points: list[Point]
    progress: Progress
    interim: list[tuple[int, Decimal]] = field(default_factory=list)
    url: str = ""

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def _series(observations: QuerySet[Observation], internal: bool) -> dict[int, list[Point]]:
    """Each indicator's visible observations (final ones only for the public), oldest first, read as plain values."""
    if not internal:
        observations = observations.filter(is_final=True)
    rows = observations.order_by("indicator_id", "fiscal_year").values_list(
        "indicator_id", "fiscal_year", "value", "is_final", "source_note", "sample_size", "margin_of_error"
    )
    series: defaultdict[int, list[Point]] = defaultdict(list)
    for indicator_id, year, value, is_final, source_note, sample_size, margin_of_error in rows:
        series[indicator_id].append(Point(year, value, is_final, False, source_note, sample_size, margin_of_error))
    return series


def _interims(targets: QuerySet[InterimTarget]) -> dict[int, list[tuple[int, Decimal]]]:
    """Each indicator's interim targets as (fiscal year, value), oldest first."""
    interims: defaultdict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for indicator_id, year, value in targets.order_by("indicator_id", "fiscal_year").values_list(
        "indicator_id", "fiscal_year", "value"
    ):
        interims[indicator_id].append((year, value))
    return interims


def live_year(plan: Plan) -> int | None:
    """The fiscal year computed indicators are shown live for: the current one, while it is inside the plan period."""
    year = current_fiscal_year()
    if (plan.start_year and year < plan.start_year) or (plan.end_year and year > plan.end_year):
        return None
    return year


def indicator_views(
    indicators,
    *,
    internal: bool,
    plan: Plan,
    series: dict[int, list[Point]],
    interims: dict[int, list[tuple[int, Decimal]]],
    live_cache: dict | None = None,
    live: bool = True,
) -> list[IndicatorView]:
    """Progress for indicators from their observations (`series`, see _series) and interim targets; computed
    indicators get a live value for the current year (inside the plan period) when no observation exists yet
    (internal users, unless `live` is off)."""
    year = live_year(plan) if live else None
    live_cache = {} if live_cache is None else live_cache
    views = []
    for indicator in indicators:
        points = list(series.get(indicator.pk, ()))
        if internal and year and indicator.computed_key and not any(p.fiscal_year == year for p in points):
            key = indicator.computed_key
            if key not in live_cache:
                live_cache[key] = computed.compute(key, year)
            if live_cache[key] is not None:
                points.append(Point(year, live_cache[key], False, True))
        interim = interims.get(indicator.pk, [])
        views.append(IndicatorView(indicator, points, progress_of(indicator, points, interim), interim))
    return views


def progress_of(indicator: Indicator, points: list[Point], interim: list[tuple[int, Decimal]]) -> Progress:
    """The indicator's status from these points, a survey's margin of error taken from the latest."""
    latest = points[-1] if points else None
    return indicator_status(
        baseline=indicator.baseline_value,
        baseline_year=indicator.baseline_year,
        target=indicator.target_value,
        target_year=indicator.target_year,
        direction=indicator.direction,
        observations=[(p.fiscal_year, p.value) for p in points],
        margin_of_error=latest.margin_of_error if (latest and indicator.is_survey) else None,
        interim=interim,
    )


def plan_indicators(
    *, plan: Plan, user: Visitor | None = None, internal: bool | None = None, live: bool = True
) -> list[IndicatorView]:
    """All indicators of a plan with their progress, in three queries whatever the number of indicators (plus one
    per distinct computed key for internal users, unless `live` is off)."""
    if internal is None:
        internal = user is not None and permissions.can_view_internal(user)
    views = indicator_views(
        plan.indicators.order_by("sort_order", "code"),
        internal=internal,
        plan=plan,
        series=_series(Observation.objects.filter(indicator__plan=plan), internal),
        interims=_interims(InterimTarget.objects.filter(indicator__plan=plan)),
        live=live,
    )
    url = RowUrls("indicators:indicator_detail", plan.code, TEXT_SLOT)
    for view in views:
        view.url = url(view.indicator.code)
    return views


def indicator_get(*, plan: Plan, code: str, user: Visitor) -> IndicatorView:
    """One indicator of a plan with its progress; Http404 when it does not exist."""
    internal = permissions.can_view_internal(user)
    indicators = plan.indicators.filter(code=code)
    # Only internal users see the target's history.
    indicator = (indicators.prefetch_related("target_revisions") if internal else indicators).first()
    if indicator is None:
        raise Http404
    return indicator_views(
        [indicator],
        internal=internal,
        plan=plan,
        series=_series(indicator.observations.all(), internal),
        interims=_interims(indicator.interim_targets.all()),
    )[0]


def plans_summary(*, user: Visitor) -> list[dict]:
    """Every plan with its item count and indicators by status, in a fixed number of queries."""
    from collections import Counter

    from django.db.models import Count

    from ..progress import STATUS_LABELS, STATUS_ORDER

    internal = permissions.can_view_internal(user)
    plans = list(Plan.objects.annotate(item_count=Count("nodes__item")).order_by("-start_year", "code"))
    indicators = Indicator.objects.order_by("plan_id", "sort_order", "code")
    series = _series(Observation.objects.all(), internal)
    interims = _interims(InterimTarget.objects.all())
    by_plan: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_plan.setdefault(indicator.plan_id, []).append(indicator)
    cache: dict = {}
    summary = []
    for plan in plans:
        views = indicator_views(
            by_plan.get(plan.pk, []), internal=internal, plan=plan, series=series, interims=interims, live_cache=cache
        )
        counts = Counter(view.progress.status for view in views)
        summary.append(
            {
                "plan": plan,
                "indicator_count": len(views),
                "statuses": [(s, STATUS_LABELS[s], counts[s]) for s in STATUS_ORDER if counts[s]],
            }
        )
    return summary
