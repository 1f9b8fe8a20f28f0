"""Events and courses (イベント・講座): the event and its workflow log, its sessions, and the sign-ups."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civic_portal.core.models import (
    StatusChangeBase,
    WorkflowModel,
    actor_field,
    status_change_meta,
    status_fields,
)

CAPACITY_MIN, CAPACITY_MAX = 1, 10_000


class EventKind(models.TextChoices):
    COURSE = "course", pgettext_lazy("event kind", "講座")
    SEMINAR = "seminar", pgettext_lazy("event kind", "セミナー")
    SYMPOSIUM = "symposium", pgettext_lazy("event kind", "シンポジウム")
    EXCHANGE = "exchange", pgettext_lazy("event kind", "交流会")
    SHOWCASE = "showcase", pgettext_lazy("event kind", "成果発表会")
    ROUNDTABLE = "roundtable", pgettext_lazy("event kind", "ラウンドテーブル")
    VOLUNTEER_BRIEFING = "volunteer_briefing", pgettext_lazy("event kind", "ボランティア説明会")


# The plan's indicators: learning opportunities and exchange meetings (indicators/computed.py).
LEARNING_KINDS = frozenset(
    {EventKind.COURSE, EventKind.SEMINAR, EventKind.SYMPOSIUM, EventKind.SHOWCASE, EventKind.VOLUNTEER_BRIEFING}
)
EXCHANGE_KINDS = frozenset({EventKind.EXCHANGE, EventKind.ROUNDTABLE})


class EventStatus(models.TextChoices):
    PROPOSED = "proposed", _("承認待ち")
    APPROVED = "approved", _("公開中")
    RETURNED = "returned", _("差し戻し")
    CANCELLED = "cancelled", _("中止")


E = EventStatus
EVENT_TRANSITIONS: dict[str, frozenset[str]] = {
    E.PROPOSED: frozenset({E.APPROVED, E.RETURNED, E.CANCELLED}),
    E.RETURNED: frozenset({E.PROPOSED, E.CANCELLED}),
    E.APPROVED: frozenset({E.CANCELLED}),
    E.CANCELLED: frozenset(),
}


class Event(WorkflowModel):
    """One event or course, by the center (no group) or a registered group; public once staff approve it."""

    TRANSITIONS = EVENT_TRANSITIONS

    kind = models.CharField(_("種類"), max_length=20, choices=EventKind.choices, default=EventKind.COURSE)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("内容"))
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="center_events",
        verbose_name=_("主催団体"),
        help_text=_("空ならセンターの主催です。"),
    )
    status = models.CharField(_("状態"), max_length=20, choices=EventStatus.choices, default=EventStatus.PROPOSED)
    capacity = models.PositiveIntegerField(_("定員"), help_text=_("1〜10,000人"))
    fee = models.PositiveIntegerField(_("参加費（円）"), default=0)
    audience = models.CharField(_("対象"), max_length=200, blank=True, help_text=_("例: 市民活動に関心のある方"))
    sign_language = models.BooleanField(_("手話通訳あり"), default=False)
    childcare = models.BooleanField(_("託児あり"), default=False)
    accessibility_notes = models.TextField(_("配慮・設備について"), blank=True)
    space = models.ForeignKey(
        "facilities.Space",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="center_events",
        verbose_name=_("会場（施設の部屋）"),
    )
    outside_venue = models.CharField(_("会場（外部の住所）"), max_length=300, blank=True)
    signup_deadline = models.DateTimeField(_("申込締切"))
    cancel_deadline = models.DateTimeField(_("取消期限"))
    guests_allowed = models.BooleanField(
        _("アカウントなしの申込を受け付ける"), default=False, help_text=_("メールアドレスの確認を経て申し込めます。")
    )
    created_by = actor_field(_("作成者"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("イベント・講座")
        verbose_name_plural = _("イベント・講座")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "kind"], name="center_event_status_kind")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="center_event_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=EventStatus.values), name="center_event_status_valid"),
            models.CheckConstraint(
                condition=Q(capacity__gte=CAPACITY_MIN, capacity__lte=CAPACITY_MAX),
                name="center_event_capacity_range",
                violation_error_message=_("定員は1人から10,000人までで入力してください。"),
            ),
            models.CheckConstraint(
                condition=(Q(space__isnull=False) & Q(outside_venue=""))
                | (Q(space__isnull=True) & ~Q(outside_venue="")),
                name="center_event_one_venue",
                violation_error_message=_("会場は施設の部屋か外部の住所のどちらか一方を指定してください。"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("center:event_detail", args=[self.pk])

    @property
    def organiser_name(self) -> str:
        return self.group.name if self.group_id and self.group else str(_("市民活動センター"))

    @property
    def venue(self) -> str:
        return str(self.space) if self.space_id and self.space else self.outside_venue

    def is_public(self) -> bool:
        return self.status == EventStatus.APPROVED

    def signup_open(self, now=None) -> bool:
        return self.is_public() and (now or timezone.now()) < self.signup_deadline


class EventStatusChange(StatusChangeBase):
    """One step of an event's workflow: who, when, from, to, note."""

    LOGGED = "event"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("イベント・講座")
    )
    from_status, to_status = status_fields(EventStatus, max_length=20)
    Meta = status_change_meta("event", EventStatus, prefix="center_esc", name=_("イベントの状態変更履歴"))


class EventSession(models.Model):
    """One date and time of an event (a course may meet several times); the room booking made on approval."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("イベント・講座")
    )
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    booking = models.OneToOneField(
        "facilities.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_session",
        verbose_name=_("部屋の予約"),
    )
    reminded_at = models.DateTimeField(_("前日のお知らせ送信日時"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("開催日時")
        verbose_name_plural = _("開催日時")
        ordering = ["event", "starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"], name="center_evsession_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="center_evsession_end_after_start",
                violation_error_message=_("終了日時は開始日時より後にしてください。"),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{local:%Y-%m-%d %H:%M}–{timezone.localtime(self.ends_at):%H:%M}"


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("メール確認待ち")
    CONFIRMED = "confirmed", _("参加確定")
    WAITLISTED = "waitlisted", _("キャンセル待ち")
    CANCELLED = "cancelled", _("取消")
    ATTENDED = "attended", _("出席")


# Sign-ups that hold a place or a place in the queue: one of them per user (or guest email) per event.
ACTIVE_SIGNUP_STATUSES = (SignupStatus.PENDING, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.ATTENDED)


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Signup(models.Model):
    """One person's sign-up: a signed-in user, or a guest (name and email, checked by a link) where allowed. The
    waitlist is in pk order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups", verbose_name=_("イベント・講座"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_signups",
        verbose_name=_("利用者"),
    )
    guest_name = models.CharField(_("お名前"), max_length=100, blank=True)
    guest_email = models.EmailField(_("メールアドレス"), blank=True)
    token = models.CharField(_("確認用トークン"), max_length=64, unique=True, default=_new_token, editable=False)
    status = models.CharField(_("状態"), max_length=20, choices=SignupStatus.choices, default=SignupStatus.CONFIRMED)
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    attended_at = models.DateTimeField(_("受付日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("参加申込")
        verbose_name_plural = _("参加申込")
        ordering = ["event", "id"]
        indexes = [models.Index(fields=["event", "status", "id"], name="center_signup_queue")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SignupStatus.values), name="center_signup_status_valid"),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(guest_email="")) | (Q(user__isnull=True) & ~Q(guest_email="")),
                name="center_signup_user_or_guest",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=ACTIVE_SIGNUP_STATUSES, user__isnull=False),
                name="center_signup_one_active_per_user",
                violation_error_message=_("このイベントにはすでに申し込んでいます。"),
            ),
            models.UniqueConstraint(
                fields=["event", "guest_email"],
                condition=Q(status__in=ACTIVE_SIGNUP_STATUSES, user__isnull=True),
                name="center_signup_one_active_per_guest",
                violation_error_message=_("このメールアドレスではすでに申し込まれています。"),
            ),
        ]

    def __str__(self):
        return f"{self.event}: {self.name}"

    @property
    def name(self) -> str:
        return self.user.full_name if self.user_id and self.user else self.guest_name

    @property
    def email(self) -> str:
        return self.user.email if self.user_id and self.user else self.guest_email

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_SIGNUP_STATUSES

    @property
    def awaits_email_check(self) -> bool:
        """A guest's sign-up that holds no place until the guest follows the link in the confirmation email."""
        return self.status == SignupStatus.PENDING

    @property
    def is_cancelled(self) -> bool:
        return self.status == SignupStatus.CANCELLED

    @property
    def can_check_in(self) -> bool:
        """A confirmed participant the organiser may mark present at the door (services.signup_check_in)."""
        return self.status == SignupStatus.CONFIRMED

    @property
    def has_attended(self) -> bool:
        return self.status == SignupStatus.ATTENDED
