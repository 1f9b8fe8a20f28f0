"""Scheduled tasks of facilities (civic_portal.core.jobs)."""

from django.tasks import task

from .services import loan_mark_overdue


@task
def mark_overdue_loans() -> dict[str, int]:
    """Handed-over loans past their return time become 返却遅れ (a loan already marked is left as it is)."""
    return {"overdue": loan_mark_overdue()}


@task
def release_expired_holds() -> dict[str, int]:
    """Provisional bookings not confirmed in time and bookings not paid by their deadline are cancelled."""
    from .services.payment import booking_release_expired

    return booking_release_expired()
