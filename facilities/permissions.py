"""Who may do what in the facilities app. Used by views and admin alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civic_portal.accounts.roles import CITY_OFFICIALS, has_role, is_center_staff

from .services.bookings import can_cancel

if TYPE_CHECKING:
    from civic_portal.accounts.types import Visitor

__all__ = ["can_book", "can_cancel", "can_run_front_desk", "can_view_utilisation"]


def can_book(user: Visitor) -> bool:
    """Any signed-in user may book for themselves; group bookings also need can_act_for_group."""
    return user.is_authenticated and user.is_active


def can_run_front_desk(user: Visitor) -> bool:
    """Center staff run the front desk (confirm, check in, loans)."""
    return is_center_staff(user)


def can_view_utilisation(user: Visitor) -> bool:
    """Center staff and city officials see the rooms' utilisation."""
    return is_center_staff(user) or has_role(user, CITY_OFFICIALS)
