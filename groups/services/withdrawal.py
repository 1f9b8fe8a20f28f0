"""A group's standing on the register: withdrawal with a reason, suspension by the center, and reinstatement."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.models import User
from civic_portal.accounts.roles import is_center_staff

from ..models import PUBLIC_STATUSES, Group, GroupStatus, RenewalRound
from ..permissions import is_group_manager
from .registration import _move

S = GroupStatus


def reinstate_period() -> dt.timedelta:
    """How long after its withdrawal the center may reinstate a registration (settings.GROUP_REINSTATE_PERIOD_DAYS)."""
    return dt.timedelta(days=settings.GROUP_REINSTATE_PERIOD_DAYS)


def _required(note: str, message: str) -> str:
    if not note.strip():
        raise ValidationError({"note": message})
    return note.strip()


def _staff_only(by: User) -> None:
    if not is_center_staff(by):
        raise PermissionDenied(_("センター職員だけが行えます。"))


@transaction.atomic
def group_withdraw(*, group: Group, by: User, note: str) -> Group:
    """A manager or staff withdraw an application or a registration (取下げ); the reason is required and logged."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    if not (is_group_manager(by, group) or is_center_staff(by)):
        raise PermissionDenied
    note = _required(note, _("取り下げの理由を入力してください。"))
    if group.registered_on and not group.lapsed_on:
        group.lapsed_on = timezone.localdate()
    return _move(group, to=S.WITHDRAWN, by=by, note=note, fields=("lapsed_on",))


@transaction.atomic
def group_suspend(*, group: Group, by: User, note: str) -> Group:
    """Center staff suspend a registered group (登録停止): it leaves the directory and may not book or apply."""
    _staff_only(by)
    group = Group.objects.select_for_update().get(pk=group.pk)
    note = _required(note, _("登録停止の理由を入力してください。"))
    if not group.can_move_to(S.SUSPENDED):
        raise ValidationError(_("登録中の団体だけを停止できます。"), code="illegal_transition")
    return _move(group, to=S.SUSPENDED, by=by, note=note)


def _status_before(group: Group) -> str:
    """The status the group left when it was suspended or withdrawn (its latest step into the current status)."""
    step = group.status_changes.filter(to_status=group.status).order_by("-changed_at", "-id").first()
    return step.from_status if step else ""


def _left_on(group: Group) -> dt.date | None:
    step = group.status_changes.filter(to_status=group.status).order_by("-changed_at", "-id").first()
    return timezone.localdate(step.changed_at) if step else None


@transaction.atomic
def group_reinstate(*, group: Group, by: User, note: str) -> Group:
    """Center staff reinstate a suspended group, or a withdrawn registration within the reinstatement period, to
    the status it left; if its renewal deadline passed meanwhile, it comes back lapsed."""
    _staff_only(by)
    group = Group.objects.select_for_update().get(pk=group.pk)
    note = _required(note, _("復帰の理由を入力してください。"))
    if group.status not in (S.SUSPENDED, S.WITHDRAWN):
        raise ValidationError(_("停止中または取下げ済みの団体だけを復帰できます。"), code="illegal_transition")
    previous = _status_before(group)
    if group.status == S.WITHDRAWN:
        if previous == S.SUSPENDED:
            raise ValidationError(_("停止中に取り下げた団体は復帰できません。"), code="was_suspended")
        if previous not in PUBLIC_STATUSES:
            raise ValidationError(
                _("登録されていなかった申請は復帰できません。新しく申請してください。"), code="not_registered"
            )
        left_on = _left_on(group)
        if left_on is None or timezone.localdate() - left_on > reinstate_period():
            raise ValidationError(
                _("取下げから%(days)d日を過ぎたため復帰できません。新しく登録申請してください。")
                % {"days": reinstate_period().days},
                code="reinstate_period",
            )
    target = previous if previous in PUBLIC_STATUSES else S.REGISTERED
    if (
        target in (S.RENEWAL_DUE, S.RENEWAL_SUBMITTED)
        and not RenewalRound.objects.filter(closed_at__isnull=True, deadline__gte=timezone.localdate()).exists()
    ):
        # The round it was due in has ended meanwhile: a submitted renewal stays with the center, a due one lapsed.
        target = S.RENEWAL_SUBMITTED if target == S.RENEWAL_SUBMITTED else S.LAPSED
    group.lapsed_on = timezone.localdate() if target == S.LAPSED else None
    return _move(group, to=target, by=by, note=note, fields=("lapsed_on",))
