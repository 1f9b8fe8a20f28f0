"""The SMTP server is down while staff confirm ten grant decisions: the decisions stand, the ten letters wait in the
queue where staff can see them, and they go out, once each, when the server is back."""

import datetime as dt
import socket

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from civic_portal.core.models import MailStatus, OutgoingMail
from grants.models import Outcome, Status
from tests.conftest import QUEUED_MAILERS
from tests.factories.accounts import StaffFactory
from tests.factories.grants import ApplicationFactory, RoundFactory

# Real commits: the decisions are committed (or not) as in production, and the worker step is `db_worker --batch`.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        yield sock.getsockname()[1]


def test_ten_decisions_commit_while_smtp_is_down_and_their_mail_goes_out_once_it_is_back(client, worker, closed_port):
    grant_round = RoundFactory(budget=1_000_000)
    applications = [
        ApplicationFactory(
            round=grant_round, status=Status.UNDER_REVIEW, proposed_outcome=Outcome.AWARD, proposed_amount=100_000
        )
        for _ in range(10)
    ]
    client.force_login(StaffFactory())
    smtp = {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    smtp["OPTIONS"] = {"host": "127.0.0.1", "port": closed_port, "timeout": 5}
    with override_settings(MAILERS={**QUEUED_MAILERS, "delivery": smtp}):
        response = client.post(
            reverse("admin:grants_round_changelist"),
            {"action": "confirm_decisions", "_selected_action": [grant_round.pk]},
            follow=True,
        )
        assert "1件の募集回で決定しました" in response.content.decode()
        worker.run()  # every attempt is refused

    decided = grant_round.applications.filter(status=Status.AWARDED, awarded_amount=100_000)
    assert decided.count() == 10
    assert all(a.decision_letter for a in decided)
    waiting = OutgoingMail.objects.filter(status=MailStatus.PENDING, attempts=1)
    assert waiting.count() == 10
    assert all(m.last_error.startswith("ConnectionRefusedError") for m in waiting)
    assert mail.outbox == []
    page = client.get(reverse("admin:core_outgoingmail_changelist"), {"status__exact": MailStatus.PENDING})
    assert page.context["cl"].result_count == 10
    html = page.content.decode()
    assert html.count("審査結果") >= 10
    assert "送信待ち" in html
    assert "ConnectionRefusedError" in html

    # SMTP is back (the test's delivery mailer is locmem again); the retries fall due a minute later.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1, seconds=1)):
        worker.run()
        worker.run()
    assert len(mail.outbox) == 10
    assert sorted(message.to[0] for message in mail.outbox) == sorted(a.group.contact_email for a in applications)
    assert all("審査結果" in message.subject for message in mail.outbox)
    assert OutgoingMail.objects.filter(status=MailStatus.SENT, attempts=2).count() == 10
