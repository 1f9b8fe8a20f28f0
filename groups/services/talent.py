"""The talent bank's groups and its requests: stored for center staff, who follow them up (受付 → 紹介中 → 成立 /
不成立)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import CENTER_STAFF, is_center_staff
from civic_portal.core.mail import send_templated_mail
from civic_portal.core.ratelimit import rate_limit
from civic_portal.core.workflow import log_status_change, transition

from ..models import Group
from ..models.talent import GroupTalent, TalentRequest, TalentRequestStatus
from ..models.volunteers import VolunteerProfile
from ..permissions import can_act_for_group

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def talent_request_send(
    *, user: User, message: str, profile: VolunteerProfile | None = None, group: Group | None = None
) -> TalentRequest:
    """Store a request for a talent-bank volunteer or group (受付) and email center staff, who put the two in touch;
    contact details are never shown. Only listed, active entries (ValidationError); rate-limited."""
    if (profile is None) == (group is None):
        raise ValueError("a talent request goes to one volunteer or one group")
    if profile is not None and (profile.is_withdrawn or not profile.talent_bank_listed):
        raise ValidationError(_("この方は現在人材バンクに掲載されていません。"))
    if group is not None and not (group.is_public and GroupTalent.objects.filter(group=group).exists()):
        raise ValidationError(_("この団体は現在人材バンクに掲載されていません。"))
    if not message.strip():
        raise ValidationError({"message": _("依頼の内容を入力してください。")})
    rate_limit("talent_request", user)
    request = TalentRequest.objects.create(profile=profile, group=group, requester=user, message=message.strip())
    log_status_change(request, from_status="", by=user)
    staff = get_user_model().objects.filter(is_active=True, groups__name=CENTER_STAFF).values_list("email", flat=True)
    recipients = sorted(set(staff))
    if recipients:
        send_templated_mail(
            to=recipients,
            template="groups/volunteer_email/talent_request",
            context={
                "profile": profile,
                "group": group,
                "requester": user,
                "message": request.message,
                "path": reverse("admin:groups_talentrequest_change", args=[request.pk]),
            },
            reply_to=[user.email],
        )
    return request


@transaction.atomic
def group_talent_save(*, group: Group, user: User, topics: str) -> GroupTalent | None:
    """A manager of a registered group lists what the group can teach or lead in the talent bank; empty topics take
    the group off the list (returns None)."""
    if not can_act_for_group(user, group):
        raise PermissionDenied(_("登録済み団体の管理者だけが人材バンクに掲載できます。"))
    topics = topics.strip()
    if not topics:
        GroupTalent.objects.filter(group=group).delete()
        return None
    talent, _created = GroupTalent.objects.update_or_create(
        group=group, defaults={"topics": topics, "updated_by": user}
    )
    return talent


@transaction.atomic
def talent_request_move(*, request: TalentRequest, by: User, to: str, note: str = "") -> TalentRequest:
    """Center staff move a request along its workflow (logged); the first to move it becomes its handler.
    不成立 needs a note (ValidationError); only center staff (PermissionDenied)."""
    if not is_center_staff(by):
        raise PermissionDenied(_("人材バンクへの依頼を扱えるのはセンター職員です。"))
    if to == TalentRequestStatus.UNMATCHED and not note.strip():
        raise ValidationError({"note": _("不成立の理由を入力してください。")})
    request = TalentRequest.objects.select_for_update().get(pk=request.pk)
    fields = []
    if request.handled_by_id is None:
        request.handled_by = by
        fields.append("handled_by")
    return transition(request, to=to, by=by, note=note.strip(), fields=fields)


@transaction.atomic
def talent_request_assign(*, request: TalentRequest, by: User, handler: User) -> TalentRequest:
    """Center staff hand a request to a staff member (who must be center staff)."""
    if not (is_center_staff(by) and is_center_staff(handler)):
        raise PermissionDenied(_("担当にできるのはセンター職員です。"))
    request = TalentRequest.objects.select_for_update().get(pk=request.pk)
    request.handled_by = handler
    request.save(update_fields=["handled_by", "updated_at"])
    return request
