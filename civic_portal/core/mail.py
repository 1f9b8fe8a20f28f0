"""Templated email in the recipient's language, sent through Django's configured mailer.

That mailer queues (civic_portal.core.mail_backend): sending inside a transaction stores the message with it, and
the worker sends it only once the transaction has committed, retrying while the SMTP server is away. So services
call ``send_templated_mail`` where the step happens, with no ``on_commit`` of their own.

Email is plain text, so it is rendered with the "mail" template engine (settings.TEMPLATES), which does not
HTML-escape: a group named 「子ども&親の会」 arrives as written, not as 「子ども&amp;親の会」. Render every
plain-text mail part (and any plain-text letter) through ``render_text``/``render_subject`` here rather than with
``render_to_string``, whose default engine escapes for HTML. An HTML part, should one ever be added, must be
rendered with the default engine, which keeps escaping.
"""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template import engines
from django.utils import translation

MAIL_ENGINE = "mail"


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping (the "mail" engine)."""
    return engines[MAIL_ENGINE].get_template(template_name).render(context)


def render_subject(template_name: str, context: dict) -> str:
    """A subject template as one line: newlines and runs of spaces become single spaces (no header injection)."""
    return " ".join(render_text(template_name, context).split())


def render_templated_mail(*, template: str, context: dict, language: str = "ja") -> tuple[str, str]:
    """(subject, body) of ``<template>_subject.txt`` / ``<template>_body.txt``, the subject with the site prefix."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_subject(f"{template}_subject.txt", context)
        body = render_text(f"{template}_body.txt", context)
    return f"{settings.EMAIL_SUBJECT_PREFIX_SITE}{subject}", body


def send_templated_mail(
    *,
    to: list[str],
    template: str,
    context: dict,
    attachments: Sequence[tuple[str, bytes | str, str]] = (),
    reply_to: list[str] | None = None,
    language: str = "ja",
) -> None:
    """Render ``<template>_subject.txt`` / ``<template>_body.txt`` and queue it (sent after commit); attachments are
    (name, content, type)."""
    subject, body = render_templated_mail(template=template, context=context, language=language)
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to)
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def send_templated_mails(*, template: str, messages: Iterable[tuple[list[str], dict]], language: str = "ja") -> int:
    """Render the template once per (recipients, context) and queue them all in one INSERT (sent after commit), for
    jobs that mail many; returns how many were queued."""
    emails = []
    for to, context in messages:
        subject, body = render_templated_mail(template=template, context=context, language=language)
        emails.append(EmailMessage(subject=subject, body=body, to=to))
    return mailers["default"].send_messages(emails) if emails else 0
