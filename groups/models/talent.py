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

from .volunteers import VolunteerProfile

__all__ = ["TALENT_REQUEST_TRANSITIONS", "TalentRequest", "TalentRequestStatus", "TalentRequestStatusChange"]


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

    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="talent_requests", verbose_name=_("依頼先")
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
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="groups_talent_request_open"),
            models.Index(fields=["-created_at", "-id"], name="groups_talent_request_newest"),  # the admin's list
        ]

    def __str__(self):
        return f"{self.profile} ← {self.requester or '-'} ({self.created_at:%Y-%m-%d})"


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
