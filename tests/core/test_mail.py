import pytest
from django.core import mail

from civic_portal.core.mail import send_templated_mail


@pytest.fixture
def mail_templates(settings, tmp_path):
    (tmp_path / "t_subject.txt").write_text("{{ name }} 様\n へのお知らせ")
    (tmp_path / "t_body.txt").write_text("{{ name }} 様\n本文です。")
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path]} for engine in settings.TEMPLATES]  # the mail engine too


@pytest.mark.django_db
def test_templated_mail_has_one_line_subject_body_and_attachment(mail_templates, worker):
    with worker.after():
        send_templated_mail(
            to=["a@example.jp"],
            template="t",
            context={"name": "山田"},
            attachments=[("x.ics", "BEGIN:VCALENDAR", "text/calendar")],
        )
    message = mail.outbox[0]
    assert message.subject == "[市民活動ポータル] 山田 様 へのお知らせ"
    assert message.body == "山田 様\n本文です。"
    assert message.attachments[0].filename == "x.ics"
