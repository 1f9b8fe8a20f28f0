"""Writes of the group register: application, review, registration and renewal rounds (withdrawal and suspension:
withdrawal.py; a group's renewal: renewal.py)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.models import User
from civic_portal.accounts.roles import CENTER_STAFF, is_center_staff
from civic_portal.core.fiscal import fiscal_year, wareki
from civic_portal.core.mail import send_templated_mail
from civic_portal.core.ratelimit import rate_limit
from civic_portal.core.workflow import log_status_change, transition

from ..models import (
    ContactRelay,
    Group,
    GroupEditLog,
    GroupStatus,
    ManagerInvitation,
    Membership,
    MembershipRole,
    RenewalRound,
)
from ..permissions import can_edit_group, is_group_manager
from ..rules import CONTACT_RELAYS_PER_HOUR, INVITATION_VALID_FOR, MINIMUM_MEMBERS

S = GroupStatus
# Fields whose change on a registered group is written to the edit log.
_LOGGED_STATUSES = frozenset({S.REGISTERED, S.RENEWAL_DUE, S.RENEWAL_SUBMITTED, S.SUSPENDED})


def _manager_emails(group: Group) -> list[str]:
    return list(
        group.memberships.filter(role=MembershipRole.MANAGER).values_list("user__email", flat=True).order_by("id")
    )


def _move(group: Group, *, to: str, by: User | None, note: str = "", fields: tuple[str, ...] = ()) -> Group:
    """The workflow step (core.workflow.transition, saving `fields` with it), then the managers are told."""
    from_status = group.status
    transition(group, to=to, by=by, note=note, fields=fields)
    recipients = _manager_emails(group)
    if recipients:
        send_templated_mail(
            to=recipients,
            template="groups/email/status_changed",
            context={"group": group, "from_status": S(from_status).label, "note": note},
        )
    return group


@transaction.atomic
def group_create(*, user: User, data: dict, activity_fields=(), areas=()) -> Group:
    """Start a registration application as a draft; the applicant becomes its first manager."""
    group = Group(**data, created_by=user, status=S.DRAFT)
    group.full_clean()
    group.save()
    group.activity_fields.set(activity_fields)
    group.areas.set(areas)
    Membership.objects.create(group=group, user=user, role=MembershipRole.MANAGER)
    log_status_change(group, from_status="", by=user)
    return group


@transaction.atomic
def group_update(*, group: Group, user: User, data: dict, activity_fields=None, areas=None) -> Group:
    """Save profile edits by a manager or staff; edits of a registered group are logged; under review it is locked."""
    if not can_edit_group(user, group):
        raise PermissionDenied
    if not group.is_editable_by_applicant and not is_center_staff(user):
        raise ValidationError(_("審査中の申請は編集できません。差し戻しをお待ちください。"), code="locked")
    changed = [name for name, value in data.items() if getattr(group, name) != value]
    for name, value in data.items():
        setattr(group, name, value)
    group.full_clean()
    group.save()
    if activity_fields is not None and set(group.activity_fields.all()) != set(activity_fields):
        group.activity_fields.set(activity_fields)
        changed.append("activity_fields")
    if areas is not None and set(group.areas.all()) != set(areas):
        group.areas.set(areas)
        changed.append("areas")
    if changed and group.status in _LOGGED_STATUSES:
        GroupEditLog.objects.create(group=group, edited_by=user, fields=changed)
    return group


def _check_eligibility(group: Group) -> None:
    errors = {}
    for name in Group.DECLARATION_FIELDS:
        if not getattr(group, name):
            errors[name] = _("登録要件の確認が必要です。")
    if group.member_count is None or group.member_count < MINIMUM_MEMBERS:
        errors["member_count"] = _("登録には構成員が%(n)d人以上必要です。") % {"n": MINIMUM_MEMBERS}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_submit(*, group: Group, user: User, declarations: dict[str, bool]) -> Group:
    """Submit (or resubmit) an application with its eligibility declarations; raises ValidationError if ineligible."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    if not is_group_manager(user, group):
        raise PermissionDenied
    for name in Group.DECLARATION_FIELDS:
        setattr(group, name, bool(declarations.get(name)))
    _check_eligibility(group)
    group.save(update_fields=[*Group.DECLARATION_FIELDS, "updated_at"])
    to = S.SUBMITTED if group.status == S.DRAFT else S.RESUBMITTED
    group = _move(group, to=to, by=user)
    staff = list(
        User.objects.filter(groups__name=CENTER_STAFF, is_active=True).values_list("email", flat=True).order_by("id")
    )
    if staff:
        send_templated_mail(to=staff, template="groups/email/application_received", context={"group": group})
    return group


@transaction.atomic
def group_return(*, group: Group, by: User, note: str) -> Group:
    """Staff return an application for changes (差し戻し); the note tells the applicant what to fix."""
    if not note.strip():
        raise ValidationError({"note": _("差し戻しの理由を入力してください。")})
    group = Group.objects.select_for_update().get(pk=group.pk)
    return _move(group, to=S.RETURNED, by=by, note=note.strip())


def _next_registration_number(day: dt.date) -> str:
    """Numbers run per fiscal year (2026-0001, ...); an advisory lock serialises concurrent approvals."""
    year = fiscal_year(day)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [hash(("groups.registration_number", year)) % 2**31])
    prefix = f"{year}-"
    last = (
        Group.objects.filter(registration_number__startswith=prefix)
        .order_by("-registration_number")
        .values_list("registration_number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


@transaction.atomic
def group_register(*, group: Group, by: User, note: str = "") -> Group:
    """Staff approve an application: a registration number is issued and the group enters the directory."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.status not in (S.SUBMITTED, S.RESUBMITTED):  # renewals and reinstatements have their own services
        raise ValidationError(_("この団体は登録できる状態ではありません。"), code="illegal_transition")
    _check_eligibility(group)
    today = timezone.localdate()
    group.registration_number = group.registration_number or _next_registration_number(today)
    group.registered_on = today
    group.lapsed_on = None
    group.last_confirmed_on = today
    return _move(
        group,
        to=S.REGISTERED,
        by=by,
        note=note,
        fields=("registration_number", "registered_on", "lapsed_on", "last_confirmed_on"),
    )


@transaction.atomic
def renewal_open(*, fiscal_year: int, deadline: dt.date, by: User) -> RenewalRound:
    """Open a fiscal year's renewal: every registered group becomes renewal-due and its managers are told."""
    if RenewalRound.objects.filter(fiscal_year=fiscal_year).exists():
        raise ValidationError(_("%(year)d年度の登録更新はすでに開始しています。") % {"year": fiscal_year})
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("更新期限は明日以降の日付にしてください。")})
    renewal = RenewalRound.objects.create(fiscal_year=fiscal_year, deadline=deadline, opened_by=by)
    for group in Group.objects.select_for_update().filter(status=S.REGISTERED).order_by("id"):
        _move(
            group,
            to=S.RENEWAL_DUE,
            by=by,
            note=_("%(year)d年度 登録更新（期限 %(deadline)s）")
            % {"year": fiscal_year, "deadline": f"{wareki(deadline)}（{deadline.isoformat()}）"},
        )
    return renewal


@transaction.atomic
def renewal_close(*, renewal: RenewalRound, by: User | None) -> int:
    """After the deadline, groups that did not renew lapse and leave the directory; returns how many lapsed."""
    renewal = RenewalRound.objects.select_for_update().get(pk=renewal.pk)
    if renewal.closed_at:
        raise ValidationError(_("この登録更新はすでに締め切っています。"))
    today = timezone.localdate()
    if today <= renewal.deadline:
        raise ValidationError(
            _("更新期限（%(deadline)s）を過ぎてから締め切ってください。") % {"deadline": renewal.deadline}
        )
    lapsed = 0
    for group in Group.objects.select_for_update().filter(status=S.RENEWAL_DUE).order_by("id"):
        group.lapsed_on = today
        _move(
            group,
            to=S.LAPSED,
            by=by,
            note=_("更新期限までに更新されなかったため、登録が失効しました。"),
            fields=("lapsed_on",),
        )
        lapsed += 1
    renewal.closed_at = timezone.now()
    renewal.save(update_fields=["closed_at"])
    return lapsed


@transaction.atomic
def manager_invite(*, group: Group, email: str, by: User, accept_url_template: str) -> ManagerInvitation:
    """A manager invites someone by email to co-manage the group; the link is valid for two weeks."""
    if not (is_group_manager(by, group) or is_center_staff(by)):
        raise PermissionDenied
    email = email.strip().lower()
    if group.memberships.filter(user__email__iexact=email, role=MembershipRole.MANAGER).exists():
        raise ValidationError({"email": _("この方はすでに管理者です。")})
    rate_limit("manager_invite", by)
    ManagerInvitation.objects.filter(group=group, email=email, accepted_at__isnull=True).delete()
    invitation = ManagerInvitation.objects.create(
        group=group,
        email=email,
        token=secrets.token_urlsafe(32),
        invited_by=by,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    send_templated_mail(
        to=[email],
        template="groups/email/manager_invitation",
        context={"group": group, "invited_by": by, "url": accept_url_template.format(token=invitation.token)},
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Group:
    """The signed-in invitee accepts: they become a manager. The invitation must be theirs and unexpired."""
    invitation = ManagerInvitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or invitation.accepted_at or invitation.expires_at < timezone.now():
        raise ValidationError(_("この招待は無効か、有効期限が切れています。"), code="invalid_invitation")
    if invitation.email != user.email.lower():
        raise ValidationError(
            _("招待は %(email)s あてです。そのメールアドレスでログインしてください。") % {"email": invitation.email},
            code="wrong_user",
        )
    Membership.objects.update_or_create(group=invitation.group, user=user, defaults={"role": MembershipRole.MANAGER})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation.group


@transaction.atomic
def group_contact(*, group: Group, sender: User, message: str) -> None:
    """Relay a message to a public group without revealing its email; at most a few an hour per sender."""
    if not group.is_public:
        raise ValidationError(_("この団体には連絡できません。"))
    recent = ContactRelay.objects.filter(sender=sender, sent_at__gte=timezone.now() - dt.timedelta(hours=1)).count()
    if recent >= CONTACT_RELAYS_PER_HOUR:
        raise ValidationError(
            _("短時間に多くのお問い合わせが送信されました。しばらくしてからお試しください。"), code="rate"
        )
    ContactRelay.objects.create(group=group, sender=sender)
    send_templated_mail(
        to=[group.contact_email],
        template="groups/email/contact_relay",
        context={"group": group, "sender": sender, "message": message},
        reply_to=[sender.email],
    )
