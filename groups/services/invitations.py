"""A manager invites a matching volunteer to apply to a need; the volunteer accepts (an application) or declines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.core.mail import send_templated_mail

from ..models.invitations import InvitationStatus, VolunteerInvitation
from ..models.volunteers import ACTIVE_APPLICATION_STATUSES, VolunteerApplication, VolunteerNeed, VolunteerProfile
from ..permissions import can_act_for_group
from .volunteers import _manager_emails, application_submit

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

EMAIL_DIR = "groups/volunteer_email"


@transaction.atomic
def invitation_send(
    *, need: VolunteerNeed, volunteer: VolunteerProfile, user: User, message: str = ""
) -> VolunteerInvitation:
    """A manager of the need's group invites an opted-in volunteer to apply to the open need, once; the volunteer is
    emailed (their contact details stay hidden from the group until they apply)."""
    need = VolunteerNeed.objects.select_for_update().select_related("group").get(pk=need.pk)
    if not can_act_for_group(user, need.group):
        raise PermissionDenied(_("この募集の応募を依頼する権限がありません。"))
    if not need.is_open:
        raise ValidationError(_("この募集は現在受け付けていません。"))
    if volunteer.is_withdrawn or not volunteer.matching_opt_in:
        raise ValidationError(_("この方はマッチングを希望していません。"))
    applied = VolunteerApplication.objects.filter(
        need=need, volunteer=volunteer, status__in=ACTIVE_APPLICATION_STATUSES
    )
    if applied.exists():
        raise ValidationError(_("この方はすでにこの募集に応募しています。"))
    invitation = VolunteerInvitation(need=need, volunteer=volunteer, invited_by=user, message=message.strip())
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:
        raise ValidationError(_("この方にはすでにこの募集への応募を依頼しています。")) from exc
    send_templated_mail(
        to=[volunteer.user.email],
        template=f"{EMAIL_DIR}/invitation",
        context={"need": need, "group": need.group, "volunteer": volunteer, "message": invitation.message},
    )
    return invitation


def _answer(invitation: VolunteerInvitation, user: User) -> VolunteerInvitation:
    invitation = (
        VolunteerInvitation.objects.select_for_update(of=("self",))
        .select_related("need__group", "volunteer")
        .get(pk=invitation.pk)
    )
    if invitation.volunteer.user_id != user.pk:
        raise PermissionDenied(_("ご自身への依頼だけに回答できます。"))
    if invitation.status != InvitationStatus.INVITED:
        raise ValidationError(_("この依頼にはすでに回答しています。"))
    invitation.answered_at = timezone.now()
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: VolunteerInvitation, user: User, message: str = "") -> VolunteerApplication:
    """The volunteer accepts: an application to the need is made (the group is emailed as for any application)."""
    invitation = _answer(invitation, user)
    application = application_submit(need=invitation.need, user=user, message=message)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.application = application
    invitation.save(update_fields=["status", "application", "answered_at"])
    return application


@transaction.atomic
def invitation_decline(*, invitation: VolunteerInvitation, user: User) -> VolunteerInvitation:
    """The volunteer declines; the group's managers are emailed."""
    invitation = _answer(invitation, user)
    invitation.status = InvitationStatus.DECLINED
    invitation.save(update_fields=["status", "answered_at"])
    need = invitation.need
    to = _manager_emails(need.group)
    if to:
        send_templated_mail(
            to=to,
            template=f"{EMAIL_DIR}/invitation_declined",
            context={
                "need": need,
                "group": need.group,
                "volunteer": invitation.volunteer,
                "path": reverse("groups:need_candidates", args=[need.pk]),
            },
        )
    return invitation
