"""Requests for a talent-bank volunteer (人材バンクへの依頼), followed up by center staff."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import (
    StatusChangeBase,
    WorkflowModel,
    actor_field,
    status_change_meta,
    status_fields,
)

from .register import Group
from .volunteers import VolunteerProfile

__all__ = [
    "TALENT_REQUEST_TRANSITIONS",
    "GroupTalent",
    "TalentRequest",
    "TalentRequestStatus",
    "TalentRequestStatusChange",
]


class GroupTalent(models.Model):
    """What a group offers to teach or lead (講師・出前講座など): listed in the talent bank while the group is public.
    A table of its own beside the register, so groups offer skills without changing the register's records."""

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="talent", verbose_name=_("団体"), primary_key=True
    )
    topics = models.TextField(
        _("団体として講師・指導できること"), help_text=_("講座のテーマ、出前授業、指導できる活動など（2000文字以内）")
    )
    updated_by = actor_field(_("更新者"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("人材バンクに掲載する団体")
        verbose_name_plural = _("人材バンクに掲載する団体")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(topics=""),
                name="groups_group_talent_topics",
                violation_error_message=_("講師・指導できることを入力してください。"),
            ),
        ]

    def __str__(self):
        return str(self.group)


class TalentRequestStatus(models.TextChoices):
    RECEIVED = "received", _("受付")
    INTRODUCING = "introducing", _("紹介中")
    MATCHED = "matched", _("成立")
    UNMATCHED = "unmatched", _("不成立")


R = TalentRequestStatus
TALENT_REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    R.RECEIVED: frozenset({R.INTRODUCING, R.UNMATCHED}),
    R.INTRODUCING: frozenset({R.MATCHED, R.UNMATCHED}),
    R.MATCHED: frozenset(),
    R.UNMATCHED: frozenset(),
}
OPEN_TALENT_REQUEST_STATUSES = (R.RECEIVED, R.INTRODUCING)


class TalentRequest(WorkflowModel):
    """Someone asks the center to put them in touch with a talent-bank volunteer; a staff member handles it."""

    TRANSITIONS = TALENT_REQUEST_TRANSITIONS

    # A request goes to a listed volunteer or to a group offering its skills: exactly one of the two.
    profile = models.ForeignKey(
        VolunteerProfile,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="talent_requests",
        verbose_name=_("依頼先"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="talent_requests",
        verbose_name=_("依頼先の団体"),
    )
    requester = actor_field(_("依頼者"), blank=True)
    message = models.TextField(_("依頼の内容"))
    status = models.CharField(_("状態"), max_length=12, choices=TalentRequestStatus.choices, default=R.RECEIVED)
    handled_by = actor_field(_("担当職員"), blank=True)
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("人材バンクへの依頼")
        verbose_name_plural = _("人材バンクへの依頼")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TalentRequestStatus.values), name="groups_talent_request_status"
            ),
            models.CheckConstraint(
                condition=Q(profile__isnull=True, group__isnull=False) | Q(profile__isnull=False, group__isnull=True),
                name="groups_talent_request_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="groups_talent_request_open"),
            models.Index(fields=["-created_at", "-id"], name="groups_talent_request_newest"),  # the admin's list
        ]

    def __str__(self):
        return f"{self.profile or self.group} ← {self.requester or '-'} ({self.created_at:%Y-%m-%d})"


class TalentRequestStatusChange(StatusChangeBase):
    """One step of a talent-bank request: who moved it, when, and why."""

    LOGGED = "request"

    request = models.ForeignKey(
        TalentRequest, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("依頼")
    )
    from_status, to_status = status_fields(TalentRequestStatus, max_length=12)
    Meta = status_change_meta(
        "request", TalentRequestStatus, prefix="groups_talentstatus", name=_("人材バンクへの依頼の状態変更履歴")
    )
