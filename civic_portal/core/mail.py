"""Templated email in the recipient's language, sent through Django's configured mailer."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    *,
    to: list[str],
    template: str,
    context: dict,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
    reply_to: list[str] | None = None,
    language: str = "ja",
) -> None:
    """Render and send ``<template>_subject.txt`` / ``<template>_body.txt``; attachments are (name, content, type)."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX_SITE}{subject}",
        body=body,
        to=to,
        reply_to=reply_to,
    )
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    message.send()
