"""Indicator reads: progress per indicator (live computed values for the current year), observation series."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from civic_portal.core.fiscal import current_fiscal_year

from .. import computed, permissions
from ..models import Indicator, Observation, Plan
from ..progress import Progress, indicator_status

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

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def _observation_queryset(internal: bool) -> QuerySet[Observation]:
    queryset = Observation.objects.order_by("fiscal_year")
    return queryset if internal else queryset.filter(is_final=True)


def live_year(plan: Plan) -> int | None:
    """The fiscal year computed indicators are shown live for: the current one, while it is inside the plan period."""
    year = current_fiscal_year()
    if (plan.start_year and year < plan.start_year) or (plan.end_year and year > plan.end_year):
        return None
    return year


def indicator_views(indicators, *, internal: bool, plan: Plan, live_cache: dict | None = None) -> list[IndicatorView]:
    """Progress for already-prefetched indicators (observations_visible, interim_targets); computed indicators get
    a live value for the current year (inside the plan period) when no observation exists yet (internal users)."""
    year = live_year(plan)
    live_cache = {} if live_cache is None else live_cache
    views = []
    for indicator in indicators:
        points = [
            Point(o.fiscal_year, o.value, o.is_final, False, o.source_note, o.sample_size, o.margin_of_error)
            for o in indicator.observations_visible
        ]
        if internal and year and indicator.computed_key and not any(p.fiscal_year == year for p in points):
            key = indicator.computed_key
            if key not in live_cache:
                live_cache[key] = computed.compute(key, year)
            if live_cache[key] is not None:
                points.append(Point(year, live_cache[key], False, True))
        interim = [(t.fiscal_year, t.value) for t in indicator.interim_targets.all()]
        latest = points[-1] if points else None
        progress = indicator_status(
            baseline=indicator.baseline_value,
            baseline_year=indicator.baseline_year,
            target=indicator.target_value,
            target_year=indicator.target_year,
            direction=indicator.direction,
            observations=[(p.fiscal_year, p.value) for p in points],
            margin_of_error=latest.margin_of_error if (latest and indicator.is_survey) else None,
            interim=interim,
        )
        views.append(IndicatorView(indicator, points, progress, interim))
    return views


def plan_indicators(*, plan: Plan, user: Visitor | None = None, internal: bool | None = None) -> list[IndicatorView]:
    """All indicators of a plan with their progress, in three queries whatever the number of indicators (plus one
    per distinct computed key for internal users)."""
    if internal is None:
        internal = user is not None and permissions.can_view_internal(user)
    indicators = plan.indicators.order_by("sort_order", "code").prefetch_related(
        Prefetch("observations", queryset=_observation_queryset(internal), to_attr="observations_visible"),
        "interim_targets",
    )
    return indicator_views(indicators, internal=internal, plan=plan)


def indicator_get(*, plan: Plan, code: str, user: Visitor) -> IndicatorView:
    """One indicator of a plan with its progress; Http404 when it does not exist."""
    internal = permissions.can_view_internal(user)
    indicator = (
        plan.indicators.filter(code=code)
        .prefetch_related(
            Prefetch("observations", queryset=_observation_queryset(internal), to_attr="observations_visible"),
            "interim_targets",
            "target_revisions",
        )
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator_views([indicator], internal=internal, plan=plan)[0]


def plans_summary(*, user: Visitor) -> list[dict]:
    """Every plan with its item count and indicators by status, in a fixed number of queries."""
    from collections import Counter

    from django.db.models import Count

    from ..progress import STATUS_LABELS, STATUS_ORDER

    internal = permissions.can_view_internal(user)
    plans = list(Plan.objects.annotate(item_count=Count("nodes__item")).order_by("-start_year", "code"))
    indicators = Indicator.objects.order_by("plan_id", "sort_order", "code").prefetch_related(
        Prefetch("observations", queryset=_observation_queryset(internal), to_attr="observations_visible"),
        "interim_targets",
    )
    by_plan: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_plan.setdefault(indicator.plan_id, []).append(indicator)
    cache: dict = {}
    summary = []
    for plan in plans:
        views = indicator_views(by_plan.get(plan.pk, []), internal=internal, plan=plan, live_cache=cache)
        counts = Counter(view.progress.status for view in views)
        summary.append(
            {
                "plan": plan,
                "indicator_count": len(views),
                "statuses": [(s, STATUS_LABELS[s], counts[s]) for s in STATUS_ORDER if counts[s]],
            }
        )
    return summary
