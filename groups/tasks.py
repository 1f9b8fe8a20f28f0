"""Scheduled tasks of groups (civic_portal.core.jobs): renewal reminders and lapses, needs whose dates have passed."""

from django.tasks import task

from .services.renewal_deadlines import renewal_lapse_overdue, renewal_send_reminders
from .services.volunteers import need_expire_past


@task
def send_renewal_reminders() -> dict[str, int]:
    """Remind managers of groups not yet renewed, 30 and 7 days before the deadline (each stage once a group)."""
    return {"reminded": renewal_send_reminders()}


@task
def lapse_unrenewed_groups() -> dict[str, int]:
    """After a renewal deadline, groups that did not renew lapse (a closed round is not closed again)."""
    return {"lapsed": renewal_lapse_overdue()}


@task
def expire_volunteer_needs() -> dict[str, int]:
    """Open needs whose dates have all passed are closed (募集終了)."""
    return {"closed": need_expire_past()}
