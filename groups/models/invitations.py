"""A group's invitation to a well-matched volunteer to apply to one of its needs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import actor_field

from .volunteers import VolunteerApplication, VolunteerNeed, VolunteerProfile

__all__ = ["InvitationStatus", "VolunteerInvitation"]


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("回答待ち")
    ACCEPTED = "accepted", _("応募した")
    DECLINED = "declined", _("辞退した")


class VolunteerInvitation(models.Model):
    """A manager asks a volunteer to apply to a need; accepting makes the application, declining tells the group."""

    need = models.ForeignKey(
        VolunteerNeed, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("募集")
    )
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("ボランティア")
    )
    message = models.TextField(_("団体からのメッセージ"), blank=True)
    status = models.CharField(
        _("状態"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    application = models.OneToOneField(
        VolunteerApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("応募"),
    )
    invited_by = actor_field(_("依頼した人"), blank=True)
    created_at = models.DateTimeField(_("依頼日時"), auto_now_add=True)
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("応募の依頼")
        verbose_name_plural = _("応募の依頼")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=InvitationStatus.values), name="groups_invitation_status"),
            models.UniqueConstraint(
                fields=["need", "volunteer"],
                name="groups_invitation_once",
                violation_error_message=_("この方にはすでにこの募集への応募を依頼しています。"),
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="groups_invitation_volunteer")]

    def __str__(self):
        return f"{self.need} → {self.volunteer}"
