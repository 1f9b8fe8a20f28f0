"""Abstract building blocks shared by the apps' models."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
