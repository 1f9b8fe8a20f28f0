"""Applications, their budget lines, attachments and activity reports, and the application workflow table."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited
from civic_portal.core.models import StatusChangeBase, WorkflowModel, actor_field, status_change_meta, status_fields
from civic_portal.core.storage import RandomName, private_storage

from ..querysets import ApplicationQuerySet
from .programmes import Round


class Status(models.TextChoices):
    DRAFT = "draft", _("下書き")
    SUBMITTED = "submitted", _("申請済")
    RETURNED = "returned", _("差し戻し")
    RESUBMITTED = "resubmitted", _("再申請済")
    ELIGIBILITY_CHECK = "eligibility_check", _("書類審査中")
    UNDER_REVIEW = "under_review", _("審査中")
    AWARDED = "awarded", _("採択")
    DECLINED = "declined", _("不採択")
    RUNNER_UP = "runner_up", _("次点")
    ACCEPTED = "accepted", _("交付決定")
    REPORT_DUE = "report_due", _("実績報告待ち")
    REPORTED = "reported", _("実績報告済")
    CLOSED = "closed", _("完了（額の確定）")
    WITHDRAWN = "withdrawn", _("取下げ")


S = Status
# The application workflow in one table: from-status -> statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.RETURNED, S.ELIGIBILITY_CHECK, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.RESUBMITTED, S.WITHDRAWN}),
    S.RESUBMITTED: frozenset({S.RETURNED, S.ELIGIBILITY_CHECK, S.WITHDRAWN}),
    S.ELIGIBILITY_CHECK: frozenset({S.UNDER_REVIEW, S.RETURNED, S.DECLINED, S.WITHDRAWN}),
    S.UNDER_REVIEW: frozenset({S.AWARDED, S.DECLINED, S.RUNNER_UP, S.WITHDRAWN}),
    S.AWARDED: frozenset({S.ACCEPTED, S.WITHDRAWN}),
    S.RUNNER_UP: frozenset({S.ACCEPTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.REPORT_DUE, S.WITHDRAWN}),
    S.REPORT_DUE: frozenset({S.REPORTED}),
    S.REPORTED: frozenset({S.CLOSED, S.REPORT_DUE}),
    S.DECLINED: frozenset(),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
# The applicant may edit the plan and budget only in these statuses.
EDITABLE_STATUSES = frozenset({S.DRAFT, S.RETURNED})
# Statuses the review committee works on (reviewers see and score applications in them).
REVIEW_STATUSES = frozenset({S.UNDER_REVIEW})
DECIDED_STATUSES = frozenset({S.AWARDED, S.DECLINED, S.RUNNER_UP})
# Statuses of an award that counts (published results, open data, indicators).
AWARD_STATUSES = frozenset({S.AWARDED, S.ACCEPTED, S.REPORT_DUE, S.REPORTED, S.CLOSED})
# Statuses of an application that was actually lodged (not a draft, not withdrawn before submission).
LODGED_EXCLUDED = frozenset({S.DRAFT})
# Statuses the applicant is told about by email.
NOTIFIED_STATUSES = frozenset(
    {S.SUBMITTED, S.RESUBMITTED, S.RETURNED, S.UNDER_REVIEW, S.DECLINED, S.REPORT_DUE, S.CLOSED, S.WITHDRAWN}
)


class Outcome(models.TextChoices):
    AWARD = "awarded", _("採択")
    RUNNER_UP = "runner_up", _("次点")
    DECLINE = "declined", _("不採択")


@audited()
class Application(WorkflowModel):
    """A registered group's application to a round, with its plan, requested amount, decision and final amount."""

    TRANSITIONS = TRANSITIONS

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications", verbose_name=_("募集回"))
    group = models.ForeignKey(
        "groups.Group", on_delete=models.PROTECT, related_name="grant_applications", verbose_name=_("団体")
    )
    title = models.CharField(_("事業名"), max_length=200)
    purpose = models.TextField(_("事業の目的"), blank=True)
    content = models.TextField(_("事業の内容"), blank=True)
    schedule = models.TextField(_("実施スケジュール"), blank=True)
    expected_results = models.TextField(_("期待される成果"), blank=True)
    beneficiaries = models.CharField(_("事業の対象（受益者）"), max_length=300, blank=True)
    requested_amount = models.BigIntegerField(_("申請額（円）"), default=0)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("申請日時"), null=True, blank=True)
    # Review and decision
    score = models.DecimalField(_("評価点（100点換算）"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("順位"), null=True, blank=True)
    proposed_outcome = models.CharField(_("採否案"), max_length=20, choices=Outcome.choices, blank=True)
    proposed_amount = models.BigIntegerField(_("交付額案（円）"), null=True, blank=True)
    awarded_amount = models.BigIntegerField(_("交付決定額（円）"), null=True, blank=True)
    decided_at = models.DateTimeField(_("決定日時"), null=True, blank=True)
    decision_letter = models.TextField(_("決定通知"), blank=True)
    # After the award
    advance_paid = models.BigIntegerField(_("概算払額（円）"), default=0)
    final_amount = models.BigIntegerField(_("確定額（円）"), null=True, blank=True)
    refund_due = models.BigIntegerField(_("返還額（円）"), null=True, blank=True)
    created_by = actor_field(_("作成者"))
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("助成申請")
        verbose_name_plural = _("助成申請")
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="grants_application_status_valid"),
            models.CheckConstraint(
                condition=Q(proposed_outcome="") | Q(proposed_outcome__in=Outcome.values),
                name="grants_application_outcome_valid",
            ),
            models.CheckConstraint(condition=Q(requested_amount__gte=0), name="grants_application_requested_nonneg"),
            models.CheckConstraint(condition=Q(advance_paid__gte=0), name="grants_application_advance_nonneg"),
            models.CheckConstraint(
                condition=Q(awarded_amount__isnull=True)
                | Q(awarded_amount__gte=0, awarded_amount__lte=F("requested_amount")),
                name="grants_application_awarded_range",
            ),
            models.CheckConstraint(
                condition=Q(proposed_amount__isnull=True) | Q(proposed_amount__gte=0),
                name="grants_application_proposed_nonneg",
            ),
            models.CheckConstraint(
                condition=Q(final_amount__isnull=True)
                | Q(final_amount__gte=0, awarded_amount__isnull=False, final_amount__lte=F("awarded_amount")),
                name="grants_application_final_le_award",
            ),
            models.CheckConstraint(
                condition=Q(refund_due__isnull=True) | Q(refund_due__gte=0), name="grants_application_refund_nonneg"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.DRAFT, Status.WITHDRAWN]) | Q(submitted_at__isnull=False),
                name="grants_application_lodged_has_date",
            ),
            # One live application per group and round; a withdrawn one does not block a new one.
            models.UniqueConstraint(
                fields=["round", "group"],
                condition=~Q(status=Status.WITHDRAWN),
                name="grants_application_one_per_group",
            ),
        ]
        indexes = [
            models.Index(fields=["round", "status"], name="grants_application_round_st"),
            models.Index(fields=["round", "rank", "id"], name="grants_application_round_rank"),
            models.Index(fields=["status", "-created_at"], name="grants_application_status"),
            models.Index(fields=["group", "-created_at"], name="grants_application_group"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_returned(self) -> bool:
        """The center returned the application for changes (the last status change's note says what)."""
        return self.status == Status.RETURNED

    @property
    def is_under_review(self) -> bool:
        """The review committee scores the application now."""
        return self.status in REVIEW_STATUSES

    @property
    def is_report_due(self) -> bool:
        """The applicant writes and submits the activity report (photos and receipts may be attached)."""
        return self.status == Status.REPORT_DUE

    @property
    def is_closed(self) -> bool:
        """The final amount is fixed (額の確定)."""
        return self.status == Status.CLOSED


class ApplicationStatusChange(StatusChangeBase):
    """One step of the application workflow: who moved it from which status to which, when, and why."""

    LOGGED = "application"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("申請")
    )
    from_status, to_status = status_fields(Status, max_length=20)
    Meta = status_change_meta("application", Status, prefix="grants_statuschange", name=_("申請の状態変更履歴"))


class LineKind(models.TextChoices):
    INCOME = "income", _("収入")
    EXPENSE = "expense", _("支出")


class LineStage(models.TextChoices):
    PLANNED = "planned", _("計画（申請時）")
    ACTUAL = "actual", _("実績")


class BudgetCategory(models.TextChoices):
    OWN_FUNDS = "own_funds", _("自己資金")
    FEES = "fees", _("会費・参加費")
    DONATIONS = "donations", _("寄付金・協賛金")
    OTHER_GRANTS = "other_grants", _("他の助成金")
    HONORARIA = "honoraria", _("謝金")
    TRAVEL = "travel", _("旅費")
    SUPPLIES = "supplies", _("消耗品費")
    PRINTING = "printing", _("印刷製本費")
    POSTAGE = "postage", _("通信運搬費")
    RENTAL = "rental", _("使用料及び賃借料")
    OUTSOURCING = "outsourcing", _("委託料")
    INSURANCE = "insurance", _("保険料")
    FOOD = "food", _("飲食費（対象外）")
    OTHER = "other", _("その他")


INCOME_CATEGORIES = frozenset({"own_funds", "fees", "donations", "other_grants", "other"})


class BudgetLine(models.Model):
    """A line of an application's income and expense budget (planned) or of its activity report (actual)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("申請")
    )
    stage = models.CharField(_("区分"), max_length=10, choices=LineStage.choices, default=LineStage.PLANNED)
    kind = models.CharField(_("収支"), max_length=10, choices=LineKind.choices)
    category = models.CharField(_("費目"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("内訳"), max_length=200, blank=True)
    amount = models.BigIntegerField(_("金額（円）"))
    eligible = models.BooleanField(_("補助対象経費"), default=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("収支予算の明細")
        verbose_name_plural = _("収支予算の明細")
        ordering = ["application", "stage", "kind", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="grants_budgetline_amount_nonneg"),
            models.CheckConstraint(condition=Q(kind__in=LineKind.values), name="grants_budgetline_kind_valid"),
            models.CheckConstraint(condition=Q(stage__in=LineStage.values), name="grants_budgetline_stage_valid"),
            models.CheckConstraint(
                condition=Q(category__in=BudgetCategory.values), name="grants_budgetline_category_valid"
            ),
            # Only an expense can be an eligible cost.
            models.CheckConstraint(
                condition=Q(kind=LineKind.EXPENSE) | Q(eligible=False), name="grants_budgetline_eligible_expense"
            ),
        ]
        indexes = [models.Index(fields=["application", "stage", "kind"], name="grants_budgetline_app_stage")]

    def __str__(self):
        return f"{self.get_category_display()} {self.amount:,}"


class AttachmentPurpose(models.TextChoices):
    APPLICATION = "application", _("申請書類")
    REPORT_PHOTO = "report_photo", _("活動写真")
    RECEIPT = "receipt", _("領収書")


class Attachment(models.Model):
    """A PDF or image attached to an application or its report; checked by content on upload, never public."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("申請")
    )
    purpose = models.CharField(
        _("種類"), max_length=20, choices=AttachmentPurpose.choices, default=AttachmentPurpose.APPLICATION
    )
    title = models.CharField(_("書類名"), max_length=200)
    file = models.FileField(
        _("ファイル"), storage=private_storage, upload_to=RandomName("grants/attachments"), max_length=200
    )
    original_name = models.CharField(_("元のファイル名"), max_length=200, blank=True)
    required_document = models.ForeignKey(
        "grants.RequiredDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("提出書類"),
    )
    uploaded_by = actor_field(_("登録者"))
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("添付書類")
        verbose_name_plural = _("添付書類")
        ordering = ["application", "purpose", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=AttachmentPurpose.values), name="grants_attachment_purpose_valid"
            ),
            # One file per listed document and application (a new one replaces the old).
            models.UniqueConstraint(
                fields=["application", "required_document"],
                condition=Q(required_document__isnull=False),
                name="grants_attachment_one_per_document",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        """The name the uploader gave the file (the stored name is random)."""
        return self.original_name or (self.file.name or "").rsplit("/", 1)[-1]


class ActivityReport(models.Model):
    """The activity report (実績報告): outcomes; actual lines and receipts hang off the application."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="report", verbose_name=_("申請")
    )
    outcomes = models.TextField(_("事業の成果"))
    participants = models.PositiveIntegerField(_("参加者数"), null=True, blank=True)
    challenges = models.TextField(_("課題と今後の展開"), blank=True)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("実績報告")
        verbose_name_plural = _("実績報告")

    def __str__(self):
        return str(self.application)
