"""Indicators computed from the portal's own data.

A registry maps a source key to a callable ``(fiscal_year) -> Decimal | None`` built on the other apps' selectors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.center import selectors as center_figures
from civic_portal.center.selectors import events as event_figures
from civic_portal.core.fiscal import current_fiscal_year, fiscal_year_bounds
from facilities import selectors as facility_figures
from facilities import utilisation as facility_utilisation
from grants import selectors as grant_figures
from groups import selectors as group_figures

from .selectors import collaborations as collaboration_figures

Compute = Callable[[int], "Decimal | None"]


def as_of(fiscal_year: int) -> dt.date:
    """The day a fiscal year's figure is counted on: 31 March, or today while the year is running."""
    if fiscal_year >= current_fiscal_year():
        return timezone.localdate()
    return fiscal_year_bounds(fiscal_year)[1]


def _counted(figure: Callable[[int], int | float | Decimal]) -> Compute:
    """A computed indicator from another app's selector of a fiscal year; None for years not begun yet."""

    def compute(fiscal_year: int) -> Decimal | None:
        if fiscal_year > current_fiscal_year():
            return None
        return Decimal(figure(fiscal_year))

    compute.__doc__ = figure.__doc__
    return compute


def _on_counting_day(figure: Callable[[dt.date], int]) -> Callable[[int], int]:
    def by_year(fiscal_year: int) -> int:
        return figure(as_of(fiscal_year))

    by_year.__doc__ = figure.__doc__
    return by_year


registered_groups = _counted(_on_counting_day(group_figures.registered_groups_on))
intermediate_support_organisations = _counted(_on_counting_day(group_figures.intermediate_support_on))


def center_occupancy(fiscal_year: int) -> Decimal | None:
    """Occupancy rate (%) of the center's rooms in a fiscal year (one decimal); None for years not begun yet."""
    if fiscal_year > current_fiscal_year():
        return None
    return Decimal(str(facility_utilisation.center_occupancy(fiscal_year)))


REGISTRY: dict[str, Compute] = {
    "collaboration_projects": _counted(collaboration_figures.collaboration_projects),
    "collaborating_measures": _counted(collaboration_figures.collaborating_measures),
    "registered_groups": registered_groups,
    "intermediate_support_organisations": intermediate_support_organisations,
    "center_visitors": _counted(facility_figures.center_visitors),
    "collaborative_grants": _counted(grant_figures.collaborative_projects),
    "volunteer_matches": _counted(group_figures.matches_in_fiscal_year),
    "lectures_delivered": _counted(center_figures.lectures_delivered),
    "consultations": _counted(center_figures.consultations_in_fiscal_year),
    "center_occupancy": center_occupancy,
    "volunteer_activity_records": _counted(group_figures.activity_records_in_fiscal_year),
    "volunteer_activity_hours": _counted(group_figures.activity_hours_in_fiscal_year),
    "learning_participants": _counted(event_figures.learning_participants),
    "exchange_participants": _counted(event_figures.exchange_participants),
}
LABELS = {
    "collaboration_projects": _("協働事業の数"),
    "collaborating_measures": _("市民活動団体等と協働を行った施策数"),
    "registered_groups": _("登録団体数"),
    "intermediate_support_organisations": _("中間支援組織数"),
    "center_visitors": _("センター利用者数"),
    "collaborative_grants": _("協働事業への助成件数"),
    "volunteer_matches": _("ボランティアのマッチング件数"),
    "lectures_delivered": _("出前講座の実施回数"),
    "consultations": _("相談窓口の相談件数"),
    "center_occupancy": _("センターの部屋の稼働率（%）"),
    "volunteer_activity_records": _("ボランティア活動の延べ日数（確認済み）"),
    "volunteer_activity_hours": _("ボランティア活動の延べ時間（確認済み）"),
    "learning_participants": _("学習機会（講座・セミナー等）の参加者数"),
    "exchange_participants": _("交流会・ラウンドテーブルの参加者数"),
}


def compute(key: str, fiscal_year: int) -> Decimal | None:
    """The live value of a computed indicator for a fiscal year, or None when unknown or not yet available."""
    func = REGISTRY.get(key)
    return None if func is None else func(fiscal_year)
