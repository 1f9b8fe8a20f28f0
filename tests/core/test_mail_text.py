"""Plain-text email is never HTML-escaped: 「子ども&親の会」 arrives as written, in every subject and body."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.template import engines
from django.template.loader import render_to_string

from civic_portal.core.mail import render_templated_mail, render_text
from facilities.services import booking_create
from groups.models import Group, GroupStatus
from groups.services.registration import group_submit
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import SpaceFactory, at, next_weekday
from tests.factories.groups import GroupFactory

HOSTILE = "子ども&親の会 <b>\"x\"</b> 'y'"
ESCAPES = ("&amp;", "&lt;", "&gt;", "&#x27;", "&#39;", "&quot;")
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
SUBJECTS = sorted(TEMPLATES_DIR.rglob("*_subject.txt"))
TEXT_TEMPLATES = sorted(TEMPLATES_DIR.rglob("*.txt"))
PROJECT_CODE = [
    path
    for package in ("civic_portal", "groups", "facilities", "grants", "indicators")
    for path in (Path(settings.BASE_DIR) / package).rglob("*.py")
    if "migrations" not in path.parts
]


WHEN = dt.datetime(2025, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


class Hostile:
    """Whatever a template asks of it (an attribute, a loop), it answers with itself; it prints HOSTILE.

    Only what cannot be text is not: pk/id (for {% url %}) and dates and times (for |date): *_at, *_until, *_on,
    *_deadline and date.
    """

    pk = id = 1

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return WHEN if name.endswith(("_at", "_until", "_on", "_deadline")) or name == "date" else self

    def __getitem__(self, key):
        raise KeyError(key)  # the template then asks for the attribute

    def __iter__(self):
        yield self

    def __len__(self):
        return 1

    def __str__(self):
        return HOSTILE


def _context_for(path: Path) -> dict:
    """Every name a template (and the templates it includes) mentions in a tag or variable, bound to a Hostile
    (extra names do no harm)."""
    source = path.read_text()
    for included in re.findall(r"""{%\s*include\s+["']([^"']+)["']""", source):
        source += (TEMPLATES_DIR / included).read_text()
    tags = " ".join(re.findall(r"{[{%](.*?)[}%]}", source, flags=re.S))
    return dict.fromkeys(re.findall(r"[A-Za-z_]\w*", tags), Hostile())


def _assert_verbatim(text: str, where: str) -> None:
    assert HOSTILE in text, where
    assert not [escape for escape in ESCAPES if escape in text], (where, text)


def _name(path: Path) -> str:
    return str(path.relative_to(TEMPLATES_DIR))


def test_email_templates_are_found_in_pairs():
    assert len(SUBJECTS) >= 12
    for subject in SUBJECTS:
        assert subject.with_name(subject.name.replace("_subject.txt", "_body.txt")).exists(), subject


@pytest.mark.parametrize("subject", SUBJECTS, ids=_name)
def test_every_email_subject_and_body_keeps_text_as_written(subject):
    template = _name(subject).removesuffix("_subject.txt")
    body_path = subject.with_name(subject.name.replace("_subject.txt", "_body.txt"))
    context = _context_for(subject) | _context_for(body_path)
    subject_text, body = render_templated_mail(template=template, context=context)
    _assert_verbatim(subject_text, f"{template}_subject.txt")
    assert "\n" not in subject_text
    assert "\r" not in subject_text
    _assert_verbatim(body, f"{template}_body.txt")


@pytest.mark.parametrize("path", TEXT_TEMPLATES, ids=_name)
def test_every_plain_text_template_renders_unescaped_through_the_mail_helper(path):
    text = render_text(_name(path), _context_for(path))
    if path.name.startswith("_") and "{{" not in path.read_text():
        # A partial with no variable (a signature): nothing to escape; its parents are checked with it.
        assert not [escape for escape in ESCAPES if escape in text], text
        return
    _assert_verbatim(text, _name(path))


def test_the_decision_letter_is_plain_text_even_through_the_default_engine():
    # grants/services/staff.py renders the letter with render_to_string; the letter switches escaping off itself.
    path = TEMPLATES_DIR / "grants" / "decision_letter.txt"
    _assert_verbatim(render_to_string("grants/decision_letter.txt", _context_for(path)), "decision_letter.txt")


def test_html_keeps_escaping():
    assert engines["django"].from_string("{{ x }}").render({"x": HOSTILE}) == (
        "子ども&amp;親の会 &lt;b&gt;&quot;x&quot;&lt;/b&gt; &#x27;y&#x27;"
    )


def test_mail_is_only_sent_and_rendered_through_the_mail_helper():
    """A new email cannot slip past the non-escaping engine: only civic_portal/core/mail.py builds messages (the
    queue mailer, civic_portal/core/mail_backend.py, only stores and rebuilds messages it was handed)."""
    sending = re.compile(r"\b(EmailMessage|EmailMultiAlternatives|send_mail|send_mass_mail)\b")
    email_template = re.compile(r"""render_to_string\(\s*f?["'][^"']*(_subject|_body|email/)""")
    offenders = []
    for path in PROJECT_CODE:
        if path.match("civic_portal/core/mail.py") or path.match("civic_portal/core/mail_backend.py"):
            continue
        source = path.read_text()
        if sending.search(source) or email_template.search(source):
            offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


# End to end ----------------------------------------------------------------------------------------------------

NAME = "子ども&親の会"


@pytest.mark.django_db
def test_a_group_application_reaches_staff_with_its_name_intact(worker):
    staff = StaffFactory()
    manager = UserFactory()
    group = GroupFactory(
        name=NAME, status=GroupStatus.DRAFT, registration_number="", registered_on=None, member_count=8,
        managers=[manager],
    )  # fmt: skip
    with worker.after():
        group_submit(group=group, user=manager, declarations=dict.fromkeys(Group.DECLARATION_FIELDS, True))
    [to_staff] = [m for m in mail.outbox if m.to == [staff.email]]
    assert to_staff.subject == f"[市民活動ポータル] 団体登録の申請がありました: {NAME}"
    assert f"「{NAME}」から団体登録の申請" in to_staff.body
    for message in mail.outbox:
        assert "&amp;" not in message.subject
        assert "&amp;" not in message.body


@pytest.mark.django_db
def test_a_booking_email_keeps_the_purpose_as_typed(worker):
    day = next_weekday(2)
    with worker.after():
        booking_create(
            user=UserFactory(), space=SpaceFactory(facility__name="本館 <別館>"), starts_at=at(day, 10),
            ends_at=at(day, 12), purpose=HOSTILE, expected_attendees=2,
        )  # fmt: skip
    [message] = mail.outbox
    assert "本館 <別館>" in message.subject
    assert f"利用目的: {HOSTILE}" in message.body
    assert "&" + "amp;" not in message.body
