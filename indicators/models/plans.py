"""Plans: a tree of policies, measures and action items, departments, and yearly schedules and results."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import StatusChangeBase, WorkflowModel, status_change_meta, status_fields


class Plan(models.Model):
    code = models.SlugField(_("計画コード"), max_length=50, unique=True)
    title = models.CharField(_("計画名"), max_length=200)
    city = models.CharField(_("自治体"), max_length=100, blank=True)
    start_year = models.PositiveSmallIntegerField(_("計画期間（開始年度）"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("計画期間（終了年度）"), null=True, blank=True)
    # One name per depth, top first: ["推進方針", "推進施策", "推進項目"].
    level_names = ArrayField(models.CharField(max_length=50), verbose_name=_("階層名"), default=list, blank=True)

    class Meta:
        verbose_name = _("計画")
        verbose_name_plural = _("計画")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(start_year__lte=F("end_year")),
                name="indicators_plan_period_ordered",
            ),
        ]

    def __str__(self):
        return self.title or self.code

    @property
    def fiscal_years(self) -> list[int]:
        if self.start_year and self.end_year:
            return list(range(self.start_year, self.end_year + 1))
        return []


class PlanNode(models.Model):
    """A policy, measure or action item; action items are the leaves and carry an ActionItem."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("計画"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("上位")
    )
    code = models.CharField(_("番号"), max_length=50, help_text=_("計画書に印刷されたとおり（例: I-(2)-④）"))
    title = models.TextField(_("名称"))
    level = models.PositiveSmallIntegerField(_("階層"), default=0, help_text=_("0 が最上位"))
    sort_order = models.PositiveIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("計画の項目")
        verbose_name_plural = _("計画の項目")
        ordering = ["plan", "level", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicators_node_plan_code_unique"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="indicators_node_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["plan", "parent", "sort_order"], name="indicators_node_tree"),
            models.Index(fields=["plan", "level", "sort_order", "id"], name="indicators_node_admin"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Department(models.Model):
    name = models.CharField(_("担当課"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("並び順"), default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="DepartmentMembership",
        related_name="indicator_departments",
        verbose_name=_("所属職員"),
        blank=True,
    )

    class Meta:
        verbose_name = _("担当課")
        verbose_name_plural = _("担当課")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DepartmentMembership(models.Model):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, verbose_name=_("担当課"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("利用者"))

    class Meta:
        verbose_name = _("担当課の所属")
        verbose_name_plural = _("担当課の所属")
        constraints = [
            models.UniqueConstraint(fields=["department", "user"], name="indicators_deptmember_unique"),
        ]

    def __str__(self):
        return f"{self.department}: {self.user}"


class ItemKind(models.TextChoices):
    NEW = "new", _("新規")
    CONTINUING = "continuing", _("継続")


class TargetActor(models.TextChoices):
    CITIZENS = "citizens", _("市民")
    COMMUNITY = "community", _("地域コミュニティ")
    CIVIC_GROUPS = "civic_groups", _("市民活動団体")
    BUSINESSES = "businesses", _("事業者")
    SCHOOLS = "schools", _("教育機関")
    GOVERNMENT = "government", _("行政")


class ActionItem(models.Model):
    """The leaf of a plan (推進項目): what is done, by whom, for whom."""

    node = models.OneToOneField(PlanNode, on_delete=models.CASCADE, related_name="item", verbose_name=_("計画の項目"))
    kind = models.CharField(_("種別"), max_length=20, choices=ItemKind.choices, blank=True)
    departments = models.ManyToManyField(
        Department, related_name="items", verbose_name=_("担当課"), blank=True, through="ItemDepartment"
    )
    target_actors = ArrayField(
        models.CharField(max_length=20, choices=TargetActor.choices),
        verbose_name=_("対象主体"),
        default=list,
        blank=True,
    )
    purpose = models.TextField(_("目的"), blank=True)
    content = models.TextField(_("推進内容"), blank=True)
    completion_criterion = models.TextField(_("完了の目安"), blank=True)
    reposted = models.BooleanField(_("再掲"), default=False, help_text=_("【再掲】として載っている項目"))
    repost_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reposts",
        verbose_name=_("再掲元"),
    )

    class Meta:
        verbose_name = _("推進項目")
        verbose_name_plural = _("推進項目")
        ordering = ["node__plan", "node__sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[*ItemKind.values, ""]), name="indicators_item_kind_valid"),
            models.CheckConstraint(
                condition=Q(target_actors__contained_by=TargetActor.values), name="indicators_item_actors_valid"
            ),
            models.CheckConstraint(condition=~Q(repost_of=F("id")), name="indicators_item_not_own_repost"),
            models.CheckConstraint(
                condition=Q(repost_of__isnull=True) | Q(reposted=True), name="indicators_item_repost_flagged"
            ),
        ]

    def __str__(self):
        return str(self.node)

    def target_actor_labels(self) -> list[str]:
        labels = dict(TargetActor.choices)
        return [str(labels.get(actor, actor)) for actor in self.target_actors]


class ItemDepartment(models.Model):
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, verbose_name=_("推進項目"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, verbose_name=_("担当課"))
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("担当課の割当")
        verbose_name_plural = _("担当課の割当")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "department"], name="indicators_itemdept_unique"),
        ]

    def __str__(self):
        return f"{self.item}: {self.department}"


class Stage(models.TextChoices):
    """Schedule cells as printed in the plan; "→" continues the previous year's state."""

    STUDY = "検討", _("検討")
    PARTIAL = "一部実施", _("一部実施")
    IMPLEMENTED = "実施", _("実施")
    CONTINUE = "→", _("→（継続）")
    STUDY_AND_IMPLEMENT = "検討・実施", _("検討・実施")
    NOT_DONE = "未実施", _("未実施")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("入力中")
    SUBMITTED = "submitted", _("担当課提出済")
    REVIEWED = "reviewed", _("センター確認済")
    APPROVED = "approved", _("承認済")
    PUBLISHED = "published", _("公開済")


# The yearly-result workflow in one table: from-status -> statuses it may move to.
REVIEW_TRANSITIONS: dict[str, frozenset[str]] = {
    ReviewStatus.DRAFT: frozenset({ReviewStatus.SUBMITTED}),
    ReviewStatus.SUBMITTED: frozenset({ReviewStatus.REVIEWED, ReviewStatus.DRAFT}),
    ReviewStatus.REVIEWED: frozenset({ReviewStatus.APPROVED, ReviewStatus.DRAFT}),
    ReviewStatus.APPROVED: frozenset({ReviewStatus.PUBLISHED, ReviewStatus.DRAFT}),
    ReviewStatus.PUBLISHED: frozenset({ReviewStatus.DRAFT}),
}


# What the button taking a result into each status says.
TRANSITION_LABELS = {
    ReviewStatus.SUBMITTED: _("提出する"),
    ReviewStatus.REVIEWED: _("確認済にする"),
    ReviewStatus.APPROVED: _("承認する"),
    ReviewStatus.PUBLISHED: _("公開する"),
    ReviewStatus.DRAFT: _("差し戻す"),
}


class YearPlan(WorkflowModel):
    """One action item in one fiscal year: the planned stage and the department's reported result."""

    TRANSITIONS = REVIEW_TRANSITIONS

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="years", verbose_name=_("推進項目"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    planned_stage = models.CharField(_("計画"), max_length=20, choices=Stage.choices, blank=True)
    actual_stage = models.CharField(_("実績"), max_length=20, choices=Stage.choices, blank=True)
    progress_note = models.TextField(_("進捗状況"), blank=True)
    evidence = models.TextField(_("根拠資料"), blank=True, help_text=_("資料名や公開先 URL など"))
    status = models.CharField(_("状態"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("年度別計画・実績")
        verbose_name_plural = _("年度別計画・実績")
        ordering = ["item", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["item", "fiscal_year"], name="indicators_yearplan_item_year_unique"),
            models.CheckConstraint(
                condition=Q(planned_stage__in=[*Stage.values, ""]), name="indicators_yearplan_planned_valid"
            ),
            models.CheckConstraint(
                condition=Q(actual_stage__in=[*Stage.values, ""]), name="indicators_yearplan_actual_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="indicators_yearplan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=1900, fiscal_year__lte=2200), name="indicators_yearplan_year_sane"
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "status"], name="indicators_yp_year_status")]

    def __str__(self):
        return f"{self.item.node.code} {self.fiscal_year}"

    def next_statuses(self) -> list[str]:
        """The statuses its table lets it move to now, in a stable order (by value)."""
        return sorted(status for status in ReviewStatus.values if self.can_move_to(status))


class YearPlanStatusChange(StatusChangeBase):
    LOGGED = "year_plan"

    year_plan = models.ForeignKey(
        YearPlan, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("年度別計画・実績")
    )
    from_status, to_status = status_fields(ReviewStatus, max_length=20)
    Meta = status_change_meta("year_plan", ReviewStatus, prefix="indicators_ypchange", name=_("状態の変更"))
