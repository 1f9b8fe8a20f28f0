"""Every write of the facilities app. Keyword-only, typed, atomic; views, admin and tests call these."""

from .bookings import (
    booking_cancel,
    booking_check_in,
    booking_check_request,
    booking_confirm,
    booking_create,
    booking_decline,
    booking_exemption_review,
    booking_no_show,
)
from .calendars import group_calendar_reset
from .equipment import loan_cancel, loan_create, loan_hand_over, loan_mark_overdue, loan_return
from .lottery import booking_confirm_provisional, lottery_apply, lottery_draw
from .payment import booking_release_expired, payment_record
from .series import booking_series_create, booking_series_preview

__all__ = [
    "booking_cancel",
    "booking_check_in",
    "booking_check_request",
    "booking_confirm",
    "booking_confirm_provisional",
    "booking_create",
    "booking_decline",
    "booking_exemption_review",
    "booking_no_show",
    "booking_release_expired",
    "booking_series_create",
    "booking_series_preview",
    "group_calendar_reset",
    "loan_cancel",
    "loan_create",
    "loan_hand_over",
    "loan_mark_overdue",
    "loan_return",
    "lottery_apply",
    "lottery_draw",
    "payment_record",
]
