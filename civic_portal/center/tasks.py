"""The center's scheduled task (civic_portal.core.jobs): erasing consultations' personal details when kept long
enough."""

from django.tasks import task

from .services.consultations import consultations_erase_expired


@task
def erase_expired_consultations() -> dict[str, int]:
    """Erase personal details of consultations older than the retention period."""
    return {"erased": consultations_erase_expired()}
