"""The catalogue: facilities, their spaces, opening hours, closures and owner-granted windows."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited
from civic_portal.core.choices import Weekday
from civic_portal.core.models import Area


class FacilityKind(models.TextChoices):
    CENTER = "center", _("市民活動センター")
    COMMUNITY_CENTRE = "community_centre", _("地区公民館・コミュニティセンター")
    SCHOOL_CLASSROOM = "school_classroom", _("学校の余裕教室")
    VACANT_SHOP = "vacant_shop", _("空き店舗")


# Kinds whose owners lend the place only in windows they grant.
OWNER_WINDOW_KINDS = frozenset({FacilityKind.SCHOOL_CLASSROOM, FacilityKind.VACANT_SHOP})


class BookingMode(models.TextChoices):
    HERE = "here", _("このサイトで予約")
    EXTERNAL = "external", _("外部サイトで予約")
    PHONE = "phone", _("電話で予約")


# Barrier-free flags in display order (field name, label used in pages and open data).
BARRIER_FREE_FIELDS = (
    ("wheelchair_access", _("車いす対応")),
    ("elevator", _("エレベーター")),
    ("accessible_toilet", _("多機能トイレ")),
    ("hearing_loop", _("ヒアリングループ")),
    ("braille_blocks", _("点字ブロック")),
    ("accessible_parking", _("障害者用駐車場")),
)


@audited()
class Facility(models.Model):
    name = models.CharField(_("名称"), max_length=200)
    name_kana = models.CharField(_("名称カナ"), max_length=300, help_text=_("全角カタカナ"))
    name_en = models.CharField(_("名称（英字）"), max_length=200, blank=True, help_text=_("オープンデータの名称_英字"))
    kind = models.CharField(_("種別"), max_length=30, choices=FacilityKind.choices)
    is_center = models.BooleanField(_("市民活動センター本館"), default=False, help_text=_("来館者数の指標に数える施設"))
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="facilities", verbose_name=_("地区")
    )
    description = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True, help_text=_("オープンデータの説明_英語"))
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200)
    address_detail = models.CharField(_("方書"), max_length=200, blank=True, help_text=_("建物名・階など"))
    latitude = models.DecimalField(
        _("緯度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("経度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    access = models.TextField(_("交通アクセス"), blank=True)
    closed_days_note = models.CharField(
        _("休館日"), max_length=200, blank=True, help_text=_("例: 毎週月曜日、年末年始（12月29日〜1月3日）")
    )
    closed_on_holidays = models.BooleanField(_("祝日は休館"), default=False)
    wheelchair_access = models.BooleanField(_("車いす対応"), default=False)
    elevator = models.BooleanField(_("エレベーター"), default=False)
    accessible_toilet = models.BooleanField(_("多機能トイレ"), default=False)
    hearing_loop = models.BooleanField(_("ヒアリングループ"), default=False)
    braille_blocks = models.BooleanField(_("点字ブロック"), default=False)
    accessible_parking = models.BooleanField(_("障害者用駐車場"), default=False)
    barrier_free_note = models.CharField(_("バリアフリーの補足"), max_length=300, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    manager_name = models.CharField(_("管理者"), max_length=200, blank=True, help_text=_("管理する団体・所有者"))
    manager_corporate_number = models.CharField(_("管理者の法人番号"), max_length=13, blank=True)
    booking_mode = models.CharField(_("予約方法"), max_length=10, choices=BookingMode.choices, default=BookingMode.HERE)
    booking_url = models.URLField(_("予約サイトURL"), blank=True)
    booking_phone = models.CharField(_("予約電話番号"), max_length=20, blank=True)
    # Booking rules
    step_minutes = models.PositiveSmallIntegerField(_("予約単位（分）"), default=30)
    min_minutes = models.PositiveSmallIntegerField(_("最短利用時間（分）"), default=60)
    max_minutes = models.PositiveSmallIntegerField(_("最長利用時間（分）"), default=480)
    cleaning_minutes = models.PositiveSmallIntegerField(
        _("清掃・準備時間（分）"), default=0, help_text=_("利用後に次の予約まで空ける時間")
    )
    advance_days_registered = models.PositiveSmallIntegerField(
        _("予約受付期間（登録団体、日）"), default=90, help_text=_("何日先まで予約できるか")
    )
    advance_days_other = models.PositiveSmallIntegerField(_("予約受付期間（その他、日）"), default=30)
    monthly_quota_per_group = models.PositiveSmallIntegerField(
        _("団体ごとの月間予約上限"), default=0, help_text=_("0は上限なし")
    )
    cancel_deadline_days = models.PositiveSmallIntegerField(_("取消期限（利用日の何日前まで）"), default=1)
    cancel_fee_days = models.PositiveSmallIntegerField(
        _("取消料がかかる期間（利用日の何日前から）"),
        default=0,
        db_default=0,
        help_text=_("0は取消料なし。例: 7なら利用日の7日前の0時以降の取消に取消料がかかります"),
    )
    cancel_fee_percent = models.PositiveSmallIntegerField(
        _("取消料（請求額の%）"),
        default=0,
        db_default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("その期間に申込者が取り消したときの取消料。請求額のうち残りは還付します"),
    )
    auto_confirm = models.BooleanField(_("自動で予約確定"), default=False)
    payment_due_days = models.PositiveSmallIntegerField(
        _("使用料の支払期限（確定から何日以内）"),
        default=0,
        db_default=0,
        help_text=_("0は期限なし（利用日に窓口で支払い）。期限までに支払いがない予約は毎日の処理で取り消します"),
    )
    is_published = models.BooleanField(_("公開"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("施設")
        verbose_name_plural = _("施設")
        ordering = ["sort_order", "name_kana", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FacilityKind.values), name="facilities_facility_kind_valid"),
            models.CheckConstraint(
                condition=Q(booking_mode__in=BookingMode.values), name="facilities_facility_booking_mode_valid"
            ),
            models.CheckConstraint(
                condition=~Q(booking_mode=BookingMode.EXTERNAL) | ~Q(booking_url=""),
                name="facilities_facility_external_has_url",
                violation_error_message=_("外部サイトで予約する施設には予約サイトURLが必要です。"),
            ),
            models.CheckConstraint(
                condition=~Q(booking_mode=BookingMode.PHONE) | ~Q(booking_phone=""),
                name="facilities_facility_phone_has_number",
                violation_error_message=_("電話で予約する施設には予約電話番号が必要です。"),
            ),
            models.CheckConstraint(
                condition=Q(cancel_fee_percent__lte=100), name="facilities_facility_cancel_fee_percent"
            ),
            models.CheckConstraint(
                condition=Q(min_minutes__gt=0, step_minutes__gt=0) & Q(min_minutes__lte=F("max_minutes")),
                name="facilities_facility_length_rule",
                violation_error_message=_("最短利用時間は最長利用時間以下にしてください。"),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "sort_order", "name_kana"], name="fac_facility_list"),
            models.Index(fields=["kind"], name="fac_facility_kind"),
            # The catalogue's barrier-free filters: one partial index per feature, in the catalogue's order.
            *(
                models.Index(
                    fields=["sort_order", "name_kana"],
                    condition=Q(is_published=True, **{name: True}),
                    name=f"fac_bf_{name}"[:30],
                )
                for name, _label in BARRIER_FREE_FIELDS
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def uses_owner_windows(self) -> bool:
        return self.kind in OWNER_WINDOW_KINDS

    @property
    def bookable_here(self) -> bool:
        return self.booking_mode == BookingMode.HERE

    def barrier_free_labels(self) -> list[str]:
        return [str(label) for field, label in BARRIER_FREE_FIELDS if getattr(self, field)]


class FacilityPhoto(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="photos", verbose_name=_("施設"))
    space = models.ForeignKey(
        "Space", on_delete=models.CASCADE, null=True, blank=True, related_name="photos", verbose_name=_("部屋")
    )
    image = models.ImageField(_("写真"), upload_to="facilities/photos/%Y/")
    alt_text = models.CharField(_("代替テキスト"), max_length=200, help_text=_("写真の内容の説明"))
    licence = models.CharField(
        _("ライセンス"), max_length=100, blank=True, help_text=_("オープンデータの画像_ライセンス。例: CC BY 4.0")
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("施設の写真")
        verbose_name_plural = _("施設の写真")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.alt_text


@audited()
class OpeningHours(models.Model):
    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("施設")
    )
    weekday = models.PositiveSmallIntegerField(_("曜日"), choices=Weekday.choices)
    opens = models.TimeField(_("開館"))
    closes = models.TimeField(_("閉館"))

    class Meta:
        verbose_name = _("開館時間")
        verbose_name_plural = _("開館時間")
        ordering = ["facility", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "weekday"], name="facilities_openinghours_unique"),
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")),
                name="facilities_openinghours_order",
                violation_error_message=_("閉館時刻は開館時刻より後にしてください。"),
            ),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="facilities_openinghours_day"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class TimeSlot(models.Model):
    """A named slot offered on the booking form (午前 / 午後 / 夜間); free times in steps remain possible."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="time_slots", verbose_name=_("施設"))
    name = models.CharField(_("区分"), max_length=20)
    starts = models.TimeField(_("開始"))
    ends = models.TimeField(_("終了"))

    class Meta:
        verbose_name = _("利用区分")
        verbose_name_plural = _("利用区分")
        ordering = ["facility", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(starts__lt=F("ends")), name="facilities_timeslot_order"),
            models.UniqueConstraint(fields=["facility", "name"], name="facilities_timeslot_unique"),
        ]

    def __str__(self):
        return f"{self.name}（{self.starts:%H:%M}〜{self.ends:%H:%M}）"


@audited()
class Closure(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="closures", verbose_name=_("施設"))
    first_day = models.DateField(_("開始日"))
    last_day = models.DateField(_("終了日"))
    reason = models.CharField(_("理由"), max_length=200, help_text=_("例: 年末年始、設備点検"))

    class Meta:
        verbose_name = _("休館日")
        verbose_name_plural = _("休館日")
        ordering = ["facility", "first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")),
                name="facilities_closure_order",
                violation_error_message=_("終了日は開始日以降にしてください。"),
            )
        ]
        indexes = [models.Index(fields=["facility", "first_day", "last_day"], name="fac_closure_span")]

    def __str__(self):
        return f"{self.facility} {self.first_day}〜{self.last_day} {self.reason}"


class OwnerWindow(models.Model):
    """A period the owner of a vacant shop or school classroom lends the place for civic use."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="owner_windows", verbose_name=_("施設")
    )
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    note = models.CharField(_("備考"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("所有者が提供する利用枠")
        verbose_name_plural = _("所有者が提供する利用枠")
        ordering = ["facility", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")),
                name="facilities_ownerwindow_order",
                violation_error_message=_("終了日時は開始日時より後にしてください。"),
            )
        ]
        indexes = [models.Index(fields=["facility", "starts_at", "ends_at"], name="fac_ownerwindow_span")]

    def __str__(self):
        return f"{self.facility} {self.starts_at:%Y-%m-%d %H:%M}〜{self.ends_at:%H:%M}"


class Space(models.Model):
    """A bookable room. A divisible hall lists its parts; booking it occupies each part."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("施設"))
    name = models.CharField(_("名称"), max_length=100)
    capacity = models.PositiveIntegerField(_("定員"))
    floor_area = models.DecimalField(_("面積（㎡）"), max_digits=7, decimal_places=1, null=True, blank=True)
    equipment = models.TextField(_("備え付け設備"), blank=True, help_text=_("例: ホワイトボード、マイク"))
    parts = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="combinations",
        verbose_name=_("構成する部屋"),
        help_text=_("分割利用できるホールの場合、その部分となる部屋"),
    )
    is_active = models.BooleanField(_("予約受付中"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    fee_bands: list[dict]  # not a field: set by facilities.selectors.fee_schedule() for the fees page
    room_photos: list["FacilityPhoto"]  # not a field: set by facilities.selectors.attach_space_photos()

    class Meta:
        verbose_name = _("部屋")
        verbose_name_plural = _("部屋")
        ordering = ["facility", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="facilities_space_unique_name"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="facilities_space_capacity_positive"),
        ]
        indexes = [models.Index(fields=["capacity"], name="fac_space_capacity")]

    def __str__(self):
        return f"{self.facility.name} {self.name}"
