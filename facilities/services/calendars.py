"""The private group calendar's secret token."""

from django.db import transaction

from groups.models import Group

from ..models import GroupCalendar
from ..models.booking import _new_token


@transaction.atomic
def group_calendar_reset(*, group: Group) -> GroupCalendar:
    """Issue a new secret token for a group's private iCal feed; the old URL stops working."""
    calendar, created = GroupCalendar.objects.select_for_update().get_or_create(group=group)
    if not created:
        calendar.token = _new_token()
        calendar.save(update_fields=["token", "reset_at"])
    return calendar
