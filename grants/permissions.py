"""Who may do what with grants. Used by views, admin and services alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from groups.permissions import can_act_for_group, is_group_manager

if TYPE_CHECKING:
    from civic_portal.accounts.types import Visitor
    from groups.models import Group

    from .models import Application


def can_apply_for(user: Visitor, group: Group) -> bool:
    """Only a manager of a registered group applies for it."""
    return can_act_for_group(user, group)


def can_manage_application(user: Visitor, application: Application) -> bool:
    """A manager of the applying group sees and acts on the application."""
    return is_group_manager(user, application.group)
