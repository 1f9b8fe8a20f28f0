"""Programmes, their yearly rounds (calls), review criteria, call documents and other funders' grants."""

from fractions import Fraction

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited

from ..querysets import OtherFunderGrantQuerySet, RoundQuerySet


class Category(models.TextChoices):
    STARTUP = "startup", _("スタートアップ支援")
    ACTIVITY = "activity", _("活動支援")
    TRAINING = "training", _("リーダー・マネジメント研修")
    COLLABORATIVE = "collaborative", _("協働事業")


class ScoreSeal(models.TextChoices):
    """How long review scores stay sealed from the other reviewers and the staff's ranking."""

    OWN_SUBMISSION = "own_submission", _("各委員が自分の評価を提出するまで")
    REVIEW_CLOSED = "review_closed", _("審査を締め切るまで")


class Programme(models.Model):
    """A grant scheme the city runs every year (e.g. 市民活動促進補助金)."""

    name = models.CharField(_("制度名"), max_length=200, unique=True)
    description = models.TextField(_("制度の概要"), blank=True)
    funder_name = models.CharField(_("助成元"), max_length=200, default="市")
    is_active = models.BooleanField(_("実施中"), default=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("助成制度")
        verbose_name_plural = _("助成制度")
        ordering = ["name"]

    def __str__(self):
        return self.name


@audited()
class Round(models.Model):
    """One yearly call of a programme: budget, limits, call period, eligibility and review set-up."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("制度"))
    title = models.CharField(_("募集名"), max_length=200)
    category = models.CharField(_("区分"), max_length=20, choices=Category.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    budget = models.BigIntegerField(_("予算額（円）"))
    max_per_award = models.BigIntegerField(_("1件あたり上限額（円）"))
    rate_numerator = models.PositiveSmallIntegerField(_("補助率（分子）"), default=2)
    rate_denominator = models.PositiveSmallIntegerField(_("補助率（分母）"), default=3)
    opens_at = models.DateTimeField(_("募集開始日時"))
    closes_at = models.DateTimeField(_("募集締切日時"))
    registered_only = models.BooleanField(_("登録団体に限る"), default=True)
    min_years_active = models.PositiveSmallIntegerField(_("活動実績（年以上）"), default=0)
    fields = models.ManyToManyField(
        "groups.ActivityField",
        verbose_name=_("対象の活動分野"),
        blank=True,
        related_name="grant_rounds",
        help_text=_("空欄ならすべての分野が対象"),
    )
    guidelines = models.TextField(_("募集要項"))
    presentation_held = models.BooleanField(_("公開プレゼンテーションを行う"), default=False)
    presentation_at = models.DateTimeField(_("公開プレゼンテーション日時"), null=True, blank=True)
    presentation_place = models.CharField(_("公開プレゼンテーション会場"), max_length=200, blank=True)
    allocation_rule = models.TextField(
        _("採択の決め方"),
        default=_(
            "審査委員（利害関係により除斥された委員を除く）の評価点を審査基準の重みで加重平均し、順位の高い順に"
            "予算の範囲内で採択します。予算の残額を超える申請は、残額を次点として提示します。同点の場合は申請額の"
            "少ない団体を上位とします。"
        ),
    )
    score_seal = models.CharField(
        _("評価点の非公開"),
        max_length=20,
        choices=ScoreSeal.choices,
        default=ScoreSeal.OWN_SUBMISSION,
        help_text=_("他の委員の評価と順位を、いつまで伏せるか"),
    )
    review_closed_at = models.DateTimeField(_("審査締切日時"), null=True, blank=True)
    results_published = models.BooleanField(_("結果を公表する"), default=False)
    results_published_at = models.DateTimeField(_("結果公表日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("募集回")
        verbose_name_plural = _("募集回")
        ordering = ["-opens_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=Category.values), name="grants_round_category_valid"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="grants_round_budget_nonnegative"),
            models.CheckConstraint(condition=Q(score_seal__in=ScoreSeal.values), name="grants_round_score_seal_valid"),
            models.CheckConstraint(condition=Q(max_per_award__gt=0), name="grants_round_max_positive"),
            models.CheckConstraint(
                condition=Q(rate_numerator__gt=0, rate_numerator__lte=F("rate_denominator")),
                name="grants_round_rate_fraction",
            ),
            models.CheckConstraint(condition=Q(opens_at__lt=F("closes_at")), name="grants_round_opens_before_closes"),
            models.CheckConstraint(
                condition=Q(presentation_held=False) | Q(presentation_at__isnull=False),
                name="grants_round_presentation_has_date",
            ),
            models.CheckConstraint(
                condition=Q(results_published=False) | Q(results_published_at__isnull=False),
                name="grants_round_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["opens_at", "closes_at"], name="grants_round_period"),
            models.Index(fields=["closes_at", "id"], name="grants_round_closes"),
            models.Index(fields=["fiscal_year", "category"], name="grants_round_fy_category"),
            models.Index(fields=["results_published", "-fiscal_year"], name="grants_round_published"),
        ]

    def __str__(self):
        return f"{self.programme} {self.title}"

    @property
    def rate(self) -> Fraction:
        return Fraction(self.rate_numerator, self.rate_denominator)

    @property
    def rate_label(self) -> str:
        return f"{self.rate_numerator}/{self.rate_denominator}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def phase(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"


class RoundDocument(models.Model):
    """A downloadable document of a call (要項, 様式)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="documents", verbose_name=_("募集回"))
    title = models.CharField(_("資料名"), max_length=200)
    file = models.FileField(_("ファイル"), upload_to="grants/documents/%Y/")
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("募集資料")
        verbose_name_plural = _("募集資料")
        ordering = ["round", "order", "id"]

    def __str__(self):
        return self.title


class ReviewCriterion(models.Model):
    """One review criterion of a round (公益性, 市民性, ...) with its weight and maximum points."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("募集回"))
    name = models.CharField(_("審査項目"), max_length=100)
    description = models.TextField(_("着眼点"), blank=True)
    weight = models.DecimalField(_("重み"), max_digits=5, decimal_places=2, default=1)
    max_points = models.PositiveSmallIntegerField(_("満点"), default=5)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("審査基準")
        verbose_name_plural = _("審査基準")
        ordering = ["round", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="grants_criterion_round_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="grants_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="grants_criterion_max_positive"),
        ]

    def __str__(self):
        return self.name


class FunderKind(models.TextChoices):
    NATIONAL = "national", _("国")
    PREFECTURE = "prefecture", _("県")
    FOUNDATION = "foundation", _("財団")
    COMPANY = "company", _("企業")


class OtherFunderGrant(models.Model):
    """A grant of another funder (national government, prefecture, foundation, company) staff list for groups."""

    funder_kind = models.CharField(_("助成元の種類"), max_length=20, choices=FunderKind.choices)
    funder_name = models.CharField(_("助成元"), max_length=200)
    title = models.CharField(_("助成名"), max_length=200)
    description = models.TextField(_("概要"), blank=True)
    amount = models.BigIntegerField(_("助成額の上限（円）"), null=True, blank=True)
    deadline = models.DateField(_("締切日"), null=True, blank=True)
    fields = models.ManyToManyField(
        "groups.ActivityField", verbose_name=_("活動分野"), blank=True, related_name="other_funder_grants"
    )
    url = models.URLField(_("詳細のリンク"))
    is_published = models.BooleanField(_("公開"), default=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = OtherFunderGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("他団体の助成情報")
        verbose_name_plural = _("他団体の助成情報")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(funder_kind__in=FunderKind.values), name="grants_otherfunder_kind"),
            models.CheckConstraint(condition=Q(amount__gte=0) | Q(amount__isnull=True), name="grants_otherfunder_amt"),
        ]
        indexes = [
            models.Index(fields=["is_published", "deadline"], name="grants_otherfunder_deadline"),
            models.Index(fields=["funder_kind", "deadline"], name="grants_otherfunder_kind_dl"),
        ]

    def __str__(self):
        return f"{self.funder_name} {self.title}"
