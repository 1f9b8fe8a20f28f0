"""The send step of the mail queue: one task per stored message, retried with growing waits, sent at most once.

A message is claimed (pending → sending) in a short transaction that locks its row with SKIP LOCKED, then handed
to the "delivery" mailer outside any transaction, so no row lock is held during SMTP. Only a pending row can be
claimed, so a second task for the same message (a retry racing a resend, a repeated enqueue) finds nothing to do.
"""

import datetime as dt
import logging
from functools import partial

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from .mail_backend import rebuilt_message
from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

DELIVERY_MAILER = "delivery"
# Mail goes before long jobs sharing the worker (django.tasks priorities run from -100 to 100, higher first).
MAIL_PRIORITY = 50
ERROR_LENGTH = 2000


def enqueue_send(mail_id: int, *, run_after: dt.datetime | None = None) -> None:
    """Enqueue the send task for a stored message once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(send_queued_mail.using(run_after=run_after).enqueue, mail_id))


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the given number of failed attempts: the first retry delay, doubled after each further one."""
    return dt.timedelta(seconds=settings.MAIL_QUEUE_FIRST_RETRY_SECONDS * 2 ** (attempts - 1))


@task(priority=MAIL_PRIORITY)
def send_queued_mail(mail_id: int) -> str:
    """Send one stored message if it is still waiting and due; record the attempt, schedule a retry or give up."""
    mail = _claim(mail_id)
    if mail is None:
        return "skipped"
    try:
        mailers[DELIVERY_MAILER].send_messages([rebuilt_message(mail)])
    except Exception as exc:  # any failure of the delivery mailer counts as a failed attempt
        return _record_failure(mail, exc)
    OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
        status=MailStatus.SENT, sent_at=timezone.now(), next_attempt_at=None
    )
    return "sent"


def _claim(mail_id: int) -> OutgoingMail | None:
    now = timezone.now()
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(
                Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), pk=mail_id, status=MailStatus.PENDING
            )
            .first()
        )
        if mail is None:
            return None
        mail.status = MailStatus.SENDING
        mail.attempts += 1
        mail.last_attempt_at = now
        mail.save(update_fields=["status", "attempts", "last_attempt_at"])
    return mail


def _record_failure(mail: OutgoingMail, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]
    if mail.attempts >= settings.MAIL_QUEUE_MAX_ATTEMPTS:
        OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, next_attempt_at=None, last_error=error)
        logger.error("mail %s not sent after %s attempts, given up: %s", mail.pk, mail.attempts, error)
        return "failed"
    next_at = timezone.now() + retry_delay(mail.attempts)
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.PENDING, next_attempt_at=next_at, last_error=error
        )
        enqueue_send(mail.pk, run_after=next_at)
    logger.warning(
        "mail %s: attempt %s of %s failed, next at %s: %s",
        mail.pk,
        mail.attempts,
        settings.MAIL_QUEUE_MAX_ATTEMPTS,
        next_at.isoformat(),
        error,
    )
    return "retry"


def resend_failed(mails) -> int:
    """Put the failed ones among ``mails`` back in the queue with a fresh set of attempts; the others are left."""
    with transaction.atomic():
        ids = list(
            OutgoingMail.objects.select_for_update()
            .filter(pk__in=mails.values("pk"), status=MailStatus.FAILED)
            .values_list("pk", flat=True)
        )
        OutgoingMail.objects.filter(pk__in=ids).update(status=MailStatus.PENDING, attempts=0, next_attempt_at=None)
        for mail_id in ids:
            enqueue_send(mail_id)
    return len(ids)
