"""Bookings, their workflow log, and the occupancies the database keeps from overlapping."""

import secrets

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import StatusChangeBase, WorkflowModel, status_change_meta, status_fields
from civic_portal.core.storage import RandomName, private_storage
from groups.models import Group

from ..querysets import BookingQuerySet, OccupancyQuerySet
from .catalogue import Space
from .fees import ExemptionRule


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("申請中")
    CONFIRMED = "confirmed", _("予約確定")
    DECLINED = "declined", _("お断り")
    CANCELLED = "cancelled", _("取消")
    USED = "used", _("利用済")
    NO_SHOW = "no_show", _("無断不使用")
    PROVISIONAL = "provisional", _("仮予約（確定待ち）")


B = BookingStatus
# The booking workflow in one table: from-status -> statuses it may move to.
BOOKING_TRANSITIONS: dict[str, frozenset[str]] = {
    B.REQUESTED: frozenset({B.CONFIRMED, B.DECLINED, B.CANCELLED}),
    B.CONFIRMED: frozenset({B.CANCELLED, B.USED, B.NO_SHOW}),
    B.DECLINED: frozenset(),
    B.CANCELLED: frozenset(),
    B.USED: frozenset(),
    B.NO_SHOW: frozenset(),
    # A provisional booking (a lottery win) holds its room until its confirm-by time: confirmed or released.
    B.PROVISIONAL: frozenset({B.CONFIRMED, B.CANCELLED}),
}
# Bookings in these statuses hold their time (a used or no-show booking did take the room).
ACTIVE_BOOKING_STATUSES = frozenset({B.REQUESTED, B.CONFIRMED, B.USED, B.NO_SHOW, B.PROVISIONAL})
# Bookings still to take place (the public and group calendar feeds).
LIVE_BOOKING_STATUSES = frozenset({B.REQUESTED, B.CONFIRMED, B.PROVISIONAL})
# Bookings the center has granted: they have a use permit (使用許可書) to print.
PERMITTED_BOOKING_STATUSES = frozenset({B.CONFIRMED, B.USED, B.NO_SHOW})


class ExemptionState(models.TextChoices):
    NONE = "none", _("減免なし")
    AUTOMATIC = "automatic", _("自動適用")
    APPLIED = "applied", _("申請中（職員確認待ち）")
    APPROVED = "approved", _("承認")
    REJECTED = "rejected", _("不承認")


class PaymentState(models.TextChoices):
    UNPAID = "unpaid", _("未払い")
    PAID = "paid", _("支払済")
    EXEMPT = "exempt", _("減免（支払不要）")
    REFUNDED = "refunded", _("還付")


class Booking(WorkflowModel):
    TRANSITIONS = BOOKING_TRANSITIONS

    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("部屋"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facility_bookings", verbose_name=_("申込者")
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facility_bookings",
        verbose_name=_("利用団体"),
    )
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    purpose = models.CharField(_("利用目的"), max_length=200)
    expected_attendees = models.PositiveIntegerField(_("予定人数"))
    attendees = models.PositiveIntegerField(_("利用人数"), null=True, blank=True)
    status = models.CharField(_("状態"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED)
    series = models.UUIDField(_("繰り返し予約ID"), null=True, blank=True)
    # Price breakdown, fixed when booked (yen).
    room_fee = models.PositiveIntegerField(_("施設使用料（定価）"), default=0)
    equipment_fee = models.PositiveIntegerField(_("備品使用料（定価）"), default=0)
    list_price = models.PositiveIntegerField(_("定価合計"), default=0)
    exemption_rule = models.ForeignKey(
        ExemptionRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("適用した減免基準"),
    )
    exemption_percent = models.PositiveSmallIntegerField(_("減免率（%）"), default=0)
    exemption_state = models.CharField(
        _("減免の状態"), max_length=20, choices=ExemptionState.choices, default=ExemptionState.NONE
    )
    exemption_evidence = models.FileField(
        _("減免の証明書類"), upload_to=RandomName("facilities/evidence"), storage=private_storage, blank=True
    )
    final_price = models.PositiveIntegerField(_("請求額"), default=0)
    cancellation_fee = models.PositiveIntegerField(
        _("取消料"),
        default=0,
        db_default=0,
        help_text=_("申込者が取り消したときに施設の規則で決まった額（残りは還付）"),
    )
    price_lines = models.JSONField(_("料金内訳"), default=list, blank=True)
    hold_until = models.DateTimeField(
        _("確定期限"), null=True, blank=True, help_text=_("仮予約はこの日時までに確定しないと取り消されます")
    )
    pay_by = models.DateTimeField(
        _("支払期限"), null=True, blank=True, help_text=_("この日時までに支払いがないと予約は取り消されます")
    )
    payment_state = models.CharField(
        _("支払状況"), max_length=20, choices=PaymentState.choices, default=PaymentState.UNPAID, db_default="unpaid"
    )
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("施設予約")
        verbose_name_plural = _("施設予約")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")),
                name="facilities_booking_order",
                violation_error_message=_("終了日時は開始日時より後にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="facilities_booking_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(exemption_state__in=ExemptionState.values), name="facilities_booking_exemption_valid"
            ),
            models.CheckConstraint(
                condition=Q(exemption_percent__lte=100), name="facilities_booking_exemption_percent"
            ),
            models.CheckConstraint(
                condition=Q(list_price=F("room_fee") + F("equipment_fee")) & Q(final_price__lte=F("list_price")),
                name="facilities_booking_price_sums",
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.USED) | Q(attendees__isnull=False),
                name="facilities_booking_used_has_attendees",
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.PROVISIONAL) | Q(hold_until__isnull=False),
                name="facilities_booking_provisional_has_deadline",
            ),
            models.CheckConstraint(
                condition=Q(payment_state__in=PaymentState.values), name="facilities_booking_payment_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["space", "starts_at"], name="fac_booking_space_start"),
            models.Index(fields=["status", "starts_at"], name="fac_booking_status_start"),
            models.Index(fields=["group", "starts_at"], name="fac_booking_group_start"),
            models.Index(fields=["user", "-starts_at"], name="fac_booking_user_start"),
            models.Index(fields=["series"], name="fac_booking_series"),
            # The admin's list (newest first, read backwards) and its filter of exemptions awaiting review.
            models.Index(fields=["starts_at", "id"], name="fac_booking_start"),
            models.Index(fields=["exemption_state", "starts_at", "id"], name="fac_booking_exemption_start"),
            # The admin's search (icontains is UPPER(...) LIKE): terms of three characters or more.
            GinIndex(OpClass(Upper("purpose"), name="gin_trgm_ops"), name="fac_booking_purpose_trgm"),
        ]

    def __str__(self):
        return f"{self.space} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING_STATUSES

    @property
    def awaits_exemption_review(self) -> bool:
        """An exemption was applied for and staff must check its evidence before the booking is confirmed."""
        return self.exemption_state == ExemptionState.APPLIED

    @property
    def price_if_granted(self) -> int:
        """What the booker will pay once the exemption applied for is granted (shown beside 「減免申請中」)."""
        from ..pricing import reviewed_price

        return reviewed_price(room_fee=self.room_fee, equipment_fee=self.equipment_fee, rule=self.exemption_rule)

    @property
    def can_confirm(self) -> bool:
        """Staff may confirm or decline the request."""
        return self.can_move_to(BookingStatus.CONFIRMED)

    @property
    def cancel_deadline(self):
        """End of the day N days before the booking (N: the facility's cancellation deadline); the booker may
        cancel until then."""
        import datetime as dt

        day = timezone.localtime(self.starts_at).date() - dt.timedelta(days=self.space.facility.cancel_deadline_days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time.max))

    def cancellation_fee_at(self, when) -> int:
        """The fee the booker owes for cancelling at `when` by the facility's rule (0 before its period begins):
        floor(price x %), the rest refunded."""
        import datetime as dt

        facility = self.space.facility
        if not (facility.cancel_fee_days and facility.cancel_fee_percent):
            return 0
        day = timezone.localtime(self.starts_at).date() - dt.timedelta(days=facility.cancel_fee_days)
        if when < timezone.make_aware(dt.datetime.combine(day, dt.time.min)):
            return 0
        return self.final_price * facility.cancel_fee_percent // 100

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.starts_at

    @property
    def can_check_in(self) -> bool:
        """The front desk may record the use (with attendees) or a no-show: a confirmed booking once it has begun."""
        return self.can_move_to(BookingStatus.USED) and self.has_started

    @property
    def awaits_start(self) -> bool:
        """Confirmed but not begun: the front desk records its use or no-show only once it has."""
        return self.can_move_to(BookingStatus.USED) and not self.has_started

    def transition_problem(self, to: str) -> str | None:
        """Use and no-show are recorded only once the booking has begun (a future booking keeps its room and loans);
        a provisional booking is confirmed only until its confirm-by time."""
        if self.status == BookingStatus.PROVISIONAL and to == BookingStatus.CONFIRMED and self.hold_expired:
            return gettext("確定期限（%(deadline)s）を過ぎたため、この仮予約は確定できません。") % {
                "deadline": f"{timezone.localtime(self.hold_until):%Y-%m-%d %H:%M}"
            }
        if to in (BookingStatus.USED, BookingStatus.NO_SHOW) and not self.has_started:
            return gettext("利用開始（%(start)s）より前は、利用受付も無断不使用の記録もできません。") % {
                "start": f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"
            }
        return None

    @property
    def hold_expired(self) -> bool:
        return self.hold_until is not None and timezone.now() > self.hold_until

    @property
    def is_provisional(self) -> bool:
        return self.status == BookingStatus.PROVISIONAL

    @property
    def is_unpaid(self) -> bool:
        return self.payment_state == PaymentState.UNPAID

    @property
    def is_paid(self) -> bool:
        return self.payment_state == PaymentState.PAID

    @property
    def is_refunded(self) -> bool:
        return self.payment_state == PaymentState.REFUNDED

    @property
    def has_receipt(self) -> bool:
        """Money was taken (and perhaps is owed back): its receipt can be printed."""
        return self.payment_state in (PaymentState.PAID, PaymentState.REFUNDED)

    @property
    def has_permit(self) -> bool:
        """The booking was granted (confirmed, then used or not): its use permit can be printed."""
        return self.status in PERMITTED_BOOKING_STATUSES

    @property
    def discount(self) -> int:
        return self.list_price - self.final_price

    @property
    def booker_name(self) -> str:
        return self.group.name if self.group else self.user.full_name


class BookingStatusChange(StatusChangeBase):
    """One step of a booking's workflow: who, when, from, to, note."""

    LOGGED = "booking"

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("予約")
    )
    from_status, to_status = status_fields(BookingStatus, max_length=20)
    Meta = status_change_meta("booking", BookingStatus, prefix="fac_bsc", name=_("予約の状態変更履歴"))


class Occupancy(models.Model):
    """One physical space held by one booking for [start, end + cleaning); active ones may never overlap."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="occupancies", verbose_name=_("予約"))
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="occupancies", verbose_name=_("部屋"))
    during = DateTimeRangeField(_("占有時間"))
    is_active = models.BooleanField(_("有効"), default=True)

    objects = OccupancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("部屋の占有")
        verbose_name_plural = _("部屋の占有")
        constraints = [
            ExclusionConstraint(
                name="facilities_occupancy_no_overlap",
                expressions=[("space", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(is_active=True),
                violation_error_message=_("この時間帯はすでに予約が入っています。別の時間か部屋を選んでください。"),
            ),
            models.CheckConstraint(
                condition=Q(during__isempty=False) & Q(during__lower_inf=False) & Q(during__upper_inf=False),
                name="facilities_occupancy_bounded",
            ),
            models.UniqueConstraint(fields=["booking", "space"], name="facilities_occupancy_unique"),
        ]

    def __str__(self):
        return f"{self.space_id}: {self.during}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class GroupCalendar(models.Model):
    """The secret token of a group's private iCal feed; staff can reset it."""

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="facility_calendar", verbose_name=_("団体")
    )
    token = models.CharField(_("秘密のトークン"), max_length=64, unique=True, default=_new_token)
    reset_at = models.DateTimeField(_("発行日時"), auto_now=True)

    class Meta:
        verbose_name = _("団体の予約カレンダー")
        verbose_name_plural = _("団体の予約カレンダー")

    def __str__(self):
        return str(self.group)
