"""The one place an application changes status: check the transition table, save, log, and tell the applicant."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from civic_portal.core.mail import send_templated_mail

from ..models import NOTIFIED_STATUSES, Application, ApplicationStatusChange, Status


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


def move(application: Application, *, to: str, by, note: str = "", notify: bool = True) -> Application:
    """Move an application along the workflow table; raises ValidationError for a move the table does not allow."""
    if not application.can_move_to(to):
        raise ValidationError(
            _("「%(from)s」から「%(to)s」へは変更できません。")
            % {"from": application.get_status_display(), "to": Status(to).label},
            code="invalid_transition",
        )
    from_status = application.status
    application.status = to
    application.save()
    ApplicationStatusChange.objects.create(
        application=application, from_status=from_status, to_status=to, changed_by=by, note=note
    )
    if notify and to in NOTIFIED_STATUSES:
        notify_applicant(application, template="status_change", extra={"note": note})
    return application


def lock(application: Application) -> Application:
    """Re-read the application with a row lock so concurrent steps serialise."""
    return Application.objects.select_for_update().select_related("round", "group").get(pk=application.pk)
