"""Collaboration projects (協働事業) between city departments and civic groups, and the plan items they serve."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .plans import ActionItem, Department


class CollaborationKind(models.TextChoices):
    COMMISSION = "commission", _("委託")
    SUBSIDY = "subsidy", _("補助")
    CO_HOSTING = "co_hosting", _("共催")
    SPONSORSHIP = "sponsorship", _("後援")
    COMMITTEE = "committee", _("実行委員会")
    AGREEMENT = "agreement", _("協定")
    INFORMATION = "information", _("情報交換")


class CollaborationProject(models.Model):
    title = models.CharField(_("事業名"), max_length=200)
    kind = models.CharField(_("協働の形態"), max_length=20, choices=CollaborationKind.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="collaborations", verbose_name=_("担当課")
    )
    partner_groups = models.ManyToManyField(
        "groups.Group", related_name="collaborations", verbose_name=_("協働した登録団体"), blank=True
    )
    other_partners = models.CharField(
        _("その他の協働先"), max_length=300, blank=True, help_text=_("登録団体以外の団体・事業者など（読点区切り）")
    )
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"), null=True, blank=True, help_text=_("継続中は空欄"))
    budget = models.PositiveBigIntegerField(_("事業費（円）"), null=True, blank=True)
    items = models.ManyToManyField(
        ActionItem, related_name="collaborations", verbose_name=_("関連する推進項目"), blank=True
    )
    outcome = models.TextField(_("成果・課題"), blank=True)
    is_public = models.BooleanField(_("公開する"), default=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("協働事業")
        verbose_name_plural = _("協働事業")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["-starts_on", "-id"], name="indicators_collab_newest")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CollaborationKind.values), name="indicators_collab_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="indicators_collab_period"
            ),
        ]

    def __str__(self):
        return self.title
