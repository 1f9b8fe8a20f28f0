"""The "default" mailer: every message is stored as an OutgoingMail row and sent by the worker after commit.

Whoever sends (our services through civic_portal.core.mail, allauth, the admin, error reports) writes the row in
its own transaction, so a rollback leaves no mail behind and nothing is sent; the send task is enqueued with
``transaction.on_commit`` and hands the message to the "delivery" mailer (civic_portal.core.mail_tasks).
"""

import base64
import email
import email.policy
from email.message import MIMEPart
from email.mime.base import MIMEBase

from django.core.mail import EmailMessage, EmailMultiAlternatives, make_msgid
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.utils import DNS_NAME
from django.utils.encoding import force_str

from .models import OutgoingMail


class QueuedEmailBackend(BaseEmailBackend):
    """Store the messages (one INSERT for all) and enqueue one send task each once the transaction commits."""

    def send_messages(self, email_messages) -> int:
        from .mail_tasks import enqueue_send

        rows = OutgoingMail.objects.bulk_create(
            [stored_mail(message) for message in email_messages if message.recipients()]
        )
        for row in rows:
            enqueue_send(row.pk)
        return len(rows)


def stored_mail(message: EmailMessage) -> OutgoingMail:
    """An unsaved row holding everything needed to rebuild ``message``; its Message-ID is fixed now, so every
    attempt sends the same message and a receiver can tell a repeat."""
    headers = {str(name): force_str(value) for name, value in message.extra_headers.items()}
    if "message-id" not in {name.lower() for name in headers}:
        headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    return OutgoingMail(
        from_email=force_str(message.from_email),
        to=[force_str(a) for a in message.to],
        cc=[force_str(a) for a in message.cc],
        bcc=[force_str(a) for a in message.bcc],
        reply_to=[force_str(a) for a in message.reply_to],
        subject=force_str(message.subject),
        body=force_str(message.body),
        content_subtype=message.content_subtype,
        alternatives=[
            {"mimetype": mimetype, **_content(content)} for content, mimetype in getattr(message, "alternatives", [])
        ],
        attachments=[_attachment(attachment) for attachment in message.attachments],
        headers=headers,
    )


def rebuilt_message(mail: OutgoingMail) -> EmailMultiAlternatives:
    """The stored message as Django's email object again, ready for the delivery mailer."""
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        cc=mail.cc,
        bcc=mail.bcc,
        reply_to=mail.reply_to,
        headers=mail.headers,
    )
    message.content_subtype = mail.content_subtype
    for alternative in mail.alternatives:
        message.attach_alternative(_restored(alternative), alternative["mimetype"])
    for attachment in mail.attachments:
        if "mime" in attachment:
            message.attach(email.message_from_bytes(base64.b64decode(attachment["mime"]), policy=email.policy.default))
        else:
            message.attach(attachment["filename"], _restored(attachment), attachment["mimetype"])
    return message


def attachment_names(mail: OutgoingMail) -> list[str]:
    """File names of the stored attachments (for the admin; the content is not shown)."""
    return [attachment.get("filename") or "(MIME)" for attachment in mail.attachments]


def _attachment(attachment) -> dict:
    if isinstance(attachment, MIMEPart | MIMEBase):
        return {"mime": base64.b64encode(attachment.as_bytes()).decode("ascii")}
    filename, content, mimetype = attachment
    if isinstance(content, EmailMessage):  # a message/rfc822 attachment
        content = content.message().as_bytes()
    elif isinstance(content, email.message.Message):
        content = content.as_bytes()
    return {"filename": filename, "mimetype": mimetype, **_content(content)}


def _content(content) -> dict:
    if isinstance(content, str):
        return {"text": content}
    return {"base64": base64.b64encode(bytes(content)).decode("ascii")}


def _restored(part: dict) -> str | bytes:
    return part["text"] if "text" in part else base64.b64decode(part["base64"])
