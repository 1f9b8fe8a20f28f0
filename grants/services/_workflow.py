"""The one place an application changes status: the portal's workflow step, then the applicant is told."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from civic_portal.core.mail import send_templated_mail
from civic_portal.core.workflow import transition

from ..models import NOTIFIED_STATUSES, Application

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


def applicant_emails(application: Application) -> list[str]:
    """The group's contact address and its managers' addresses, without duplicates."""
    from groups.models import MembershipRole

    emails = [application.group.contact_email] if application.group.contact_email else []
    managers = application.group.memberships.filter(role=MembershipRole.MANAGER).select_related("user")
    for membership in managers:
        if membership.user.email and membership.user.email not in emails:
            emails.append(membership.user.email)
    return emails


def notify_applicant(application: Application, *, template: str, extra: dict | None = None) -> None:
    """Email the applicant group (templates in templates/grants/email/)."""
    to = applicant_emails(application)
    if to:
        send_templated_mail(
            to=to,
            template=f"grants/email/{template}",
            context={"application": application, "round": application.round, **(extra or {})},
        )


def move(
    application: Application, *, to: str, by: User, note: str = "", fields: Iterable[str] = (), notify: bool = True
) -> Application:
    """Move an application along the workflow table (core.workflow.transition, which saves `fields` with it) and
    email the applicant about the statuses they are told of; ValidationError for a move the table does not allow."""
    transition(application, to=to, by=by, note=note, fields=fields)
    if notify and to in NOTIFIED_STATUSES:
        notify_applicant(application, template="status_change", extra={"note": note})
    return application


def lock(application: Application) -> Application:
    """Re-read the application with a row lock so concurrent steps serialise."""
    return Application.objects.select_for_update().select_related("round", "group").get(pk=application.pk)
