"""Outcome indicators, their interim targets, observations and target revisions, and frozen report editions."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import actor_field

from .plans import Department, Plan


class Direction(models.TextChoices):
    INCREASE = "increase", _("増加を目指す")
    DECREASE = "decrease", _("減少を目指す")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("毎年度")
    BIENNIAL = "biennial", _("隔年度")
    PLAN_PERIOD = "plan_period", _("計画期間中に数回")
    IRREGULAR = "irregular", _("不定期")


class IndicatorSource(models.TextChoices):
    SURVEY = "survey", _("市民意識調査")
    PORTAL = "portal", _("ポータルのデータ")
    STATISTIC = "statistic", _("その他の統計")


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("計画"))
    code = models.CharField(_("指標番号"), max_length=30)
    group_code = models.CharField(_("基本方針番号"), max_length=30, blank=True)
    group_title = models.CharField(_("基本方針"), max_length=200, blank=True)
    name = models.CharField(_("指標名"), max_length=200)
    unit = models.CharField(_("単位"), max_length=20, blank=True)
    qualifier = models.CharField(_("回答区分"), max_length=100, blank=True, help_text=_("例: 知っている"))
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    source = models.CharField(
        _("出典の種類"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.STATISTIC
    )
    source_note = models.CharField(_("出典"), max_length=200, blank=True)
    computed_key = models.CharField(
        _("自動集計キー"), max_length=50, blank=True, help_text=_("ポータルのデータから集計する指標のキー")
    )
    baseline_value = models.DecimalField(_("現状値"), max_digits=14, decimal_places=3, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("現状値の年度"), null=True, blank=True)
    target_value = models.DecimalField(_("目標値"), max_digits=14, decimal_places=3, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("目標年度"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("並び順"), default=0)
    # Metadata as open-sdg shows it beside the series.
    definition = models.TextField(_("定義"), blank=True)
    method = models.TextField(_("算出方法"), blank=True, help_text=_("例: 回答者のうち「知っている」と答えた人の割合"))
    frequency = models.CharField(_("把握の頻度"), max_length=20, choices=Frequency.choices, default=Frequency.YEARLY)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("担当課"),
    )

    class Meta:
        verbose_name = _("成果指標")
        verbose_name_plural = _("成果指標")
        ordering = ["plan", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicators_indicator_plan_code_unique"),
            models.CheckConstraint(condition=Q(direction__in=Direction.values), name="indicators_indicator_dir_valid"),
            models.CheckConstraint(
                condition=Q(source__in=IndicatorSource.values), name="indicators_indicator_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(baseline_year__lte=F("target_year")),
                name="indicators_indicator_years_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(source="portal") | ~Q(computed_key=""), name="indicators_indicator_portal_has_key"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="indicators_indicator_frequency_valid"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}" + (f"（{self.qualifier}）" if self.qualifier else "")

    @property
    def is_survey(self) -> bool:
        return self.source == IndicatorSource.SURVEY


class InterimTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="interim_targets", verbose_name=_("成果指標")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("中間目標値"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("中間目標")
        verbose_name_plural = _("中間目標")
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="indicators_interim_unique"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.fiscal_year}: {self.value}"


class Observation(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name=_("成果指標")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("値"), max_digits=14, decimal_places=3)
    is_final = models.BooleanField(_("確定値"), default=False, help_text=_("オフのときは速報値"))
    source_note = models.CharField(_("出典・備考"), max_length=300, blank=True)
    sample_size = models.PositiveIntegerField(_("回答数"), null=True, blank=True)
    margin_of_error = models.DecimalField(_("誤差の範囲（±）"), max_digits=8, decimal_places=3, null=True, blank=True)
    recorded_at = models.DateTimeField(_("記録日時"), auto_now=True)

    class Meta:
        verbose_name = _("観測値")
        verbose_name_plural = _("観測値")
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="indicators_obs_indicator_year_unique"),
            models.CheckConstraint(
                condition=Q(margin_of_error__isnull=True) | Q(margin_of_error__gte=0),
                name="indicators_obs_moe_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.fiscal_year}: {self.value}"


class TargetRevision(models.Model):
    """One change of an indicator's target, written by the service that changed it."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="target_revisions", verbose_name=_("成果指標")
    )
    old_value = models.DecimalField(_("変更前の目標値"), max_digits=14, decimal_places=3, null=True, blank=True)
    old_year = models.PositiveSmallIntegerField(_("変更前の目標年度"), null=True, blank=True)
    new_value = models.DecimalField(_("変更後の目標値"), max_digits=14, decimal_places=3, null=True, blank=True)
    new_year = models.PositiveSmallIntegerField(_("変更後の目標年度"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    changed_by = actor_field(_("変更者"), blank=True, related_name=None)
    changed_at = models.DateTimeField(_("変更日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("目標値の変更履歴")
        verbose_name_plural = _("目標値の変更履歴")
        ordering = ["indicator", "changed_at", "id"]

    def __str__(self):
        return f"{self.indicator.code}: {self.old_value} → {self.new_value}"


class ReportEdition(models.Model):
    """A published annual report (年次報告): a frozen JSON snapshot later edits cannot change."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_editions", verbose_name=_("計画"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    edition = models.PositiveSmallIntegerField(_("版"))
    snapshot = models.JSONField(_("内容"))
    published_at = models.DateTimeField(_("公開日時"), auto_now_add=True)
    published_by = actor_field(_("公開者"), blank=True, related_name=None)

    class Meta:
        verbose_name = _("年次報告（公開版）")
        verbose_name_plural = _("年次報告（公開版）")
        ordering = ["plan", "fiscal_year", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fiscal_year", "edition"], name="indicators_edition_unique"),
            models.CheckConstraint(condition=Q(edition__gte=1), name="indicators_edition_positive"),
        ]

    def __str__(self):
        return f"{self.plan} {self.fiscal_year} 第{self.edition}版"
