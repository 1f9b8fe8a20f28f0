"""Booking workflow: create (rules, lock, occupancies, price), confirm, decline, cancel, check in, no-show, series."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.workflow import log_status_change, transition
from groups.models import Group
from groups.permissions import can_act_for_group, group_standing_problem

from ..availability import occupied_range, physical_space_ids, time_problems
from ..models import (
    Booking,
    BookingStatus,
    EquipmentType,
    ExemptionRule,
    ExemptionState,
    Occupancy,
    PaymentState,
    Space,
)
from ..pricing import qualifying_rules, quote, reviewed_price
from .equipment import loan_cancel, loan_create
from .notifications import notify_booking, notify_desk_cancelled

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from civic_portal.accounts.models import User

CONFLICT_MESSAGE = "この時間帯はすでに予約が入っています。別の時間か部屋を選んでください。"


def _conflict_message() -> str:
    return _(CONFLICT_MESSAGE)


def load_space(space: Space | int) -> Space:
    """A space with its facility, parts, fee rates and the facility's calendar rules, as booking checks read them."""
    pk = space.pk if isinstance(space, Space) else space
    loaded = (
        Space.objects.select_related("facility")
        .prefetch_related("parts", "fee_rates", "facility__opening_hours", "facility__closures")
        .get(pk=pk)
    )
    if loaded.facility.uses_owner_windows:  # only these facilities are booked within their owner's windows
        prefetch_related_objects([loaded.facility], "owner_windows")
    return loaded


def _has_conflict(space_ids: list[int], during, *, exclude_booking: int | None = None) -> bool:
    qs = Occupancy.objects.overlapping(space_ids, during)
    if exclude_booking:
        qs = qs.exclude(booking_id=exclude_booking)
    return qs.exists()


def _quota_problem(space: Space, group: Group | None, starts_at: dt.datetime) -> str | None:
    facility = space.facility
    if group is None or not facility.monthly_quota_per_group:
        return None
    local = timezone.localtime(starts_at)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    count = (
        Booking.objects.active()
        .filter(
            group=group,
            space__facility=facility,
            starts_at__gte=month_start,
            starts_at__lt=next_month,
        )
        .count()
    )
    if count >= facility.monthly_quota_per_group:
        return _("この施設の予約は1団体あたり月%(n)d件までです（%(month)s）。") % {
            "n": facility.monthly_quota_per_group,
            "month": f"{local:%Y年%m月}",
        }
    return None


def booking_check_request(
    *,
    user: User,
    space: Space,
    group: Group | None,
    expected_attendees: int,
    equipment: Sequence[tuple[EquipmentType, int]] = (),
) -> None:
    """Who books and for how many: the booker must act for the group, attendees fit, equipment is this facility's."""
    if group is not None and (problem := group_standing_problem(group)):
        raise ValidationError({"group": problem})
    if group is not None and not (can_act_for_group(user, group) or is_center_staff(user)):
        raise ValidationError({"group": _("この団体の代理で予約する権限がありません。")})
    if expected_attendees > space.capacity:
        raise ValidationError({"expected_attendees": _("定員（%(n)d人）を超えています。") % {"n": space.capacity}})
    if any(et.facility_id != space.facility_id for et, _qty in equipment):
        raise ValidationError(_("この施設の備品だけを一緒に借りられます。"))


def booking_problems(
    *,
    space: Space,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    group: Group | None,
    now: dt.datetime | None = None,
    advance: bool = True,
) -> list[str]:
    """All reasons a time cannot be booked (rules, quota, existing bookings); empty when it can."""
    now = now or timezone.now()
    facility = space.facility
    if not facility.bookable_here:
        return [_("この施設はこのサイトでは予約できません。")]
    if not space.is_active:
        return [_("この部屋は現在予約を受け付けていません。")]
    registered = group is not None and group.is_public
    problems = time_problems(
        facility=facility, starts_at=starts_at, ends_at=ends_at, registered=registered, now=now, advance=advance
    )
    if problems:
        return problems
    if problem := _quota_problem(space, group, starts_at):
        problems.append(problem)
    if problem := lottery_problem(space, starts_at):
        problems.append(problem)
    if _has_conflict(physical_space_ids(space), occupied_range(facility, starts_at, ends_at)):
        problems.append(_conflict_message())
    return problems


def lottery_problem(space: Space, starts_at: dt.datetime) -> str | None:
    """A month a lottery covers is booked first-come-first-served only once it has been drawn."""
    from ..models import LotteryStatus, LotteryWindow

    month = timezone.localtime(starts_at).date().replace(day=1)
    window = (
        LotteryWindow.objects.filter(
            status=LotteryStatus.OPEN, month=month, spaces__in=[space.pk, *physical_space_ids(space)]
        )
        .order_by("pk")
        .first()
    )
    if window is None:
        return None
    return _(
        "%(month)sのこの部屋は抽選（%(name)s、申込は%(until)sまで）で受け付けます。抽選の後は先着順で予約できます。"
    ) % {
        "month": f"{month:%Y年%m月}",
        "name": window.name,
        "until": f"{window.applies_until:%Y-%m-%d}",
    }


def set_payment_terms(booking: Booking) -> list[str]:
    """On confirmation: a free booking needs no payment; otherwise the facility's deadline to pay, if it has one
    (never later than the start). Returns the fields it set."""
    if booking.final_price == 0:
        booking.payment_state = PaymentState.EXEMPT
        return ["payment_state"]
    days = booking.space.facility.payment_due_days
    if not days or booking.payment_state != PaymentState.UNPAID:
        return []
    day = timezone.localdate() + dt.timedelta(days=days)
    booking.pay_by = min(timezone.make_aware(dt.datetime.combine(day, dt.time.max)), booking.starts_at)
    return ["pay_by"]


def _insert_occupancies(booking: Booking, space: Space) -> None:
    during = occupied_range(space.facility, booking.starts_at, booking.ends_at)
    # No savepoint of its own: a conflict ends the caller's atomic booking_create, which rolls the booking back.
    try:
        Occupancy.objects.bulk_create(
            [Occupancy(booking=booking, space_id=pk, during=during) for pk in physical_space_ids(space)]
        )
    except IntegrityError as exc:
        raise ValidationError(_conflict_message(), code="conflict") from exc


@transaction.atomic
def booking_create(
    *,
    user: User,
    space: Space | int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    expected_attendees: int,
    group: Group | None = None,
    equipment: Sequence[tuple[EquipmentType, int]] = (),
    exemption_rule: ExemptionRule | None = None,
    exemption_evidence: UploadedFile | str | None = None,
    series: uuid.UUID | None = None,
    notify: bool = True,
    hold_until: dt.datetime | None = None,
) -> Booking:
    """Book a space: rules and quota checked, the rooms locked, occupancies inserted (the DB forbids overlaps).

    `exemption_evidence` is an upload, or the stored name of one already saved (the other dates of a series).
    `hold_until` makes it a provisional booking (a lottery win) that holds the rooms until then; the lottery's own
    period opened its month, so such a booking is not held to the advance booking window.
    Raises ValidationError with a Japanese message for any broken rule, a conflict, or a race lost.
    """
    space = load_space(space)
    booking_check_request(
        user=user, space=space, group=group, expected_attendees=expected_attendees, equipment=equipment
    )
    if exemption_rule is not None and exemption_rule.is_automatic:
        exemption_rule = None  # automatic rules are found by the calculator; only applied-for rules are chosen
    # Serialise bookings of the same rooms: lock them in a fixed order before checking and inserting.
    space_ids = physical_space_ids(space)
    list(Space.objects.select_for_update().filter(pk__in=space_ids).order_by("pk").values_list("pk", flat=True))
    if group is not None and space.facility.monthly_quota_per_group:
        # The quota counts across rooms: serialise a group's bookings too (after the rooms, always in this order).
        list(Group.objects.select_for_update().filter(pk=group.pk).values_list("pk", flat=True))
    problems = booking_problems(
        space=space, starts_at=starts_at, ends_at=ends_at, group=group, advance=hold_until is None
    )
    if problems:
        raise ValidationError(problems)
    price = quote(
        space=space, starts_at=starts_at, ends_at=ends_at, group=group, equipment=equipment, applied_rule=exemption_rule
    )
    if price.rule is None:
        state = ExemptionState.NONE
    elif price.rule.is_automatic:
        state = ExemptionState.AUTOMATIC
    else:
        state = ExemptionState.APPLIED
    booking = Booking.objects.create(
        space=space,
        user=user,
        group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        expected_attendees=expected_attendees,
        series=series,
        room_fee=price.room_fee,
        equipment_fee=price.equipment_fee,
        list_price=price.list_price,
        exemption_rule=price.rule,
        exemption_percent=price.percent,
        exemption_state=state,
        exemption_evidence=exemption_evidence or "",
        final_price=price.charged_price,
        price_lines=price.lines,
        status=BookingStatus.PROVISIONAL if hold_until else BookingStatus.REQUESTED,
        hold_until=hold_until,
        payment_state=PaymentState.EXEMPT if price.charged_price == 0 else PaymentState.UNPAID,
    )
    _insert_occupancies(booking, space)
    log_status_change(booking, from_status="", by=user)
    for equipment_type, quantity in equipment:
        loan_create(
            user=user,
            group=group,
            equipment_type=equipment_type,
            quantity=quantity,
            starts_at=starts_at,
            ends_at=ends_at,
            booking=booking,
        )
    note = ""
    if space.facility.auto_confirm and state != ExemptionState.APPLIED and not hold_until:
        note = _("自動確定")
        transition(booking, to=BookingStatus.CONFIRMED, by=None, note=note, fields=set_payment_terms(booking))
    if notify:
        notify_booking(booking, note=note)
    return booking


def _lock(booking: Booking | int) -> Booking:
    pk = booking.pk if isinstance(booking, Booking) else booking
    return Booking.objects.select_for_update(of=("self",)).select_related("space__facility", "user", "group").get(pk=pk)


@transaction.atomic
def booking_confirm(*, booking: Booking | int, by: User, note: str = "") -> Booking:
    """Staff confirm a requested booking; an exemption applied for must be reviewed first."""
    booking = _lock(booking)
    if booking.awaits_exemption_review:
        raise ValidationError(_("減免申請の書類を確認してから確定してください。"))
    transition(booking, to=BookingStatus.CONFIRMED, by=by, note=note, fields=set_payment_terms(booking))
    notify_booking(booking)
    return booking


@transaction.atomic
def booking_decline(*, booking: Booking | int, by: User, note: str) -> Booking:
    """Staff decline a requested booking with a reason; its rooms and equipment are released."""
    booking = _lock(booking)
    if not note.strip():
        raise ValidationError({"note": _("お断りの理由を入力してください。")})
    transition(booking, to=BookingStatus.DECLINED, by=by, note=note)
    _release(booking, by=by)
    notify_booking(booking)
    return booking


def _release(booking: Booking, *, by: User | None) -> None:
    """A booking that no longer takes place frees its rooms (if it no longer holds its time) and cancels the
    equipment still reserved for it, each loan through its own workflow."""
    from ..models import LoanStatus

    if not booking.is_active:
        booking.occupancies.update(is_active=False)
    note = _("予約が「%(status)s」になったため") % {"status": booking.get_status_display()}
    for loan in booking.loans.filter(status=LoanStatus.RESERVED).order_by("pk"):
        loan_cancel(loan=loan, by=by, note=note)


def can_cancel(user: User, booking: Booking, *, now: dt.datetime | None = None) -> bool:
    """Staff may always cancel; the booker (or a manager of its group) until the facility's deadline."""
    if is_center_staff(user):
        return True
    if booking.user_id != user.pk and not (booking.group and can_act_for_group(user, booking.group)):
        return False
    return (now or timezone.now()) < cancel_deadline(booking)


def cancel_deadline(booking: Booking) -> dt.datetime:
    """End of the day N days before the booking (N is the facility's cancellation deadline); the booker may
    cancel until then."""
    return booking.cancel_deadline


CANCEL_REASON_MAX = 500


def cancel_refusal(user: User, booking: Booking, *, now: dt.datetime | None = None) -> str | None:
    """Why `user` cannot cancel `booking` now, in Japanese (past the deadline: whom to call instead); None if they
    can."""
    if not booking.can_move_to(BookingStatus.CANCELLED):
        return _("「%(status)s」の予約は取り消せません。") % {"status": booking.get_status_display()}
    if can_cancel(user, booking, now=now):
        return None
    if booking.user_id != user.pk and not (booking.group and can_act_for_group(user, booking.group)):
        return _("この予約を取り消す権限がありません。")
    facility = booking.space.facility
    text = _("取消期限（%(deadline)s）を過ぎたため、このサイトでは取り消せません。") % {
        "deadline": f"{timezone.localtime(cancel_deadline(booking)):%Y-%m-%d %H:%M}"
    }
    phone = facility.phone or facility.booking_phone
    if phone:
        return text + _("%(name)s（電話 %(phone)s）にご連絡ください。") % {"name": facility.name, "phone": phone}
    return text + _("%(name)sの窓口にご連絡ください。") % {"name": facility.name}


def cancellation_fee(user: User, booking: Booking, *, now: dt.datetime | None = None) -> int:
    """The fee `user` would owe for cancelling now by the facility's rule; staff cancel without one."""
    if is_center_staff(user):
        return 0
    return booking.cancellation_fee_at(now or timezone.now())


@transaction.atomic
def booking_cancel(*, booking: Booking | int, by: User, note: str = "", now: dt.datetime | None = None) -> Booking:
    """Cancel a booking: the booker before the deadline, staff any time, with an optional reason; the facility's
    cancellation fee is fixed on the booking (the rest of the price is to be refunded), rooms and loans are
    released, and the booker and the facility's front desk are told (mail queued, sent after commit)."""
    booking = _lock(booking)
    note = note.strip()
    if len(note) > CANCEL_REASON_MAX:
        raise ValidationError({"note": _("理由は%(n)d文字以内で入力してください。") % {"n": CANCEL_REASON_MAX}})
    if problem := cancel_refusal(by, booking, now=now):
        raise ValidationError(problem)
    booking.cancellation_fee = cancellation_fee(by, booking, now=now)
    fields = ["cancellation_fee"]
    if booking.payment_state == PaymentState.PAID and booking.final_price > booking.cancellation_fee:
        booking.payment_state = PaymentState.REFUNDED  # the rest of what was paid is to be refunded
        fields.append("payment_state")
    transition(booking, to=BookingStatus.CANCELLED, by=by, note=note, fields=fields)
    _release(booking, by=by)
    notify_booking(booking, note=note)
    notify_desk_cancelled(booking, by=by, note=note)
    return booking


@transaction.atomic
def booking_check_in(*, booking: Booking | int, by: User, attendees: int) -> Booking:
    """Front desk: mark a confirmed booking used with the number of attendees (counted for the indicators)."""
    booking = _lock(booking)
    if attendees < 0:
        raise ValidationError({"attendees": _("人数は0以上で入力してください。")})
    booking.attendees = attendees
    transition(
        booking, to=BookingStatus.USED, by=by, note=_("利用人数 %(n)d人") % {"n": attendees}, fields=["attendees"]
    )
    notify_booking(booking)
    return booking


@transaction.atomic
def booking_no_show(*, booking: Booking | int, by: User) -> Booking:
    """Front desk: a confirmed booking nobody came for; equipment still reserved for it is released."""
    booking = transition(_lock(booking), to=BookingStatus.NO_SHOW, by=by)
    _release(booking, by=by)
    notify_booking(booking)
    return booking


@transaction.atomic
def booking_exemption_review(*, booking: Booking | int, by: User, approved: bool, note: str = "") -> Booking:
    """Staff check the evidence of an exemption applied for; rejected means the automatic rule or list price."""
    booking = _lock(booking)
    if not booking.awaits_exemption_review:
        raise ValidationError(_("確認待ちの減免申請はありません。"))
    fees = {"room_fee": booking.room_fee, "equipment_fee": booking.equipment_fee}
    if approved:
        booking.exemption_state = ExemptionState.APPROVED
        booking.final_price = reviewed_price(**fees, rule=booking.exemption_rule)
    else:
        rules = list(ExemptionRule.objects.filter(is_active=True))
        automatic = max(qualifying_rules(group=booking.group, rules=rules), key=lambda r: r.percentage, default=None)
        booking.exemption_rule = automatic
        booking.exemption_percent = automatic.percentage if automatic else 0
        booking.final_price = reviewed_price(**fees, rule=automatic)
        booking.exemption_state = ExemptionState.AUTOMATIC if automatic else ExemptionState.REJECTED
    if booking.payment_state in (PaymentState.UNPAID, PaymentState.EXEMPT):
        booking.payment_state = PaymentState.EXEMPT if booking.final_price == 0 else PaymentState.UNPAID
    booking.save()
    # Not a move: the log notes the review under the booking's unchanged status.
    log_status_change(
        booking,
        from_status=booking.status,
        by=by,
        note=(_("減免承認") if approved else _("減免不承認")) + (f": {note}" if note else ""),
    )
    return booking
