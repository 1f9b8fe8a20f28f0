"""Who runs a group and what happened to it: managers and members, invitations, the workflow log, edits,
renewal rounds and relayed messages."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import StatusChangeBase, actor_field, status_change_meta, status_fields

from .register import Group, GroupStatus


class MembershipRole(models.TextChoices):
    MANAGER = "manager", _("管理者")
    MEMBER = "member", _("会員")


class Membership(models.Model):
    """A user's tie to a group: managers edit and act for it; members belong to it (conflicts of interest)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("団体"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships", verbose_name=_("利用者")
    )
    role = models.CharField(_("役割"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("団体の管理者・会員")
        verbose_name_plural = _("団体の管理者・会員")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="groups_membership_unique"),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="groups_membership_role_valid"),
        ]
        indexes = [models.Index(fields=["user", "role"], name="groups_membership_user_role")]

    def __str__(self):
        return f"{self.group} / {self.user} ({self.get_role_display()})"


class GroupStatusChange(StatusChangeBase):
    """One step of the registration workflow: who moved the group from which status to which, when, and why."""

    LOGGED = "group"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("団体"))
    from_status, to_status = status_fields(GroupStatus, max_length=20)
    Meta = status_change_meta("group", GroupStatus, prefix="groups_statuschange", name=_("状態変更履歴"))

    @property
    def was_returned_from_renewal(self) -> bool:
        """The step took the group out of a submitted renewal: sent back for corrections when it may renew again."""
        return self.from_status == GroupStatus.RENEWAL_SUBMITTED


class GroupEditLog(models.Model):
    """An edit of a registered group's profile: who changed which fields, when."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="edit_logs", verbose_name=_("団体"))
    edited_by = actor_field(_("編集者"))
    edited_at = models.DateTimeField(_("編集日時"), auto_now_add=True)
    fields = ArrayField(models.CharField(max_length=60), verbose_name=_("変更項目"))

    class Meta:
        verbose_name = _("団体情報の編集履歴")
        verbose_name_plural = _("団体情報の編集履歴")
        ordering = ["-edited_at", "-id"]
        indexes = [models.Index(fields=["group", "-edited_at"], name="groups_editlog_group_at")]

    def __str__(self):
        return f"{self.group} {self.edited_at:%Y-%m-%d %H:%M}"


class ManagerInvitation(models.Model):
    """An invitation by email to become one of a group's managers; accepted once, by the signed-in invitee."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("団体"))
    email = models.EmailField(_("招待先メールアドレス"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = actor_field(_("招待者"))
    created_at = models.DateTimeField(_("招待日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"))
    accepted_at = models.DateTimeField(_("承諾日時"), null=True, blank=True)
    accepted_by = actor_field(_("承諾者"), blank=True)

    class Meta:
        verbose_name = _("管理者の招待")
        verbose_name_plural = _("管理者の招待")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "email"], condition=Q(accepted_at__isnull=True), name="groups_invitation_open_unique"
            )
        ]
        indexes = [models.Index(fields=["-created_at"], name="groups_invitation_created")]  # the admin's list

    def __str__(self):
        return f"{self.group} → {self.email}"


class RenewalRound(models.Model):
    """A fiscal year's renewal (登録更新): registered groups must confirm their data by the deadline or lapse."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    deadline = models.DateField(_("更新期限"))
    opened_by = actor_field(_("開始者"))
    opened_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    closed_at = models.DateTimeField(_("締切処理日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("登録更新")
        verbose_name_plural = _("登録更新")
        ordering = ["-fiscal_year"]

    def __str__(self):
        return f"{self.fiscal_year}年度 登録更新"


class RenewalReminder(models.Model):
    """A reminder that a group has not yet renewed, sent to its managers: at most one per group, round and stage
    (the number of days before the deadline it is sent, groups.rules.RENEWAL_REMINDER_DAYS)."""

    renewal = models.ForeignKey(
        RenewalRound, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("登録更新")
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="renewal_reminders", verbose_name=_("団体"))
    days_before = models.PositiveSmallIntegerField(_("期限までの日数"))
    sent_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("登録更新の督促")
        verbose_name_plural = _("登録更新の督促")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["renewal", "group", "days_before"], name="groups_renewal_reminder_once")
        ]

    def __str__(self):
        return f"{self.group} ({self.days_before})"


class ContactRelay(models.Model):
    """A message relayed to a group through its page: kept (without the text) as an audit trail and a rate limit."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="contact_relays", verbose_name=_("団体"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("送信者")
    )
    sent_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("問い合わせの転送")
        verbose_name_plural = _("問い合わせの転送")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["sender", "sent_at"], name="groups_relay_sender_at"),
            models.Index(fields=["-sent_at"], name="groups_relay_sent"),  # the admin's list
        ]

    def __str__(self):
        return f"{self.sender} → {self.group}"
