"""Lectures on request (出前講座・お気軽講座): the catalogue of topics and each request's way to a delivered lecture."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civic_portal.core.models import StatusChangeBase, WorkflowModel, status_change_meta, status_fields

AUDIENCE_MAX = 1000
LENGTH_MAX_MINUTES = 480


class LectureTopic(models.Model):
    """One topic of the catalogue, offered by a city department or by the center."""

    title = models.CharField(_("講座名"), max_length=200)
    department = models.CharField(_("担当課"), max_length=100)
    summary = models.TextField(_("内容"), blank=True)
    length_minutes = models.PositiveSmallIntegerField(_("時間（分）"), default=60)
    audience = models.CharField(_("対象"), max_length=200, help_text=_("例: 市内の団体、中学生以上"))
    requester_prepares = models.TextField(
        _("申込者が用意するもの"), blank=True, help_text=_("会場、プロジェクター、机の配置など。")
    )
    is_published = models.BooleanField(_("公開する"), default=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("講座のテーマ")
        verbose_name_plural = _("講座のテーマ")
        ordering = ["department", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_minutes__gte=10, length_minutes__lte=LENGTH_MAX_MINUTES),
                name="center_lecture_topic_length_range",
                violation_error_message=_("時間は10分から480分の間にしてください。"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("center:lecture_detail", args=[self.pk])


class RequesterKind(models.TextChoices):
    CITIZEN = "citizen", pgettext_lazy("lecture requester", "市民")
    GROUP = "group", pgettext_lazy("lecture requester", "団体")
    SCHOOL = "school", pgettext_lazy("lecture requester", "学校")
    NEIGHBOURHOOD = "neighbourhood", pgettext_lazy("lecture requester", "自治会")


class LectureStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("lecture status", "受付")
    SCHEDULED = "scheduled", pgettext_lazy("lecture status", "日程決定")
    DECLINED = "declined", pgettext_lazy("lecture status", "お断り")
    DELIVERED = "delivered", pgettext_lazy("lecture status", "実施済み")


class LectureRequest(WorkflowModel):
    """A request for a lecture: received, then scheduled or declined (with a reason), then delivered."""

    TRANSITIONS = {
        LectureStatus.RECEIVED: frozenset({LectureStatus.SCHEDULED, LectureStatus.DECLINED}),
        LectureStatus.SCHEDULED: frozenset({LectureStatus.DELIVERED, LectureStatus.DECLINED}),
        LectureStatus.DECLINED: frozenset(),
        LectureStatus.DELIVERED: frozenset(),
    }

    topic = models.ForeignKey(LectureTopic, on_delete=models.PROTECT, related_name="requests", verbose_name=_("講座"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="lecture_requests",
        verbose_name=_("申込者のアカウント"),
    )
    requester_kind = models.CharField(_("申込者の区分"), max_length=20, choices=RequesterKind.choices)
    organisation = models.CharField(_("団体・学校・自治会の名前"), max_length=200, blank=True)
    contact_name = models.CharField(_("担当者の名前"), max_length=100)
    contact_email = models.EmailField(_("メールアドレス"))
    contact_phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    preferred_dates = ArrayField(models.DateField(), verbose_name=_("希望日"), size=3)
    place = models.CharField(_("会場"), max_length=200)
    audience_size = models.PositiveIntegerField(_("参加予定人数"))
    notes = models.TextField(_("連絡事項"), blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=LectureStatus.choices, default=LectureStatus.RECEIVED, db_index=True
    )
    scheduled_at = models.DateTimeField(_("実施日時"), null=True, blank=True)
    decline_reason = models.TextField(_("お断りの理由"), blank=True)
    attendance = models.PositiveIntegerField(_("参加者数"), null=True, blank=True)
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("講座の申込み")
        verbose_name_plural = _("講座の申込み")
        ordering = ["-created_at", "-id"]
        permissions = [("view_center_statistics", _("センターの事業の統計を見る"))]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="center_lecture_req_user"),
            models.Index(fields=["status", "scheduled_at"], name="center_lecture_req_status_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=LectureStatus.values), name="center_lecture_req_status"),
            models.CheckConstraint(
                condition=Q(requester_kind__in=RequesterKind.values), name="center_lecture_req_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience_size__gte=1, audience_size__lte=AUDIENCE_MAX),
                name="center_lecture_req_audience_range",
                violation_error_message=_("参加予定人数は1人から1000人の間にしてください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[LectureStatus.SCHEDULED, LectureStatus.DELIVERED])
                | Q(scheduled_at__isnull=False),
                name="center_lecture_req_scheduled_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=LectureStatus.DECLINED) | ~Q(decline_reason=""),
                name="center_lecture_req_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=LectureStatus.DELIVERED) | Q(attendance__isnull=False),
                name="center_lecture_req_delivered_has_attendance",
            ),
        ]

    def __str__(self):
        return _("%(topic)s（%(who)s）") % {"topic": self.topic, "who": self.organisation or self.contact_name}

    def transition_problem(self, to: str) -> str | None:
        now = timezone.now()
        if to == LectureStatus.SCHEDULED and (self.scheduled_at is None or self.scheduled_at <= now):
            return str(_("実施日時を未来の日時で入れてください。"))
        if to == LectureStatus.DECLINED and not self.decline_reason.strip():
            return str(_("お断りの理由を入れてください。"))
        if to == LectureStatus.DELIVERED:
            if self.scheduled_at is None or self.scheduled_at > now:
                return str(_("実施日時の前には実施済みにできません。"))
            if self.attendance is None:
                return str(_("参加者数を入れてください。"))
        return None


class LectureRequestStatusChange(StatusChangeBase):
    """One step of a lecture request: who moved it, when, and why."""

    LOGGED = "request"

    request = models.ForeignKey(
        LectureRequest, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("講座の申込み")
    )
    from_status, to_status = status_fields(LectureStatus, max_length=20)
    Meta = status_change_meta("request", LectureStatus, prefix="center_lecture_log", name=_("講座の申込みの状態の記録"))
