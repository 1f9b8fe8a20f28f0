"""A group's renewal (登録更新): its managers review and update the stored data and declarations, then the center
confirms it or returns it with a reason (the rounds, reminders and lapses: registration.py, renewal_deadlines.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.models import User
from civic_portal.accounts.roles import CENTER_STAFF, is_center_staff
from civic_portal.core.mail import send_templated_mail

from ..models import Group, GroupStatus, RenewalRound
from ..permissions import is_group_manager
from .registration import _check_eligibility, _move, group_update

S = GroupStatus


def open_renewal_round() -> RenewalRound | None:
    """The renewal round groups are due in now (open, deadline not passed), if any."""
    return (
        RenewalRound.objects.filter(closed_at__isnull=True, deadline__gte=timezone.localdate())
        .order_by("deadline")
        .first()
    )


@transaction.atomic
def group_submit_renewal(
    *, group: Group, by: User, data: dict, declarations: dict[str, bool], activity_fields=None, areas=None
) -> Group:
    """A manager submits the renewal: the reviewed data is saved (edit-logged), the declarations re-confirmed and
    the eligibility checked; the group waits for the center's confirmation (更新確認中) and stays public."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    if not is_group_manager(by, group):
        raise PermissionDenied
    if not group.can_renew:
        raise ValidationError(_("この団体は更新手続の対象ではありません。"), code="illegal_transition")
    data = {**data, **{name: bool(declarations.get(name)) for name in Group.DECLARATION_FIELDS}}
    if "member_count" in data and "member_count_as_of" not in data:
        data["member_count_as_of"] = timezone.localdate()
    group = group_update(group=group, user=by, data=data, activity_fields=activity_fields, areas=areas)
    _check_eligibility(group)
    group = _move(group, to=S.RENEWAL_SUBMITTED, by=by, note=_("登録内容を確認し、更新を申請しました。"))
    staff = list(
        User.objects.filter(groups__name=CENTER_STAFF, is_active=True).values_list("email", flat=True).order_by("id")
    )
    if staff:
        send_templated_mail(to=staff, template="groups/email/application_received", context={"group": group})
    return group


@transaction.atomic
def group_confirm_renewal(*, group: Group, by: User, note: str = "") -> Group:
    """Center staff confirm a group's renewal (submitted, or still due when it renewed on paper): it stays
    registered and its data counts as confirmed today."""
    if not is_center_staff(by):
        raise PermissionDenied(_("センター職員だけが更新を確認できます。"))
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.status not in (S.RENEWAL_SUBMITTED, S.RENEWAL_DUE):
        raise ValidationError(_("この団体は更新手続の対象ではありません。"), code="illegal_transition")
    group.last_confirmed_on = timezone.localdate()
    return _move(
        group,
        to=S.REGISTERED,
        by=by,
        note=note.strip() or _("登録更新を確認しました。"),
        fields=("last_confirmed_on",),
    )


@transaction.atomic
def group_return_renewal(*, group: Group, by: User, note: str) -> Group:
    """Center staff return a submitted renewal with a reason: the managers correct it and submit again."""
    if not is_center_staff(by):
        raise PermissionDenied(_("センター職員だけが差し戻せます。"))
    if not note.strip():
        raise ValidationError({"note": _("差し戻しの理由を入力してください。")})
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.status != S.RENEWAL_SUBMITTED:
        raise ValidationError(_("更新の申請がない団体は差し戻せません。"), code="illegal_transition")
    return _move(group, to=S.RENEWAL_DUE, by=by, note=note.strip())
