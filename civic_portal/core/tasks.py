"""The core app's scheduled task (civic_portal.core.jobs): the nightly clean-up."""

from django.tasks import task

from .cleanup import clean_up as clean_up_expired


@task
def clean_up() -> dict[str, int]:
    """Delete expired sessions and tokens, and old sent mail, finished tasks and job runs."""
    return clean_up_expired()
