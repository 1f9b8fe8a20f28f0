"""Who may see and do what in the indicators app; used by views, selectors and admin alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civic_portal.accounts.roles import CITY_OFFICIALS, has_role, is_center_staff

if TYPE_CHECKING:
    from civic_portal.accounts.types import Visitor

    from .models import ActionItem


def department_ids(user: Visitor) -> frozenset[int]:
    """Departments the user belongs to (cached on the user object for the request)."""
    if not user.is_authenticated:
        return frozenset()
    ids = getattr(user, "_indicator_department_ids", None)
    if ids is None:
        from .models import DepartmentMembership

        ids = frozenset(DepartmentMembership.objects.filter(user=user).values_list("department_id", flat=True))
        user._indicator_department_ids = ids
    return ids


def is_official(user: Visitor) -> bool:
    """City officials follow the whole plan."""
    return has_role(user, CITY_OFFICIALS)


def can_view_internal(user: Visitor) -> bool:
    """Officials, center staff and department users see unpublished results and live figures."""
    return is_official(user) or is_center_staff(user) or bool(department_ids(user))


def can_record_result(user: Visitor, item: ActionItem) -> bool:
    """A department user records the yearly results of items their department is responsible for."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    mine = department_ids(user)
    return any(link.department_id in mine for link in item.itemdepartment_set.all())


def can_review(user: Visitor) -> bool:
    """Center staff review, approve and publish yearly results and annual reports."""
    return is_center_staff(user)
