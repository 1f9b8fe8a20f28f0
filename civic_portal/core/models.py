"""Abstract building blocks shared by the apps' models."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from pghistory import core as pghistory_core
from pghistory.models import Events


class StatusChangeBase(models.Model):
    """A workflow step's who / when / note; each app adds the object it logs and its from/to status fields."""

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

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status}"


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
