"""Volunteer profiles, talent bank, groups' volunteer needs, applications and matches."""

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited
from civic_portal.core.models import (
    Area,
    StatusChangeBase,
    WorkflowModel,
    actor_field,
    status_change_meta,
    status_fields,
)

from .register import ActivityField, Group

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "APPLICATION_TRANSITIONS",
    "AVAILABILITY_CODES",
    "AVAILABILITY_DAYS",
    "AVAILABILITY_TIMES",
    "ApplicationStatus",
    "NeedStatus",
    "VolunteerApplication",
    "VolunteerApplicationStatusChange",
    "VolunteerNeed",
    "VolunteerProfile",
    "listed_need",
]

# Weekday × time-of-day slots, stored as codes such as "mon-am".
AVAILABILITY_DAYS = (
    ("mon", _("月曜")),
    ("tue", _("火曜")),
    ("wed", _("水曜")),
    ("thu", _("木曜")),
    ("fri", _("金曜")),
    ("sat", _("土曜")),
    ("sun", _("日曜")),
)
AVAILABILITY_TIMES = (
    ("am", _("午前")),
    ("pm", _("午後")),
    ("ev", _("夜間")),
)
AVAILABILITY_CODES = tuple(f"{day}-{time}" for day, _d in AVAILABILITY_DAYS for time, _t in AVAILABILITY_TIMES)
AVAILABILITY_CHOICES = [
    (f"{day}-{time}", format_lazy("{} {}", day_label, time_label))
    for day, day_label in AVAILABILITY_DAYS
    for time, time_label in AVAILABILITY_TIMES
]

TAG_MAX_LENGTH = 30
TAG_MAX_COUNT = 20
_TAG_SPLIT = re.compile(r"[,、，;；\n\r]+")


def normalize_tags(value) -> list[str]:
    """Skills as short tags: NFKC-folded (全角/半角 alike), trimmed, lower-cased, de-duplicated, in given order."""
    items = _TAG_SPLIT.split(value) if isinstance(value, str) else list(value or [])
    tags: list[str] = []
    for item in items:
        tag = " ".join(unicodedata.normalize("NFKC", str(item)).split()).lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def availability_label(code: str) -> "StrOrPromise":
    return dict(AVAILABILITY_CHOICES).get(code, code)


@audited()
class VolunteerProfile(models.Model):
    """A citizen's volunteer registration; after withdrawal the row stays (for figures) but holds no personal data."""

    # What the volunteer fills in (the form's fields, in order; the export puts them between the user and consent).
    FORM_FIELDS = (
        "display_name",
        "skills",
        "fields_of_interest",
        "areas",
        "availability",
        "qualifications",
        "matching_opt_in",
        "talent_bank_listed",
        "talent_topics",
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_profile",
        verbose_name=_("利用者"),
    )
    display_name = models.CharField(_("表示名"), max_length=100, blank=True)
    skills = ArrayField(
        models.CharField(max_length=TAG_MAX_LENGTH),
        verbose_name=_("特技・スキル"),
        default=list,
        blank=True,
        size=TAG_MAX_COUNT,
    )
    fields_of_interest = models.ManyToManyField(
        ActivityField, verbose_name=_("関心のある活動分野"), blank=True, related_name="volunteers"
    )
    areas = models.ManyToManyField(Area, verbose_name=_("活動できる地区"), blank=True, related_name="volunteers")
    availability = ArrayField(
        models.CharField(max_length=6, choices=AVAILABILITY_CHOICES),
        verbose_name=_("活動できる曜日・時間帯"),
        default=list,
        blank=True,
    )
    qualifications = models.TextField(_("資格・経験"), blank=True)
    talent_bank_listed = models.BooleanField(_("人材バンクに掲載する"), default=False)
    talent_topics = models.TextField(
        _("講師・指導できること"), blank=True, help_text=_("人材バンクに掲載する講座のテーマや教えられること")
    )
    matching_opt_in = models.BooleanField(_("団体とのマッチングを希望する"), default=True)
    consent_given_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"))
    withdrawn_at = models.DateTimeField(_("登録取消日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("ボランティア登録")
        verbose_name_plural = _("ボランティア登録")
        ordering = ["-consent_given_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(availability__contained_by=list(AVAILABILITY_CODES)),
                name="groups_volunteer_availability_valid",
                violation_error_message=_("活動できる曜日・時間帯に不正な値があります。"),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(matching_opt_in=False, talent_bank_listed=False),
                name="groups_volunteer_withdrawn_not_listed",
                violation_error_message=_("登録を取り消した方はマッチングや人材バンクに掲載できません。"),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=False) | ~Q(display_name=""),
                name="groups_volunteer_active_has_name",
                violation_error_message=_("表示名を入力してください。"),
            ),
        ]
        indexes = [
            models.Index(
                fields=["consent_given_at"], condition=Q(withdrawn_at__isnull=True), name="groups_volunteer_active"
            ),
            models.Index(fields=["-consent_given_at", "id"], name="groups_volunteer_consent"),  # the admin's list
            models.Index(
                fields=["id"],
                condition=Q(withdrawn_at__isnull=True, matching_opt_in=True),
                name="groups_volunteer_matchable",
            ),
            models.Index(
                fields=["-updated_at"],
                condition=Q(withdrawn_at__isnull=True, talent_bank_listed=True),
                name="groups_volunteer_talent_bank",
            ),
            GinIndex(fields=["skills"], name="groups_volunteer_skills_gin"),
            GinIndex(fields=["availability"], name="groups_volunteer_avail_gin"),
        ]

    def __str__(self):
        return self.display_name or str(_("（取消済み）"))

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def availability_labels(self) -> list[str]:
        """The slots' labels in the active language (plain strings: a list page joins fifty of these lists)."""
        labels = dict(AVAILABILITY_CHOICES)
        return [str(labels.get(code, code)) for code in self.availability]


class NeedStatus(models.TextChoices):
    OPEN = "open", _("募集中")
    FILLED = "filled", _("充足")
    CLOSED = "closed", _("募集終了")


def listed_need(today: dt.date, prefix: str = "") -> Q:
    """The condition of a need that is listed on `today`: open and not past its end or review date (the daily job
    closes such needs at midnight; until it has run they are already hidden). `prefix` reaches a need through a
    relation ("volunteer_needs__")."""
    return Q(**{f"{prefix}status": NeedStatus.OPEN}) & (
        Q(**{f"{prefix}end_date__gte": today}) | Q(**{f"{prefix}review_date__gte": today})
    )


class VolunteerNeed(models.Model):
    """A registered group's call for volunteers (ニーズ)."""

    # What the group writes (the form adds the status when editing).
    FORM_FIELDS = (
        "title",
        "activity_field",
        "skills_wanted",
        "flexible",
        "dates",
        "slots",
        "place",
        "area",
        "people_needed",
        "description",
        "end_date",
        "review_date",
    )

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="volunteer_needs", verbose_name=_("募集する団体")
    )
    title = models.CharField(_("募集の名称"), max_length=200)
    activity_field = models.ForeignKey(
        ActivityField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_needs",
        verbose_name=_("活動分野"),
    )
    skills_wanted = ArrayField(
        models.CharField(max_length=TAG_MAX_LENGTH),
        verbose_name=_("求めるスキル"),
        default=list,
        blank=True,
        size=TAG_MAX_COUNT,
    )
    flexible = models.BooleanField(_("日程は相談可"), default=False)
    dates = ArrayField(models.DateField(), verbose_name=_("活動日"), default=list, blank=True, size=30)
    slots = ArrayField(
        models.CharField(max_length=6, choices=AVAILABILITY_CHOICES),
        verbose_name=_("活動する曜日・時間帯"),
        default=list,
        blank=True,
    )
    place = models.CharField(_("活動場所"), max_length=200)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="volunteer_needs", verbose_name=_("地区")
    )
    people_needed = models.PositiveSmallIntegerField(_("募集人数"), default=1)
    description = models.TextField(_("活動の内容"))
    # Every need ends: on its end date, or (an ongoing need) it is closed on its review date unless the group
    # moves the date on. The daily job closes needs past either (services/volunteers.py need_expire_past).
    end_date = models.DateField(_("募集終了日"), null=True, blank=True)
    review_date = models.DateField(
        _("見直し日"), null=True, blank=True, help_text=_("継続的な募集の場合: この日に募集を見直します")
    )
    status = models.CharField(_("募集状況"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    created_by = actor_field(_("登録者"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("ボランティア募集")
        verbose_name_plural = _("ボランティア募集")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NeedStatus.values), name="groups_need_status_valid"),
            models.CheckConstraint(
                condition=Q(people_needed__gte=1),
                name="groups_need_people_needed_positive",
                violation_error_message=_("募集人数は1人以上にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(slots__contained_by=list(AVAILABILITY_CODES)),
                name="groups_need_slots_valid",
                violation_error_message=_("曜日・時間帯に不正な値があります。"),
            ),
            models.CheckConstraint(
                condition=Q(flexible=True) | Q(dates__len__gte=1),
                name="groups_need_dates_or_flexible",
                violation_error_message=_("活動日を入力するか「日程は相談可」を選んでください。"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=False, review_date__isnull=True)
                | Q(end_date__isnull=True, review_date__isnull=False),
                name="groups_need_ends",
                violation_error_message=_(
                    "募集終了日か、継続的な募集の場合は見直し日のどちらか一方を入力してください。"
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="groups_need_status_newest"),
            models.Index(fields=["-created_at", "-id"], name="groups_need_newest"),  # the admin's list
            models.Index(fields=["group", "status"], name="groups_need_group_status"),
            GinIndex(fields=["slots"], name="groups_need_slots_gin"),
            GinIndex(fields=["skills_wanted"], name="groups_need_skills_gin"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        """Open to applications: status 募集中 and not past its end or review date (before the job closes it)."""
        until = self.open_until
        return self.status == NeedStatus.OPEN and (until is None or until >= timezone.localdate())

    @property
    def is_past_its_end(self) -> bool:
        """Still 募集中 but past its end or review date: shown as ended until the daily job closes it."""
        return self.status == NeedStatus.OPEN and not self.is_open

    @property
    def open_until(self):
        """The last day the need is listed: its end date, or for an ongoing need its review date."""
        return self.end_date or self.review_date

    def slot_labels(self) -> list["StrOrPromise"]:
        return [availability_label(code) for code in self.slots]


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("応募中")
    ACCEPTED = "accepted", _("受入決定")
    DECLINED = "declined", _("見送り")
    WITHDRAWN = "withdrawn", _("応募取消")


A = ApplicationStatus
# The application workflow in one table: from-status -> statuses it may move to. Acceptance is a match.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    A.APPLIED: frozenset({A.ACCEPTED, A.DECLINED, A.WITHDRAWN}),
    A.ACCEPTED: frozenset(),
    A.DECLINED: frozenset(),
    A.WITHDRAWN: frozenset(),
}
ACTIVE_APPLICATION_STATUSES = (A.APPLIED, A.ACCEPTED)


class VolunteerApplication(WorkflowModel):
    """A volunteer's application to a need; an accepted one is a match (accepted_at dates it)."""

    TRANSITIONS = APPLICATION_TRANSITIONS

    need = models.ForeignKey(
        VolunteerNeed, on_delete=models.CASCADE, related_name="applications", verbose_name=_("募集")
    )
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="applications", verbose_name=_("ボランティア")
    )
    message = models.TextField(_("応募メッセージ"), blank=True)
    status = models.CharField(
        _("状態"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    created_at = models.DateTimeField(_("応募日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("決定日時"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受入決定日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("ボランティア応募")
        verbose_name_plural = _("ボランティア応募")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name="groups_application_status"),
            models.UniqueConstraint(
                fields=["need", "volunteer"],
                condition=Q(status__in=ACTIVE_APPLICATION_STATUSES),
                name="groups_application_one_active",
                violation_error_message=_("この募集にはすでに応募しています。"),
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.ACCEPTED) | Q(accepted_at__isnull=False),
                name="groups_application_accepted_dated",
            ),
        ]
        indexes = [
            models.Index(
                fields=["accepted_at"], condition=Q(accepted_at__isnull=False), name="groups_application_accepted"
            ),
            models.Index(fields=["need", "status"], name="groups_application_need_status"),
            models.Index(fields=["-created_at", "-id"], name="groups_application_newest"),  # the admin's list
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.need}"

    @property
    def can_decide(self) -> bool:
        """The group may still accept or decline the application."""
        return self.can_move_to(ApplicationStatus.ACCEPTED) and self.can_move_to(ApplicationStatus.DECLINED)

    @property
    def can_withdraw(self) -> bool:
        return self.can_move_to(ApplicationStatus.WITHDRAWN)

    @property
    def is_active(self) -> bool:
        """Pending or accepted: the group sees the volunteer's contact details."""
        return self.status in ACTIVE_APPLICATION_STATUSES

    @property
    def is_accepted(self) -> bool:
        """A match: the group records the volunteer's activity against it."""
        return self.status == ApplicationStatus.ACCEPTED


class VolunteerApplicationStatusChange(StatusChangeBase):
    """One step of an application: who moved it from which status to which, when, and why."""

    LOGGED = "application"

    application = models.ForeignKey(
        VolunteerApplication, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("応募")
    )
    from_status, to_status = status_fields(ApplicationStatus, max_length=10)
    Meta = status_change_meta(
        "application", ApplicationStatus, prefix="groups_vastatuschange", name=_("応募の状態変更履歴")
    )
