"""The center's scheduled tasks (civic_portal.core.jobs): event reminders, and erasing consultations' personal
details once kept long enough."""

from django.tasks import task

from .services.consultations import consultations_erase_expired
from .services.events import send_event_reminders


@task
def erase_expired_consultations() -> dict[str, int]:
    """Erase personal details of consultations older than the retention period."""
    return {"erased": consultations_erase_expired()}


@task
def send_event_reminder_mails() -> dict[str, int]:
    """Mail tomorrow's participants (each session once, however often the job runs)."""
    return {"mails": send_event_reminders()}
