"""Scheduled tasks of the center (civic_portal.core.jobs)."""

from django.tasks import task

from .services.events import send_event_reminders


@task
def send_event_reminder_mails() -> dict[str, int]:
    """Mail tomorrow's participants (each session once, however often the job runs)."""
    return {"mails": send_event_reminders()}
