"""Progress arithmetic for outcome indicators: pure functions, no database."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext_lazy as _

INCREASE = "increase"
DECREASE = "decrease"


class Status:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_SIGNIFICANT_CHANGE = "no_significant_change"
    NO_DATA = "no_data"


STATUS_LABELS = {
    Status.ACHIEVED: _("達成"),
    Status.ON_TRACK: _("順調"),
    Status.BEHIND: _("遅れ"),
    Status.NO_SIGNIFICANT_CHANGE: _("有意な変化なし"),
    Status.NO_DATA: _("データなし"),
}
STATUS_ORDER = [
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.NO_SIGNIFICANT_CHANGE,
    Status.NO_DATA,
]


def _sign(direction: str) -> int:
    return -1 if direction == DECREASE else 1


def meets(value: Decimal, goal: Decimal, direction: str) -> bool:
    """True when value is at or beyond goal in the indicator's direction."""
    return value <= goal if direction == DECREASE else value >= goal


def achievement(
    *, baseline: Decimal | None, target: Decimal | None, latest: Decimal | None, direction: str
) -> Decimal | None:
    """Share of the way from baseline to target: 0 at baseline, 1 at target; negative when moving away.

    When target equals baseline (hold the line) the share is 1 while the value holds or betters it and 0 otherwise.
    """
    if baseline is None or target is None or latest is None:
        return None
    gap = target - baseline
    if gap == 0:
        return Decimal(1) if meets(latest, target, direction) else Decimal(0)
    share = (latest - baseline) / gap
    # A target set against the indicator's direction (e.g. "decrease" but target above baseline) still counts
    # movement in the wanted direction as progress.
    if (gap > 0) != (_sign(direction) > 0):
        share = -share
    return share


def expected_value(
    *,
    baseline: Decimal,
    baseline_year: int,
    target: Decimal,
    target_year: int,
    year: int,
    interim: Sequence[tuple[int, Decimal]] = (),
) -> Decimal:
    """Value on the straight-line path baseline → (interim targets) → target in a fiscal year; flat outside."""
    points = sorted({baseline_year: baseline, **dict(interim), target_year: target}.items())
    if year <= points[0][0]:
        return points[0][1]
    if year >= points[-1][0]:
        return points[-1][1]
    for (y0, v0), (y1, v1) in itertools.pairwise(points):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
    return points[-1][1]  # pragma: no cover - the loop always returns


@dataclass(frozen=True)
class Progress:
    status: str
    latest_year: int | None = None
    latest_value: Decimal | None = None
    achievement: Decimal | None = None
    expected: Decimal | None = None

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def percent(self) -> Decimal | None:
        if self.achievement is None:
            return None
        return (self.achievement * 100).quantize(Decimal("1"))


def indicator_status(
    *,
    baseline: Decimal | None,
    baseline_year: int | None,
    target: Decimal | None,
    target_year: int | None,
    direction: str,
    observations: Sequence[tuple[int, Decimal]],
    margin_of_error: Decimal | None = None,
    interim: Sequence[tuple[int, Decimal]] = (),
) -> Progress:
    """Status from the latest observation after the baseline year: achieved / on track / behind / no data;
    for surveys "no significant change" when the change from the baseline is within the margin of error."""
    later = [(y, v) for y, v in observations if baseline_year is None or y > baseline_year]
    if not later or baseline is None or target is None or baseline_year is None or target_year is None:
        return Progress(status=Status.NO_DATA)
    year, value = max(later)
    share = achievement(baseline=baseline, target=target, latest=value, direction=direction)
    expected = expected_value(
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        target_year=target_year,
        year=year,
        interim=interim,
    )
    measured = partial(Progress, latest_year=year, latest_value=value, achievement=share, expected=expected)
    if meets(value, target, direction):
        return measured(status=Status.ACHIEVED)
    if margin_of_error is not None and abs(value - baseline) <= margin_of_error:
        return measured(status=Status.NO_SIGNIFICANT_CHANGE)
    if meets(value, expected, direction):
        return measured(status=Status.ON_TRACK)
    return measured(status=Status.BEHIND)
