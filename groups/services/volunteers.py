"""Every write on volunteer profiles, needs and applications; and who may make them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateField, Func, Q
from django.db.models.lookups import LessThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.mail import send_templated_mail
from civic_portal.core.ratelimit import rate_limit
from civic_portal.core.workflow import log_status_change, transition

from ..models import Group, Membership, MembershipRole
from ..models.volunteers import (
    ApplicationStatus,
    NeedStatus,
    VolunteerApplication,
    VolunteerNeed,
    VolunteerProfile,
    normalize_tags,
)
from ..permissions import can_act_for_group

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from civic_portal.accounts.types import Visitor

logger = logging.getLogger(__name__)

EMAIL_DIR = "groups/volunteer_email"
PROFILE_FIELDS = (
    "display_name",
    "skills",
    "availability",
    "qualifications",
    "talent_bank_listed",
    "talent_topics",
    "matching_opt_in",
)


def can_manage_need(user: Visitor, need: VolunteerNeed) -> bool:
    """Only the managers of a registered group manage its needs and decide on applications."""
    return can_act_for_group(user, need.group)


def _full_clean_save(instance, **kwargs) -> None:
    instance.full_clean(**kwargs)
    instance.save()


@transaction.atomic
def volunteer_register(
    *,
    user: User,
    data: dict,
    fields_of_interest: Iterable = (),
    areas: Iterable = (),
    consent: bool = False,
) -> VolunteerProfile:
    """Register or update the user's volunteer profile; a first registration (or one after withdrawal) needs
    explicit consent (ValidationError)."""
    profile = VolunteerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or profile.is_withdrawn:
        if not consent:
            raise ValidationError({"consent": _("登録には個人情報の取扱いへの同意が必要です。")})
        profile = profile or VolunteerProfile(user=user)
        profile.consent_given_at = timezone.now()
        profile.withdrawn_at = None
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    profile.skills = normalize_tags(profile.skills)
    profile.availability = sorted(set(profile.availability))
    if profile.talent_bank_listed and not profile.talent_topics.strip():
        raise ValidationError(
            {"talent_topics": _("人材バンクに掲載する場合は、講師・指導できることを入力してください。")}
        )
    _full_clean_save(profile)
    profile.fields_of_interest.set(fields_of_interest)
    profile.areas.set(areas)
    return profile


@transaction.atomic
def volunteer_withdraw(*, profile: VolunteerProfile, by: User | None = None) -> VolunteerProfile:
    """Withdraw a volunteer: hidden from matching and the talent bank at once, personal data cleared, pending
    applications withdrawn (accepted ones stay as anonymous matches for the figures)."""
    profile = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.is_withdrawn:
        raise ValidationError(_("この登録はすでに取り消されています。"))
    for application in profile.applications.filter(status=ApplicationStatus.APPLIED).select_related("need"):
        transition(application, to=ApplicationStatus.WITHDRAWN, by=by or profile.user, note=_("ボランティア登録の取消"))
    profile.applications.update(message="")
    profile.withdrawn_at = timezone.now()
    profile.display_name = ""
    profile.skills = []
    profile.availability = []
    profile.qualifications = ""
    profile.talent_topics = ""
    profile.talent_bank_listed = False
    profile.matching_opt_in = False
    profile.save()
    profile.fields_of_interest.clear()
    profile.areas.clear()
    return profile


def _need_apply_data(need: VolunteerNeed, data: dict) -> None:
    for name in VolunteerNeed.FORM_FIELDS:
        if name in data:
            setattr(need, name, data[name])
    need.skills_wanted = normalize_tags(need.skills_wanted)
    need.slots = sorted(set(need.slots))
    need.dates = sorted(set(need.dates))


def _check_need_ends(need: VolunteerNeed, stored: VolunteerNeed) -> None:
    """A new or changed end/review date must not be in the past, nor may a need past its date be reopened."""
    today = timezone.localdate()
    for name in ("end_date", "review_date"):
        value = getattr(need, name)
        if value and value < today and (value != getattr(stored, name) or need.status != stored.status):
            label = cast(DateField, VolunteerNeed._meta.get_field(name)).verbose_name
            raise ValidationError({name: _("%(field)sは今日以降の日付にしてください。") % {"field": label}})


@transaction.atomic
def need_create(*, group: Group, user: User, data: dict) -> VolunteerNeed:
    """Post a need for a registered group; only its managers may (PermissionDenied), bad data is ValidationError."""
    if not can_act_for_group(user, group):
        raise PermissionDenied(_("登録済み団体の管理者だけが募集を掲載できます。"))
    need = VolunteerNeed(group=group, created_by=user, status=NeedStatus.OPEN)
    _need_apply_data(need, data)
    _check_need_ends(need, VolunteerNeed())
    _full_clean_save(need)
    return need


@transaction.atomic
def need_update(*, need: VolunteerNeed, user: User, data: dict, status: str | None = None) -> VolunteerNeed:
    """Edit a need or open/close it; only the group's managers may (PermissionDenied)."""
    if not can_manage_need(user, need):
        raise PermissionDenied(_("この募集を編集する権限がありません。"))
    need = VolunteerNeed.objects.select_for_update().get(pk=need.pk)
    stored = VolunteerNeed(end_date=need.end_date, review_date=need.review_date, status=need.status)
    _need_apply_data(need, data)
    if status is not None:
        need.status = status
    _check_need_ends(need, stored)
    _full_clean_save(need)
    return need


@transaction.atomic
def need_close(*, need: VolunteerNeed, user: User) -> VolunteerNeed:
    """Close a need to new applications; its managers and center staff may (PermissionDenied)."""
    if not (is_center_staff(user) or can_manage_need(user, need)):
        raise PermissionDenied(_("この募集を終了する権限がありません。"))
    need = VolunteerNeed.objects.select_for_update().get(pk=need.pk)
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status", "updated_at"])
    return need


class _LastDate(Func):
    """The latest date in a date array (NULL for an empty one)."""

    template = "(SELECT max(day) FROM unnest(%(expressions)s) AS day)"
    output_field = DateField()


def need_expire_past(*, today: dt.date | None = None) -> int:
    """The scheduled job: open needs past their end date or review date, or with fixed dates all past, are closed
    (募集終了); needs whose dates are open to arrangement (日程は相談可) stay until their end or review date.
    Idempotent (only open needs change). Returns how many were closed."""
    today = today or timezone.localdate()
    past = (
        Q(end_date__lt=today) | Q(review_date__lt=today) | (Q(flexible=False) & Q(LessThan(_LastDate("dates"), today)))
    )
    count = VolunteerNeed.objects.filter(past, status=NeedStatus.OPEN).update(
        status=NeedStatus.CLOSED, updated_at=timezone.now()
    )
    if count:
        logger.info("%s volunteer needs closed: their end, review or activity dates have passed", count)
    return count


def _manager_emails(group: Group) -> list[str]:
    return list(
        Membership.objects.filter(group=group, role=MembershipRole.MANAGER, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def _mail(*, to: list[str], template: str, context: dict) -> None:
    if to:
        send_templated_mail(to=to, template=f"{EMAIL_DIR}/{template}", context=context)


@transaction.atomic
def application_submit(*, need: VolunteerNeed, user: User, message: str = "") -> VolunteerApplication:
    """Apply to an open need as a registered, not withdrawn volunteer; one active application per need
    (ValidationError); the group's managers are emailed."""
    need = VolunteerNeed.objects.select_for_update().select_related("group").get(pk=need.pk)
    profile = VolunteerProfile.objects.filter(user=user, withdrawn_at__isnull=True).first()
    if profile is None:
        raise ValidationError(_("応募するには、先にボランティア登録をしてください。"))
    if not need.is_open or not need.group.is_public:
        raise ValidationError(_("この募集は現在受け付けていません。"))
    rate_limit("volunteer_apply", user)
    application = VolunteerApplication(need=need, volunteer=profile, message=message.strip())
    try:
        with transaction.atomic():
            _full_clean_save(application)
    except IntegrityError as exc:  # a race past full_clean's check
        raise ValidationError(_("この募集にはすでに応募しています。")) from exc
    log_status_change(application, from_status="", by=user)
    _mail(
        to=_manager_emails(need.group),
        template="application_received",
        context={
            "need": need,
            "group": need.group,
            "volunteer": profile,
            "message": application.message,
            "path": reverse("groups:need_candidates", args=[need.pk]),
        },
    )
    return application


def _decide(*, application: VolunteerApplication, user: User, to_status: str, note: str) -> VolunteerApplication:
    application = (
        VolunteerApplication.objects.select_for_update()
        .select_related("need__group", "volunteer__user")
        .get(pk=application.pk)
    )
    need = application.need
    if not can_manage_need(user, need):
        raise PermissionDenied(_("この応募を判断する権限がありません。"))
    application.decided_at = timezone.now()
    fields = ["decided_at"]
    if to_status == ApplicationStatus.ACCEPTED:
        application.accepted_at = application.decided_at
        fields.append("accepted_at")
    return transition(application, to=to_status, by=user, note=note, fields=fields)


@transaction.atomic
def application_accept(*, application: VolunteerApplication, user: User, note: str = "") -> VolunteerApplication:
    """A manager accepts an application (a match, dated by accepted_at); the need is marked filled when enough
    people are accepted; the volunteer and the managers are emailed. Illegal moves raise ValidationError."""
    application = _decide(application=application, user=user, to_status=ApplicationStatus.ACCEPTED, note=note)
    need = VolunteerNeed.objects.select_for_update().get(pk=application.need_id)
    accepted = need.applications.filter(status=ApplicationStatus.ACCEPTED).count()
    if accepted >= need.people_needed and need.status == NeedStatus.OPEN:
        need.status = NeedStatus.FILLED
        need.save(update_fields=["status", "updated_at"])
    context = {"need": application.need, "group": application.need.group, "volunteer": application.volunteer}
    _mail(to=[application.volunteer.user.email], template="application_accepted", context={**context, "note": note})
    _mail(to=_manager_emails(application.need.group), template="match_made", context=context)
    return application


@transaction.atomic
def application_decline(*, application: VolunteerApplication, user: User, note: str = "") -> VolunteerApplication:
    """A manager declines an application; the volunteer is emailed. Illegal moves raise ValidationError."""
    application = _decide(application=application, user=user, to_status=ApplicationStatus.DECLINED, note=note)
    _mail(
        to=[application.volunteer.user.email],
        template="application_declined",
        context={"need": application.need, "group": application.need.group, "note": note},
    )
    return application


@transaction.atomic
def application_withdraw(*, application: VolunteerApplication, user: User) -> VolunteerApplication:
    """The volunteer withdraws their own pending application (PermissionDenied for anyone else); the group's
    managers are emailed."""
    application = (
        VolunteerApplication.objects.select_for_update(of=("self",))
        .select_related("volunteer", "need__group")
        .get(pk=application.pk)
    )
    if application.volunteer.user_id != user.pk:
        raise PermissionDenied(_("ご自身の応募だけを取り消せます。"))
    transition(application, to=ApplicationStatus.WITHDRAWN, by=user)
    need = application.need
    _mail(
        to=_manager_emails(need.group),
        template="application_withdrawn",
        context={
            "need": need,
            "group": need.group,
            "volunteer": application.volunteer,
            "path": reverse("groups:need_candidates", args=[need.pk]),
        },
    )
    return application
