"""Who may do what with grants. Used by views, admin and services alike."""

from groups.permissions import can_act_for_group, is_group_manager


def can_apply_for(user, group) -> bool:
    """Only a manager of a registered group applies for it."""
    return can_act_for_group(user, group)


def can_manage_application(user, application) -> bool:
    """A manager of the applying group sees and acts on the application."""
    return is_group_manager(user, application.group)
