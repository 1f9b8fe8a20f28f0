"""Lotteries for popular slots (抽選予約): a window staff open, groups' ranked choices, and one published draw."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import StatusChangeBase, WorkflowModel, status_change_meta, status_fields
from groups.models import Group

from .booking import Booking
from .catalogue import Facility, Space


class LotteryStatus(models.TextChoices):
    OPEN = "open", _("受付中")
    DRAWN = "drawn", _("抽選済")


LOTTERY_TRANSITIONS: dict[str, frozenset[str]] = {
    LotteryStatus.OPEN: frozenset({LotteryStatus.DRAWN}),
    LotteryStatus.DRAWN: frozenset(),
}


class LotteryWindow(WorkflowModel):
    """One lottery: the rooms and the month it covers, its application period, and its draw (seed and order)."""

    TRANSITIONS = LOTTERY_TRANSITIONS

    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="lottery_windows", verbose_name=_("施設")
    )
    spaces = models.ManyToManyField(Space, related_name="lottery_windows", verbose_name=_("対象の部屋"))
    name = models.CharField(_("名称"), max_length=200)
    month = models.DateField(_("対象の月"), help_text=_("その月の1日（例: 2027-02-01）"))
    applies_from = models.DateField(_("申込開始日"))
    applies_until = models.DateField(_("申込締切日"))
    quota_per_group = models.PositiveSmallIntegerField(_("1団体あたりの当選上限"), default=1)
    max_choices = models.PositiveSmallIntegerField(_("希望の数（第何希望まで）"), default=3)
    confirm_days = models.PositiveSmallIntegerField(
        _("当選の確定期限（抽選から何日以内）"), default=7, help_text=_("期限までに確定しない当選は取り消されます")
    )
    status = models.CharField(_("状態"), max_length=10, choices=LotteryStatus.choices, default=LotteryStatus.OPEN)
    seed = models.BigIntegerField(_("乱数のシード"), null=True, blank=True)
    draw_order = models.JSONField(_("抽選順（申込番号）"), default=list, blank=True)
    drawn_at = models.DateTimeField(_("抽選日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("抽選予約")
        verbose_name_plural = _("抽選予約")
        ordering = ["-month", "facility", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applies_from__lte=F("applies_until")),
                name="facilities_lottery_period_order",
                violation_error_message=_("申込締切日は申込開始日以降にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(applies_until__lt=F("month")),
                name="facilities_lottery_before_month",
                violation_error_message=_("申込締切日は対象の月より前にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="facilities_lottery_month_first_day",
                violation_error_message=_("対象の月はその月の1日で指定してください。"),
            ),
            models.CheckConstraint(
                condition=Q(quota_per_group__gte=1) & Q(max_choices__gte=1) & Q(max_choices__lte=10),
                name="facilities_lottery_limits",
                violation_error_message=_("当選上限は1以上、希望の数は1〜10にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=LotteryStatus.values), name="facilities_lottery_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=LotteryStatus.DRAWN) | (Q(seed__isnull=False) & Q(drawn_at__isnull=False)),
                name="facilities_lottery_drawn_has_seed",
            ),
        ]
        indexes = [models.Index(fields=["status", "applies_until"], name="fac_lottery_status_until")]

    def __str__(self):
        return self.name

    @property
    def is_accepting(self) -> bool:
        """Applications are taken from the first to the last day of the period (Japan time)."""
        return self.status == LotteryStatus.OPEN and self.applies_from <= timezone.localdate() <= self.applies_until

    @property
    def is_drawn(self) -> bool:
        return self.status == LotteryStatus.DRAWN

    def transition_problem(self, to: str) -> str | None:
        """The draw runs only once the application period has ended."""
        if to == LotteryStatus.DRAWN and timezone.localdate() <= self.applies_until:
            return gettext("申込期間（%(day)sまで）が終わるまで抽選できません。") % {
                "day": f"{self.applies_until:%Y-%m-%d}"
            }
        return None


class LotteryWindowStatusChange(StatusChangeBase):
    """One step of a lottery (opened, drawn with its seed and order): who, when, note."""

    LOGGED = "window"

    window = models.ForeignKey(
        LotteryWindow, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("抽選予約")
    )
    from_status, to_status = status_fields(LotteryStatus, max_length=10)
    Meta = status_change_meta("window", LotteryStatus, prefix="fac_lwsc", name=_("抽選予約の状態変更履歴"))


class LotteryApplication(models.Model):
    """A registered group's application to one lottery (one per group), made by one of its managers."""

    window = models.ForeignKey(
        LotteryWindow, on_delete=models.CASCADE, related_name="applications", verbose_name=_("抽選予約")
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="lottery_applications", verbose_name=_("団体")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申込者")
    )
    purpose = models.CharField(_("利用目的"), max_length=200)
    expected_attendees = models.PositiveIntegerField(_("予定人数"))
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("抽選の申込")
        verbose_name_plural = _("抽選の申込")
        ordering = ["window", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "group"],
                name="facilities_lottery_one_application_per_group",
                violation_error_message=_("この団体はこの抽選にすでに申し込んでいます。"),
            ),
        ]

    def __str__(self):
        return f"{self.window} #{self.pk} {self.group}"


class ChoiceOutcome(models.TextChoices):
    PENDING = "pending", _("抽選待ち")
    WON = "won", _("当選")
    LOST = "lost", _("落選")


class LotteryChoice(models.Model):
    """One ranked choice of an application: a room and a time; a won choice points to its provisional booking."""

    application = models.ForeignKey(
        LotteryApplication, on_delete=models.CASCADE, related_name="choices", verbose_name=_("申込")
    )
    rank = models.PositiveSmallIntegerField(_("希望順位"))
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+", verbose_name=_("部屋"))
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    outcome = models.CharField(_("結果"), max_length=10, choices=ChoiceOutcome.choices, default=ChoiceOutcome.PENDING)
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="lottery_choice", verbose_name=_("予約")
    )

    class Meta:
        verbose_name = _("抽選の希望")
        verbose_name_plural = _("抽選の希望")
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "rank"],
                name="facilities_lottery_choice_rank_unique",
                violation_error_message=_("同じ希望順位が二つあります。"),
            ),
            models.UniqueConstraint(
                fields=["application", "space", "starts_at"],
                name="facilities_lottery_choice_slot_unique",
                violation_error_message=_("同じ枠を二度選んでいます。"),
            ),
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="facilities_lottery_choice_order"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="facilities_lottery_choice_rank_positive"),
            models.CheckConstraint(
                condition=Q(outcome__in=ChoiceOutcome.values), name="facilities_lottery_choice_outcome_valid"
            ),
        ]

    def __str__(self):
        return f"{self.application_id} #{self.rank}"
