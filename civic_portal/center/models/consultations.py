"""The consultation desk (相談窓口): slots staff publish, bookings of them, and the record of each consultation.

A consultation's personal details (the person's name and contact, what was advised, the booking's note) are erased
after the retention period (settings.CENTER_CONSULTATION_RETENTION_YEARS); channel, topics, minutes and referrals
stay for the statistics.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civic_portal.core.models import actor_field

MINUTES_MAX = 600


class Channel(models.TextChoices):
    COUNTER = "counter", pgettext_lazy("consultation channel", "窓口")
    PHONE = "phone", pgettext_lazy("consultation channel", "電話")
    EMAIL = "email", pgettext_lazy("consultation channel", "メール")
    ONLINE = "online", pgettext_lazy("consultation channel", "オンライン")
    OUTREACH = "outreach", pgettext_lazy("consultation channel", "出張")


class Topic(models.TextChoices):
    FOUNDING = "founding", pgettext_lazy("consultation topic", "設立")
    OPERATION = "operation", pgettext_lazy("consultation topic", "運営")
    FUNDING = "funding", pgettext_lazy("consultation topic", "資金・助成")
    INCORPORATION = "incorporation", pgettext_lazy("consultation topic", "法人化")
    ACCOUNTING = "accounting", pgettext_lazy("consultation topic", "会計・税務")
    PUBLICITY = "publicity", pgettext_lazy("consultation topic", "広報")
    PEOPLE = "people", pgettext_lazy("consultation topic", "人材・ボランティア")
    FACILITIES = "facilities", pgettext_lazy("consultation topic", "施設")
    COLLABORATION = "collaboration", pgettext_lazy("consultation topic", "協働")
    OTHER = "other", pgettext_lazy("consultation topic", "その他")


class Referral(models.TextChoices):
    SOCIAL_WELFARE = "social_welfare", pgettext_lazy("referral", "社会福祉協議会")
    PREFECTURE = "prefecture", pgettext_lazy("referral", "県民活動支援センター")
    CITY_DEPARTMENT = "city_department", pgettext_lazy("referral", "市の担当課")
    LEGAL = "legal", pgettext_lazy("referral", "法律・税の専門家")


class ClientKind(models.TextChoices):
    GROUP = "group", pgettext_lazy("consultation client", "登録団体")
    PERSON = "person", pgettext_lazy("consultation client", "個人")
    ANONYMOUS = "anonymous", pgettext_lazy("consultation client", "匿名")


class ConsultationSlot(models.Model):
    """A time staff are free for a booked consultation, by one channel."""

    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    channel = models.CharField(_("方法"), max_length=20, choices=Channel.choices, default=Channel.COUNTER)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultation_slots",
        verbose_name=_("担当職員"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("相談の枠")
        verbose_name_plural = _("相談の枠")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"], name="center_consult_slot_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="center_consult_slot_end_after_start",
                violation_error_message=_("終了日時は開始日時より後にしてください。"),
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="center_consult_slot_channel"),
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        return f"{date_format(start, 'SHORT_DATETIME_FORMAT')} {self.get_channel_display()}"


class ConsultationBooking(models.Model):
    """A citizen's or group manager's booking of a slot; a slot has at most one booking not cancelled."""

    slot = models.ForeignKey(
        ConsultationSlot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("相談の枠")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultation_bookings",
        verbose_name=_("予約した人"),
    )
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_bookings",
        verbose_name=_("団体"),
    )
    topics = ArrayField(
        models.CharField(max_length=20, choices=Topic.choices), verbose_name=_("相談したいこと"), default=list
    )
    note = models.TextField(_("相談の内容"), blank=True)
    created_at = models.DateTimeField(_("予約日時"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("相談の予約")
        verbose_name_plural = _("相談の予約")
        ordering = ["slot__starts_at", "id"]
        indexes = [models.Index(fields=["user", "created_at"], name="center_consult_booking_user")]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(cancelled_at__isnull=True),
                name="center_consult_one_booking_per_slot",
                violation_error_message=_("この枠はすでに予約されています。"),
            ),
        ]

    def __str__(self):
        return str(self.slot)


class Consultation(models.Model):
    """The record of one consultation, written by center staff (from a booking or not)."""

    held_at = models.DateTimeField(_("相談日時"))
    channel = models.CharField(_("方法"), max_length=20, choices=Channel.choices)
    client_kind = models.CharField(_("相談者の区分"), max_length=20, choices=ClientKind.choices)
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("登録団体"),
    )
    person_name = models.CharField(_("相談者の名前"), max_length=100, blank=True)
    person_contact = models.CharField(_("相談者の連絡先"), max_length=200, blank=True)
    topics = ArrayField(models.CharField(max_length=20, choices=Topic.choices), verbose_name=_("相談の分野"))
    minutes = models.PositiveSmallIntegerField(_("対応時間（分）"))
    advice = models.TextField(_("助言の内容"), blank=True)
    referrals = ArrayField(
        models.CharField(max_length=20, choices=Referral.choices), verbose_name=_("紹介先"), default=list, blank=True
    )
    referral_other = models.CharField(_("その他の紹介先"), max_length=200, blank=True)
    booking = models.OneToOneField(
        ConsultationBooking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("予約"),
    )
    recorded_by = actor_field(_("記録した職員"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    erased_at = models.DateTimeField(_("個人情報の消去日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("相談の記録")
        verbose_name_plural = _("相談の記録")
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["held_at"], name="center_consult_held_at")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="center_consult_channel_valid"),
            models.CheckConstraint(condition=Q(client_kind__in=ClientKind.values), name="center_consult_client_valid"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MINUTES_MAX),
                name="center_consult_minutes_range",
                violation_error_message=_("対応時間は1分から600分の間にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(topics__len__gte=1) & Q(topics__contained_by=Topic.values),
                name="center_consult_topics_valid",
                violation_error_message=_("相談の分野を一つ以上選んでください。"),
            ),
            models.CheckConstraint(
                condition=Q(referrals__contained_by=Referral.values), name="center_consult_referrals_valid"
            ),
            models.CheckConstraint(
                condition=~Q(client_kind=ClientKind.ANONYMOUS) | (Q(person_name="") & Q(person_contact="")),
                name="center_consult_anonymous_has_no_name",
                violation_error_message=_("匿名の相談には名前と連絡先を入れません。"),
            ),
        ]

    def __str__(self):
        return _("%(day)s の相談（%(channel)s）") % {
            "day": date_format(timezone.localtime(self.held_at), "SHORT_DATE_FORMAT"),
            "channel": self.get_channel_display(),
        }


class FollowUp(models.Model):
    """Something the desk promised to do after a consultation, by a day."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("相談の記録")
    )
    task = models.CharField(_("すること"), max_length=300)
    due_on = models.DateField(_("期限"))
    is_done = models.BooleanField(_("済み"), default=False)

    class Meta:
        verbose_name = _("フォローアップ")
        verbose_name_plural = _("フォローアップ")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["is_done", "due_on"], name="center_consult_followup_due")]

    def __str__(self):
        return self.task
