"""Who may do what with a group. Used by views and admin alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from civic_portal.accounts.roles import PERSONAL_DATA_PERMISSION, is_center_staff

from .models import Group, GroupStatus, MembershipRole

if TYPE_CHECKING:
    from civic_portal.accounts.types import Visitor


def is_group_manager(user: Visitor, group: Group) -> bool:
    """True if the user is one of the group's managers."""
    if not user.is_authenticated:
        return False
    return group.memberships.filter(user=user, role=MembershipRole.MANAGER).exists()


def can_edit_group(user: Visitor, group: Group) -> bool:
    """Managers and center staff may edit a group's profile."""
    return is_center_staff(user) or is_group_manager(user, group)


def can_act_for_group(user: Visitor, group: Group) -> bool:
    """Only managers act for a group (book rooms, apply for grants); the group must be on the register."""
    return group.is_public and is_group_manager(user, group)


def group_standing_problem(group: Group) -> str | None:
    """Why the group may not book rooms or apply for grants now (the center suspended it), else None."""
    if group.status == GroupStatus.SUSPENDED:
        return _(
            "「%(name)s」は登録停止中のため、施設の予約や助成金の申請はできません。センターにお問い合わせください。"
        ) % {"name": group.name}
    return None


def can_see_private_fields(user: Visitor) -> bool:
    """Holders of the personal-data permission (center staff) see every personal field; others only consented ones."""
    return user.is_authenticated and user.has_perm(PERSONAL_DATA_PERMISSION)
