"""Reads of the group register for pages, exports and plan indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from civic_portal.core.fiscal import fiscal_year_range
from civic_portal.core.models import Area

from ..models import ActivityField, Group, GroupStatus, GroupStatusChange, LegalForm
from ..permissions import can_edit_group
from ..search import normalize_text

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    field: ActivityField | None = None
    area: Area | None = None
    legal_form: str = ""
    recruiting: str = ""  # "members" | "volunteers" | "partners"
    day: int | None = None
    order: str = "kana"  # "kana" | "newest"


ORDERINGS = {"kana": ("kana_sort", "id"), "newest": ("-registered_on", "-id")}


def group_directory(filters: DirectoryFilters) -> QuerySet[Group]:
    """Public groups matching the directory's search and filters, in 五十音 or newest order (one query + prefetches)."""
    groups = Group.objects.public()
    for term in normalize_text(filters.q).split():
        groups = groups.filter(search_text__contains=term)
    if filters.field:
        groups = groups.filter(activity_fields=filters.field)
    if filters.area:
        groups = groups.filter(areas=filters.area)
    if filters.legal_form in LegalForm.values:
        groups = groups.filter(legal_form=filters.legal_form)
    if filters.recruiting in ("members", "volunteers", "partners"):
        groups = groups.filter(**{f"recruiting_{filters.recruiting}": True})
    if filters.day is not None:
        groups = groups.filter(activity_days__contains=[filters.day])
    return groups.order_by(*ORDERINGS.get(filters.order, ORDERINGS["kana"])).prefetch_related(
        Prefetch("activity_fields", queryset=ActivityField.objects.order_by("code")),
        Prefetch("areas", queryset=Area.objects.order_by("sort_order", "name_kana")),
    )


def group_public_detail(pk: int) -> Group:
    """A group's public page data; 404 unless the group is on the register."""
    group = Group.objects.public().prefetch_related("activity_fields", "areas").filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def group_for_manager(user: User, pk: int) -> Group:
    """A group its manager (or staff) may edit; 404 if it does not exist, 403 for anyone else."""
    group = Group.objects.prefetch_related("activity_fields", "areas").filter(pk=pk).first()
    if group is None:
        raise Http404
    if not can_edit_group(user, group):
        raise PermissionDenied
    return group


def groups_of_manager(user: User) -> QuerySet[Group]:
    """Groups the user manages, with their latest status notes, for the 'my groups' page."""
    return (
        Group.objects.managed_by(user)
        .prefetch_related(Prefetch("status_changes", queryset=GroupStatusChange.objects.order_by("-changed_at", "-id")))
        .order_by("kana_sort", "id")
    )


def group_booklet() -> list[tuple[ActivityField | None, list[Group]]]:
    """Registered groups grouped by activity field for the printed booklet (a group appears under each field)."""
    groups = list(
        Group.objects.public()
        .order_by("kana_sort", "id")
        .prefetch_related(Prefetch("activity_fields", queryset=ActivityField.objects.order_by("code")), "areas")
    )
    by_field: dict[int, list[Group]] = {}
    fields: dict[int, ActivityField] = {}
    unclassified: list[Group] = []
    for group in groups:
        group_fields = list(group.activity_fields.all())
        if not group_fields:
            unclassified.append(group)
        for field in group_fields:
            fields[field.pk] = field
            by_field.setdefault(field.pk, []).append(group)
    sections: list[tuple[ActivityField | None, list[Group]]] = [
        (fields[pk], by_field[pk]) for pk in sorted(fields, key=lambda pk: fields[pk].code)
    ]
    if unclassified:
        sections.append((None, unclassified))
    return sections


# Figures for the plan indicators


def registered_groups_on(day: dt.date) -> int:
    """Groups on the register on a given day."""
    return Group.objects.registered_on(day).count()


def intermediate_support_on(day: dt.date) -> int:
    """Intermediate support organisations (中間支援組織) on the register on a given day."""
    return Group.objects.registered_on(day).filter(is_intermediate_support=True).count()


def new_registrations(fiscal_year: int) -> int:
    """Groups first registered (status change to registered from an application) within a fiscal year."""
    start, end = fiscal_year_range(fiscal_year)
    return (
        GroupStatusChange.objects.filter(
            to_status=GroupStatus.REGISTERED,
            from_status__in=[GroupStatus.SUBMITTED, GroupStatus.RESUBMITTED],
            changed_at__gte=start,
            changed_at__lt=end,
        )
        .values("group")
        .distinct()
        .count()
    )
