"""The nightly clean-up: what has served its time is deleted, so the database holds no stale sign-ins or tokens and
the queues do not grow without end. Failed mail and failed tasks are kept for staff to look into."""

from __future__ import annotations

import datetime as dt
import logging
from importlib import import_module

from allauth.account.models import EmailConfirmation
from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from groups.models import ManagerInvitation

from .imports.tasks import discard_stale
from .jobs import current_periods, current_runs_q
from .models import JobRun, MailStatus, OutgoingMail

logger = logging.getLogger(__name__)


def _expired_sessions(now: dt.datetime) -> int:
    """Django's `clearsessions`, counted: database sessions past their expiry (other engines clean themselves)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):
        return store.get_model_class().objects.filter(expire_date__lt=now).delete()[0]
    store.clear_expired()
    return 0


@transaction.atomic
def clean_up(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete expired sessions, email confirmations and manager invitations, and sent mail, finished tasks and job
    runs older than CLEANUP_RETENTION_DAYS (failed mail and tasks stay); end stale imports; returns how many of each."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.CLEANUP_RETENTION_DAYS)
    deleted = {
        "sessions": _expired_sessions(now),
        "email_confirmations": EmailConfirmation.objects.all_expired().delete()[0],
        "invitations": ManagerInvitation.objects.filter(accepted_at__isnull=True, expires_at__lt=now).delete()[0],
        "mails": OutgoingMail.objects.filter(status=MailStatus.SENT, sent_at__lt=cutoff).delete()[0],
        # The current period's run stays, however old, or the job would be enqueued again (fiscal-year close).
        "job_runs": JobRun.objects.filter(enqueued_at__lt=cutoff)
        .exclude(current_runs_q(current_periods(now)), by_hand=False)
        .delete()[0],
        "tasks": DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=cutoff).delete()[0],
        "import_jobs": discard_stale(now=now),  # unconfirmed or stopped imports end, and their uploads go
    }
    logger.info("clean-up deleted %s", ", ".join(f"{count} {name}" for name, count in deleted.items()))
    return deleted
