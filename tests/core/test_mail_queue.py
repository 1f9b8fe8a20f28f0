"""Every email leaves through the queue after commit: stored with the step, sent once by the worker, retried with
growing waits while the SMTP server is away, and shown to staff (with its error) until it has gone."""

import datetime as dt
import email.policy
import logging
import socket
from email.message import MIMEPart

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives, mail_admins
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from civic_portal.core.mail import send_templated_mail
from civic_portal.core.mail_tasks import retry_delay, send_queued_mail
from civic_portal.core.models import MailStatus, OutgoingMail
from tests.conftest import QUEUED_MAILERS
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
TEMPLATE = "groups/email/contact_relay"


@pytest.fixture
def closed_port():
    """A localhost port nobody listens on: bound, so no one else takes it during the test, but never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def smtp_down(closed_port):
    """The delivery mailer is real SMTP, pointed at that closed port: every attempt is refused."""
    smtp = {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1"}}
    smtp["OPTIONS"] |= {"port": closed_port, "timeout": 5}
    with override_settings(MAILERS={**QUEUED_MAILERS, "delivery": smtp}):
        yield


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _send(to="group@example.jp", message="見学できますか"):
    send_templated_mail(to=[to], template=TEMPLATE, context={"group": {"name": "子ども&親の会"}, "message": message})


def test_a_message_is_stored_with_the_step_and_sent_only_by_the_worker(worker):
    with worker.after():
        _send()
        assert mail.outbox == []  # inside the step: stored, not sent
        assert OutgoingMail.objects.get().status == MailStatus.PENDING
        assert DBTaskResult.objects.count() == 0  # the send task is enqueued at commit
    [message] = mail.outbox
    assert message.to == ["group@example.jp"]
    assert message.sent_using == "delivery"
    stored = OutgoingMail.objects.get()
    assert (stored.status, stored.attempts) == (MailStatus.SENT, 1)
    assert stored.sent_at is not None
    assert DBTaskResult.objects.get().return_value == "sent"


@transaction.atomic
def _a_step_that_fails_after_its_mail(to="group@example.jp"):
    _send(to=to)
    raise RuntimeError("the step fails after its mail")


def test_a_rolled_back_step_leaves_no_mail_and_sends_nothing(worker):
    with worker.after(), pytest.raises(RuntimeError):
        _a_step_that_fails_after_its_mail()
    assert OutgoingMail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_the_worker_command_sends_after_commit_and_not_after_a_rollback(worker):
    with pytest.raises(RuntimeError):
        _a_step_that_fails_after_its_mail(to="rolled-back@example.jp")
    with transaction.atomic():
        _send(to="committed@example.jp")
        assert DBTaskResult.objects.count() == 0
    assert DBTaskResult.objects.count() == 1  # enqueued by the commit
    worker.run()  # `manage.py db_worker --batch` here: nothing is wrapped in a test transaction
    assert [m.to for m in mail.outbox] == [["committed@example.jp"]]
    assert list(OutgoingMail.objects.values_list("to", "status")) == [(["committed@example.jp"], MailStatus.SENT)]


class AtomicProbeBackend(LocmemBackend):
    """Delivers like locmem and notes whether a transaction (and so a row lock) was open while it did."""

    seen: list[bool] = []

    def send_messages(self, messages):
        self.seen.append(connection.in_atomic_block)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_no_transaction_and_no_row_lock_is_held_while_the_message_is_handed_over(worker):
    AtomicProbeBackend.seen = []
    probe = {"BACKEND": f"{__name__}.AtomicProbeBackend"}
    with override_settings(MAILERS={**QUEUED_MAILERS, "delivery": probe}):
        _send()
        worker.run()
    assert AtomicProbeBackend.seen == [False]
    assert len(mail.outbox) == 1


def test_a_message_is_sent_once_however_often_its_task_runs(worker):
    with worker.after():
        _send()
    mail_id = OutgoingMail.objects.get().pk
    with worker.after():
        send_queued_mail.enqueue(mail_id)  # a repeated enqueue, or a resend racing a retry
        send_queued_mail.enqueue(mail_id)
    assert len(mail.outbox) == 1
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == ["sent", "skipped", "skipped"]


def test_html_alternative_attachments_and_headers_arrive_as_given(worker):
    part = MIMEPart(policy=email.policy.default)
    part.set_content("ready-made part", subtype="plain")
    message = EmailMultiAlternatives(
        subject="件名 & <お知らせ>",
        body="本文",
        to=["a@example.jp"],
        cc=["c@example.jp"],
        bcc=["b@example.jp"],
        reply_to=["r@example.jp"],
        headers={"X-Civic": "1"},
    )
    message.attach_alternative("<p>本文</p>", "text/html")
    message.attach("letter.pdf", b"%PDF-1.4 \x00\xff", "application/pdf")
    message.attach("booking.ics", "BEGIN:VCALENDAR", "text/calendar")
    message.attach(part)
    with worker.after():
        message.send()
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.from_email) == ("件名 & <お知らせ>", "本文", message.from_email)
    assert [sent.to, sent.cc, sent.bcc, sent.reply_to] == [[f"{x}@example.jp"] for x in "acbr"]
    assert sent.alternatives == [("<p>本文</p>", "text/html")]
    assert sent.attachments[:2] == [
        ("letter.pdf", b"%PDF-1.4 \x00\xff", "application/pdf"),
        ("booking.ics", "BEGIN:VCALENDAR", "text/calendar"),
    ]
    assert sent.attachments[2].get_content() == "ready-made part\n"
    assert sent.extra_headers["X-Civic"] == "1"
    assert sent.extra_headers["Message-ID"] == OutgoingMail.objects.get().headers["Message-ID"]


def test_the_error_report_to_admins_goes_through_the_queue_too(settings, worker):
    settings.ADMINS = ["admin@example.jp"]
    with worker.after():
        mail_admins("エラー報告", "本文")
        assert OutgoingMail.objects.filter(to=["admin@example.jp"]).exists()
        assert mail.outbox == []
    assert mail.outbox[-1].to == ["admin@example.jp"]


def test_failed_attempts_are_retried_with_doubling_waits_then_marked_failed(settings, smtp_down, worker, caplog):
    assert settings.MAIL_QUEUE_MAX_ATTEMPTS == 8
    waits = []
    with time_machine.travel(WHEN, tick=False) as clock, caplog.at_level(logging.WARNING, "civic_portal.core"):
        with worker.after():  # the first attempt runs at once
            _send(message="本文は記録に残さない")
        stored = OutgoingMail.objects.get()
        for attempt in range(2, 9):
            assert (stored.status, stored.attempts) == (MailStatus.PENDING, attempt - 1)
            waits.append(stored.next_attempt_at - timezone.now())
            clock.move_to(stored.next_attempt_at - dt.timedelta(seconds=1))
            worker.run()  # a second early: not due yet
            stored.refresh_from_db()
            assert stored.attempts == attempt - 1
            clock.move_to(stored.next_attempt_at)
            worker.run()
            stored.refresh_from_db()
            assert stored.attempts == attempt
    assert waits == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 64)]
    assert waits == [retry_delay(n) for n in range(1, 8)]
    assert stored.status == MailStatus.FAILED
    assert stored.next_attempt_at is None
    assert stored.last_error.startswith("ConnectionRefusedError")
    assert mail.outbox == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    [given_up] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(warnings) == 7
    assert f"mail {stored.pk} not sent after 8 attempts" in given_up.getMessage()
    assert "ConnectionRefusedError" in given_up.getMessage()
    assert all("本文は記録に残さない" not in r.getMessage() for r in caplog.records)


def test_a_failed_mail_shows_its_error_to_staff_and_can_be_resent_once(settings, smtp_down, worker, staff_client):
    settings.MAIL_QUEUE_MAX_ATTEMPTS = 1
    with worker.after():
        _send(to="failed@example.jp")
        _send(to="waiting@example.jp")
    waiting = OutgoingMail.objects.get(to=["waiting@example.jp"])
    OutgoingMail.objects.filter(pk=waiting.pk).update(status=MailStatus.PENDING, attempts=0, last_error="")
    failed = OutgoingMail.objects.get(to=["failed@example.jp"])
    assert failed.status == MailStatus.FAILED
    changelist = reverse("admin:core_outgoingmail_changelist")
    page = staff_client.get(changelist, {"status__exact": "failed"})
    assert page.context["cl"].result_count == 1
    by_address = staff_client.get(changelist, {"status__exact": "failed", "q": "waiting@example.jp"})
    assert by_address.context["cl"].result_count == 0  # that one is waiting, not failed
    assert staff_client.get(changelist, {"q": "waiting@example.jp"}).context["cl"].result_count == 1
    html = page.content.decode()
    assert "送信失敗" in html
    assert "ConnectionRefusedError" in html
    detail = staff_client.get(reverse("admin:core_outgoingmail_change", args=[failed.pk])).content.decode()
    assert "ConnectionRefusedError" in detail
    assert 'name="_save"' not in detail  # read only
    assert staff_client.post(reverse("admin:core_outgoingmail_change", args=[failed.pk]), {}).status_code == 403

    with override_settings(MAILERS=QUEUED_MAILERS), worker.after():  # SMTP is back
        response = staff_client.post(
            changelist, {"action": "resend", "_selected_action": [failed.pk, waiting.pk]}, follow=True
        )
    html = response.content.decode()
    assert "1件のメールを送信待ちに戻しました" in html
    assert "送信失敗でないメール1件はそのままです" in html
    assert [m.to for m in mail.outbox] == [["failed@example.jp"]]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (MailStatus.SENT, 1)


def test_officials_see_no_mail_and_staff_cannot_add_or_delete(client, staff_client):
    from civic_portal.accounts.roles import CITY_OFFICIALS
    from tests.factories.accounts import UserFactory

    _send()
    mail_row = OutgoingMail.objects.get()
    assert staff_client.get(reverse("admin:core_outgoingmail_add")).status_code == 403
    assert staff_client.get(reverse("admin:core_outgoingmail_delete", args=[mail_row.pk])).status_code == 403
    client.force_login(UserFactory(roles=[CITY_OFFICIALS], is_staff=True))
    assert client.get(reverse("admin:core_outgoingmail_changelist")).status_code == 403


@pytest.mark.parametrize("size", [3, 30])
def test_the_mail_and_task_lists_take_the_same_queries_at_any_size(
    staff_client, worker, size, django_assert_max_num_queries
):
    with worker.after():
        for n in range(size):
            _send(to=f"g{n}@example.jp")
    for url in (reverse("admin:core_outgoingmail_changelist"), reverse("admin:core_backgroundtask_changelist")):
        with django_assert_max_num_queries(12):
            assert staff_client.get(url).status_code == 200


def test_the_task_list_names_the_send_task_in_japanese(staff_client, worker):
    with worker.after():
        _send()
    html = staff_client.get(reverse("admin:core_backgroundtask_changelist")).content.decode()
    assert "メール送信" in html
    assert "完了" in html
    task = DBTaskResult.objects.get()
    detail = staff_client.get(reverse("admin:core_backgroundtask_change", args=[task.pk])).content.decode()
    assert str(OutgoingMail.objects.get().pk) in detail
