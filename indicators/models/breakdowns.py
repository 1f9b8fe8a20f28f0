"""An indicator's values by district, age band or sex beside its yearly total (open-sdg's disaggregation)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .outcomes import Indicator


class Dimension(models.TextChoices):
    DISTRICT = "district", _("地区")
    AGE = "age", _("年代")
    SEX = "sex", _("性別")


class Breakdown(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="breakdowns", verbose_name=_("成果指標")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    dimension = models.CharField(_("内訳の軸"), max_length=20, choices=Dimension.choices)
    category = models.CharField(_("区分"), max_length=50, help_text=_("例: 北部地区、20歳代、女性"))
    value = models.DecimalField(_("値"), max_digits=14, decimal_places=3)
    is_final = models.BooleanField(_("確定値"), default=False, help_text=_("オフのときは速報値（公開されません）"))
    sample_size = models.PositiveIntegerField(_("回答数"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("内訳")
        verbose_name_plural = _("内訳")
        ordering = ["indicator", "dimension", "sort_order", "category", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year", "dimension", "category"], name="indicators_breakdown_unique"
            ),
            models.CheckConstraint(condition=Q(dimension__in=Dimension.values), name="indicators_breakdown_dim_valid"),
            models.CheckConstraint(condition=~Q(category=""), name="indicators_breakdown_category_named"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.fiscal_year} {self.get_dimension_display()} {self.category}"
