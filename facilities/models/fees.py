"""Fee schedule per space, time band and day type, and exemption rules kept as data."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited


class DayType(models.TextChoices):
    WEEKDAY = "weekday", _("平日")
    HOLIDAY = "holiday", _("土日祝日")


@audited()
class FeeRate(models.Model):
    """The hourly fee of a space within a time band on a day type (a booking is charged per minute of overlap)."""

    space = models.ForeignKey("Space", on_delete=models.CASCADE, related_name="fee_rates", verbose_name=_("部屋"))
    day_type = models.CharField(_("日の区分"), max_length=10, choices=DayType.choices)
    label = models.CharField(_("時間帯"), max_length=20, help_text=_("例: 午前、午後、夜間"))
    starts = models.TimeField(_("開始"))
    ends = models.TimeField(_("終了"))
    hourly_fee = models.PositiveIntegerField(_("1時間あたりの使用料（円）"))

    class Meta:
        verbose_name = _("使用料")
        verbose_name_plural = _("使用料")
        ordering = ["space", "day_type", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__lt=F("ends")),
                name="facilities_feerate_order",
                violation_error_message=_("終了時刻は開始時刻より後にしてください。"),
            ),
            models.CheckConstraint(condition=Q(day_type__in=DayType.values), name="facilities_feerate_daytype"),
            models.UniqueConstraint(fields=["space", "day_type", "starts"], name="facilities_feerate_unique"),
        ]

    def __str__(self):
        return f"{self.space} {self.get_day_type_display()} {self.label}"


class ExemptionQualifier(models.TextChoices):
    REGISTERED_GROUP = "registered_group", _("登録市民活動団体の利用")
    PUBLIC_INTEREST = "public_interest", _("公益性のある催し（無料・一般公開）")
    CITY_USE = "city_use", _("市の主催・共催事業")
    DISABILITY = "disability", _("障害者団体の活動")


class ExemptionApplication(models.TextChoices):
    AUTOMATIC = "automatic", _("自動適用")
    ON_APPLICATION = "on_application", _("申請により職員が確認")


@audited()
class ExemptionRule(models.Model):
    """A published fee reduction (減免基準): who qualifies, by how much, on what legal basis, and how it is granted."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    qualifier = models.CharField(_("対象"), max_length=30, choices=ExemptionQualifier.choices)
    percentage = models.PositiveSmallIntegerField(_("減免率（%）"), validators=[MaxValueValidator(100)])
    legal_basis = models.CharField(
        _("根拠規定"), max_length=200, help_text=_("例: 市民活動センター条例施行規則第8条第1号")
    )
    application = models.CharField(_("適用方法"), max_length=20, choices=ExemptionApplication.choices)
    evidence = models.CharField(_("必要な書類"), max_length=200, blank=True)
    applies_to_equipment = models.BooleanField(_("備品使用料にも適用"), default=True)
    is_active = models.BooleanField(_("有効"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("減免基準")
        verbose_name_plural = _("減免基準")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percentage__lte=100), name="facilities_exemption_percentage"),
            models.CheckConstraint(
                condition=Q(qualifier__in=ExemptionQualifier.values), name="facilities_exemption_qualifier"
            ),
            models.CheckConstraint(
                condition=Q(application__in=ExemptionApplication.values), name="facilities_exemption_application"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.percentage}%）"

    @property
    def is_automatic(self) -> bool:
        return self.application == ExemptionApplication.AUTOMATIC
