"""Abstract building blocks shared by the apps' models."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pghistory import core as pghistory_core
from pghistory.models import Events


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
