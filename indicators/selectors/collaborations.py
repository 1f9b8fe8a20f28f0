"""Collaboration projects: the public register, and the counts per fiscal year the plan's indicators read."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from civic_portal.core.fiscal import fiscal_year_bounds
from groups.models import Group

from ..models import ActionItem, CollaborationProject


def _in_fiscal_year(fiscal_year: int) -> Q:
    first, last = fiscal_year_bounds(fiscal_year)
    return Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))


def public_projects(*, fiscal_year: int | None = None, kind: str = "") -> QuerySet[CollaborationProject]:
    """Public projects, newest first, with their department, registered partners and plan items (three queries a
    page); only those running in `fiscal_year` and of `kind` when given."""
    projects = CollaborationProject.objects.filter(is_public=True)
    if fiscal_year is not None:
        projects = projects.filter(_in_fiscal_year(fiscal_year))
    if kind:
        projects = projects.filter(kind=kind)
    return (
        projects.select_related("department")
        .prefetch_related(
            Prefetch("partner_groups", queryset=Group.objects.public().order_by("kana_sort", "id")),
            Prefetch("items", queryset=ActionItem.objects.select_related("node").order_by("node__code", "id")),
        )
        .order_by("-starts_on", "-id")
    )


def collaboration_projects(fiscal_year: int) -> int:
    """Collaboration projects running in a fiscal year (public or not)."""
    return CollaborationProject.objects.filter(_in_fiscal_year(fiscal_year)).count()


def collaborating_measures(fiscal_year: int) -> int:
    """Plan items (施策) served by at least one collaboration project running in a fiscal year:
    「市民活動団体等と協働を行った施策数」."""
    return (
        ActionItem.objects.filter(
            collaborations__in=CollaborationProject.objects.filter(_in_fiscal_year(fiscal_year)).values("pk")
        )
        .distinct()
        .count()
    )
