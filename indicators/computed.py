"""Indicators computed from the portal's own data.

A registry maps a source key to a callable ``(fiscal_year) -> Decimal | None``. Keys whose data live in other apps
resolve lazily by import path, so an app that has not landed yet simply yields None ("no data").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from importlib import import_module

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.core.fiscal import current_fiscal_year, fiscal_year_bounds

Compute = Callable[[int], "Decimal | None"]


def as_of(fiscal_year: int) -> dt.date:
    """The day a fiscal year's figure is counted on: 31 March, or today while the year is running."""
    if fiscal_year >= current_fiscal_year():
        return timezone.localdate()
    return fiscal_year_bounds(fiscal_year)[1]


def registered_groups(fiscal_year: int) -> Decimal | None:
    """Groups on the register on the fiscal year's counting day."""
    from groups.models import Group

    if fiscal_year > current_fiscal_year():
        return None
    return Decimal(Group.objects.registered_on(as_of(fiscal_year)).count())


def intermediate_support_organisations(fiscal_year: int) -> Decimal | None:
    """Registered intermediate support organisations (中間支援組織) on the counting day."""
    from groups.models import Group

    if fiscal_year > current_fiscal_year():
        return None
    return Decimal(Group.objects.registered_on(as_of(fiscal_year)).filter(is_intermediate_support=True).count())


def lazy(path: str) -> Compute:
    """A callable resolving ``module.function`` when called; None while the function does not exist."""

    def compute(fiscal_year: int) -> Decimal | None:
        module_name, _dot, name = path.rpartition(".")
        try:
            func = getattr(import_module(module_name), name)
        except (ImportError, AttributeError):
            return None
        value = func(fiscal_year)
        return None if value is None else Decimal(value)

    compute.path = path
    return compute


REGISTRY: dict[str, Compute] = {
    "registered_groups": registered_groups,
    "intermediate_support_organisations": intermediate_support_organisations,
    "center_visitors": lazy("facilities.selectors.center_visitors"),
    "collaborative_grants": lazy("grants.selectors.collaborative_projects"),
    "volunteer_matches": lazy("groups.selectors.matches_in_fiscal_year"),
}
LABELS = {
    "registered_groups": _("登録団体数"),
    "intermediate_support_organisations": _("中間支援組織数"),
    "center_visitors": _("センター利用者数"),
    "collaborative_grants": _("協働事業への助成件数"),
    "volunteer_matches": _("ボランティアのマッチング件数"),
}


def compute(key: str, fiscal_year: int) -> Decimal | None:
    """The live value of a computed indicator for a fiscal year, or None when unknown or not yet available."""
    func = REGISTRY.get(key)
    return None if func is None else func(fiscal_year)
