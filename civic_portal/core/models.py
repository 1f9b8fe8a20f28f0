"""Abstract building blocks shared by the apps' models, and the core app's own: audit trail, mail queue, tasks."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from pghistory import core as pghistory_core
from pghistory.models import Events

from .validators import validate_kana


class WorkflowModel(models.Model):
    """A model whose `status` moves only along its TRANSITIONS table (from-status -> statuses it may move to).

    civic_portal.core.workflow.transition() is the one way it moves; each step is written to the StatusChangeBase
    model whose ForeignKey to it has the reverse name STATUS_LOG.
    """

    TRANSITIONS: ClassVar[Mapping[str, frozenset[str]]]
    STATUS_LOG: ClassVar[str] = "status_changes"
    if TYPE_CHECKING:  # each workflow model declares the field with its own choices
        status = models.CharField[str, str]()

    class Meta:
        abstract = True

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())


class StatusChangeBase(models.Model):
    """A workflow step's who / when / note; each app adds the object it logs and its from/to status fields.

    Every log declares the same rules in its Meta: status_change_constraints() and status_change_indexes().
    """

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("変更者"),
    )
    changed_at = models.DateTimeField(_("変更日時"), auto_now_add=True)
    note = models.TextField(_("メモ"), blank=True)

    class Meta:
        abstract = True

    if TYPE_CHECKING:  # each log declares them with its workflow's choices
        from_status = models.CharField[str, str]()
        to_status = models.CharField[str, str]()

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


def status_change_constraints(statuses: type[models.TextChoices], *, prefix: str) -> list[models.BaseConstraint]:
    """A status log holds only the workflow's statuses (from_status is empty for the row of a new object)."""
    return [
        models.CheckConstraint(
            condition=Q(to_status__in=statuses.values) & (Q(from_status="") | Q(from_status__in=statuses.values)),
            name=f"{prefix}_valid",
        ),
    ]


def status_change_indexes(obj: str, *, prefix: str) -> list[models.Index]:
    """One object's history in order, and the moves into a status over a period (figures, reports)."""
    return [
        models.Index(fields=[obj, "changed_at"], name=f"{prefix}_obj_at"),
        models.Index(fields=["to_status", "changed_at"], name=f"{prefix}_to_at"),
    ]


class AuditEvent(Events):
    """Every tracked change across the portal, with who made it, from where and from which address (read only)."""

    user = pghistory_core.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, verbose_name=_("変更者"), related_name="+"
        ),
    )
    url = pghistory_core.ProxyField("pgh_context__url", models.TextField(_("画面"), null=True))
    source = pghistory_core.ProxyField("pgh_context__source", models.TextField(_("経路"), null=True))
    ip = pghistory_core.ProxyField("pgh_context__ip", models.TextField(_("接続元"), null=True))

    class Meta:
        proxy = True
        verbose_name = _("変更履歴")
        verbose_name_plural = _("変更履歴")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("送信待ち")
    SENDING = "sending", _("送信中")
    SENT = "sent", _("送信済み")
    FAILED = "failed", _("送信失敗")


class OutgoingMail(models.Model):
    """One message as it was handed to Django's mailer, kept until the worker has sent it or given up.

    The queue mailer (civic_portal.core.mail_backend) writes it inside the caller's transaction; the send task
    (civic_portal.core.mail_tasks) moves it pending → sending → sent, back to pending for a retry, or to failed.
    """

    status = models.CharField(_("状態"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    from_email = models.TextField(_("差出人"))
    to = ArrayField(models.TextField(), verbose_name=_("宛先"), default=list, blank=True)
    cc = ArrayField(models.TextField(), verbose_name=_("CC"), default=list, blank=True)
    bcc = ArrayField(models.TextField(), verbose_name=_("BCC"), default=list, blank=True)
    reply_to = ArrayField(models.TextField(), verbose_name=_("返信先"), default=list, blank=True)
    subject = models.TextField(_("件名"), blank=True)
    body = models.TextField(_("本文"), blank=True)
    # "html" for a message whose body itself is HTML (the message's content_subtype).
    content_subtype = models.CharField(_("本文の形式"), max_length=20, default="plain")
    # [{"mimetype": ..., "text" or "base64": ...}]: an HTML version of the body, for instance.
    alternatives = models.JSONField(_("別形式の本文"), default=list, blank=True)
    # [{"filename", "mimetype", "text" or "base64"}], or {"mime": base64} for a ready-made MIME part.
    attachments = models.JSONField(_("添付ファイル"), default=list, blank=True)
    headers = models.JSONField(_("ヘッダー"), default=dict, blank=True)
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("送信試行回数"), default=0)
    next_attempt_at = models.DateTimeField(_("次の送信試行"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("最後の送信試行"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    last_error = models.TextField(_("最後のエラー"), blank=True)

    class Meta:
        verbose_name = _("送信メール")
        verbose_name_plural = _("送信メール")
        ordering = ["-created_at", "-pk"]
        permissions = [("resend_outgoingmail", _("送信に失敗したメールを再送できる"))]
        indexes = [models.Index(fields=["status", "created_at"], name="core_mail_status_at")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MailStatus.values), name="core_mail_status_valid"),
            models.CheckConstraint(
                condition=Q(status=MailStatus.SENT, sent_at__isnull=False) | ~Q(status=MailStatus.SENT),
                name="core_mail_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to + self.cc + self.bcc)}"


class BackgroundTask(DBTaskResult):
    """A task the worker ran or will run (django_tasks_db's row), shown to staff read-only under Japanese labels."""

    class Meta:
        proxy = True
        verbose_name = _("バックグラウンド処理")
        verbose_name_plural = _("バックグラウンド処理")


class Area(models.Model):
    """A city district (地区) groups, volunteers and facilities are in; the list is kept by staff."""

    name = models.CharField(_("地区名"), max_length=50, unique=True)
    name_kana = models.CharField(_("ふりがな"), max_length=100, blank=True, validators=[validate_kana])
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("活動地区")
        verbose_name_plural = _("活動地区")
        ordering = ["sort_order", "name_kana"]

    def __str__(self):
        return self.name
