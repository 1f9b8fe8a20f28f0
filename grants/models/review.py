"""The review committee: reviewers appointed per round, declared conflicts, sealed score sheets."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited

from .applications import Application
from .programmes import ReviewCriterion, Round


class ReviewerRole(models.TextChoices):
    CITIZEN = "citizen", _("市民委員")
    EXPERT = "expert", _("学識経験者・専門家")
    STAFF = "staff", _("職員")


class Reviewer(models.Model):
    """A user appointed to a round's review committee, with their role and consent to publish their name."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reviewers", verbose_name=_("募集回"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_reviews", verbose_name=_("審査委員")
    )
    role = models.CharField(_("区分"), max_length=10, choices=ReviewerRole.choices)
    publish_name = models.BooleanField(_("氏名の公表に同意"), default=False)
    appointed_at = models.DateTimeField(_("委嘱日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("審査委員")
        verbose_name_plural = _("審査委員")
        ordering = ["round", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="grants_reviewer_round_user"),
            models.CheckConstraint(condition=Q(role__in=ReviewerRole.values), name="grants_reviewer_role_valid"),
        ]
        indexes = [models.Index(fields=["user", "round"], name="grants_reviewer_user_round")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class ConflictDeclaration(models.Model):
    """A reviewer's declared conflict of interest with one application: they are recused from it."""

    reviewer = models.ForeignKey(
        Reviewer, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("審査委員")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("申請")
    )
    reason = models.CharField(_("理由"), max_length=300)
    declared_at = models.DateTimeField(_("申告日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("利害関係の申告")
        verbose_name_plural = _("利害関係の申告")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "application"], name="grants_conflict_unique"),
        ]

    def __str__(self):
        return f"{self.reviewer} / {self.application}"


@audited()
class ScoreSheet(models.Model):
    """A reviewer's scores for one application; sealed until submitted."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("審査委員"))
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="score_sheets", verbose_name=_("申請")
    )
    comment = models.TextField(_("総評"), blank=True)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("評価票")
        verbose_name_plural = _("評価票")
        ordering = ["application", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "application"], name="grants_scoresheet_unique"),
        ]
        indexes = [models.Index(fields=["application", "submitted_at"], name="grants_scoresheet_app_sub")]

    def __str__(self):
        return f"{self.reviewer} / {self.application}"


@audited()
class Score(models.Model):
    """Points for one criterion on a score sheet; max_points is copied from the criterion so the DB checks the range."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("評価票"))
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("審査基準")
    )
    points = models.PositiveSmallIntegerField(_("得点"))
    max_points = models.PositiveSmallIntegerField(_("満点"))
    comment = models.TextField(_("コメント"), blank=True)

    class Meta:
        verbose_name = _("評価点")
        verbose_name_plural = _("評価点")
        ordering = ["sheet", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="grants_score_sheet_criterion"),
            models.CheckConstraint(
                condition=Q(points__gte=0, points__lte=F("max_points")), name="grants_score_points_range"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}/{self.max_points}"
