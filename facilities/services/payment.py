"""Payments the front desk records, and the daily release of holds nobody confirmed or paid."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.fiscal import fiscal_year
from civic_portal.core.workflow import log_status_change, transition

from ..models import Booking, BookingStatus, Payment, PaymentMethod, PaymentState
from .bookings import _lock, _release
from .notifications import notify_booking

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

logger = logging.getLogger(__name__)

PAYABLE_STATUSES = frozenset({BookingStatus.CONFIRMED, BookingStatus.USED, BookingStatus.NO_SHOW})


@transaction.atomic
def payment_record(
    *, booking: Booking | int, by: User, amount: int, method: str, paid_on: dt.date, receipt_number: str
) -> Payment:
    """Center staff record the payment of a confirmed booking's fee: the whole amount, how, which day, and a receipt
    number not yet used in that fiscal year; the booking becomes 支払済 and the step is logged."""
    if not is_center_staff(by):
        raise PermissionDenied
    booking = _lock(booking)
    if booking.payment_state == PaymentState.EXEMPT:
        raise ValidationError(_("減免により、この予約の支払いは不要です。"))
    if booking.payment_state != PaymentState.UNPAID:
        raise ValidationError(_("この予約の支払いはすでに記録されています。"))
    if booking.status not in PAYABLE_STATUSES:
        raise ValidationError(
            _("「%(status)s」の予約の支払いは記録できません。確定した予約だけです。")
            % {"status": booking.get_status_display()}
        )
    errors: dict[str, str] = {}
    if amount != booking.final_price:
        errors["amount"] = _("金額が請求額（%(price)d円）と一致しません。") % {"price": booking.final_price}
    if paid_on > timezone.localdate():
        errors["paid_on"] = _("支払日に未来の日付は指定できません。")
    if method not in PaymentMethod.values:
        errors["method"] = _("支払方法を選んでください。")
    receipt_number = receipt_number.strip()
    if not receipt_number:
        errors["receipt_number"] = _("領収書番号を入力してください。")
    if errors:
        raise ValidationError(errors)
    year = fiscal_year(paid_on)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                booking=booking,
                amount=amount,
                method=method,
                paid_on=paid_on,
                fiscal_year=year,
                receipt_number=receipt_number,
                recorded_by=by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {
                "receipt_number": _("領収書番号「%(number)s」は%(year)d年度にすでに使われています。")
                % {
                    "number": receipt_number,
                    "year": year,
                }
            }
        ) from exc
    booking.payment_state = PaymentState.PAID
    booking.save(update_fields=["payment_state", "updated_at"])
    log_status_change(
        booking,
        from_status=booking.status,
        by=by,
        note=_("支払記録: %(amount)d円（%(method)s、領収書番号 %(number)s）")
        % {"amount": amount, "method": payment.get_method_display(), "number": receipt_number},
    )
    return payment


def expired_holds(now: dt.datetime):
    """Provisional bookings past their confirm-by time, and confirmed ones past their deadline to pay unpaid."""
    return Booking.objects.filter(
        Q(status=BookingStatus.PROVISIONAL, hold_until__lt=now)
        | Q(status=BookingStatus.CONFIRMED, payment_state=PaymentState.UNPAID, pay_by__lt=now)
    ).order_by("pk")


def booking_release_expired(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The daily job: each expired hold is cancelled (rooms and loans released, booker told), one transaction each."""
    now = now or timezone.now()
    counts = {"unconfirmed": 0, "unpaid": 0}
    for pk in list(expired_holds(now).values_list("pk", flat=True)):
        with transaction.atomic():
            booking = _lock(pk)
            if booking.status == BookingStatus.PROVISIONAL:
                note, key = _("確定期限までに確定されなかったため取消"), "unconfirmed"
            else:
                note, key = _("支払期限までに支払いがなかったため取消"), "unpaid"
            transition(booking, to=BookingStatus.CANCELLED, by=None, note=note)
            _release(booking, by=None)
            notify_booking(booking, note=note)
            counts[key] += 1
    logger.info("released expired holds: %s", counts)
    return counts
