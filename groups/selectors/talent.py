"""Reading the talent bank's groups (団体の講師・指導) for the public page and their managers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import PUBLIC_STATUSES, Group
from ..models.talent import GroupTalent
from ..permissions import can_act_for_group

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


def talent_bank_groups() -> QuerySet[GroupTalent]:
    """Public groups that offer to teach or lead, in 五十音 order; no contact details are selected."""
    return (
        GroupTalent.objects.filter(group__status__in=PUBLIC_STATUSES)
        .select_related("group")
        .only("group__id", "group__name", "group__name_kana", "topics", "updated_at")
        .order_by("group__kana_sort", "group_id")
    )


def talent_group_get_public(*, pk: int) -> Group:
    """A group listed in the talent bank, else 404."""
    return get_object_or_404(Group.objects.filter(status__in=PUBLIC_STATUSES, talent__isnull=False), pk=pk)


def talent_group_get_for_manager(*, user: User, pk: int) -> tuple[Group, GroupTalent | None]:
    """A group the user may list in the talent bank, with its listing if any (404 unknown, 403 not a manager)."""
    group = get_object_or_404(Group, pk=pk)
    if not can_act_for_group(user, group):
        raise PermissionDenied
    return group, GroupTalent.objects.filter(group=group).first()
