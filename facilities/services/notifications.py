"""Emails at each booking step; the confirmation carries an iCal attachment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from civic_portal.core.mail import send_templated_mail

from ..calendar import booking_ics
from ..models import Booking, BookingStatus

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


def notify_booking(booking: Booking, *, series: Sequence[Booking] | None = None, note: str | None = None) -> None:
    """Tell the booker about the booking's current status, one email template per status (series: all bookings of a
    recurring request). `note` is the note of the step just logged, when the caller knows it; else it is read from
    the status log."""
    if note is None:
        last = booking.status_changes.last()
        note = last.note if last else ""
    attachments = []
    if booking.status == BookingStatus.CONFIRMED:
        attachments.append(("booking.ics", booking_ics([booking]), "text/calendar"))
    send_templated_mail(
        to=[booking.user.email],
        template=f"facilities/email/booking_{booking.status}",
        context={"booking": booking, "series": series or [], "note": note},
        attachments=attachments,
    )


def notify_desk_cancelled(booking: Booking, *, by: User, note: str) -> None:
    """Tell the facility's front desk (its email address) that a booking was cancelled, by whom and why."""
    desk = booking.space.facility.email
    if not desk:
        return
    send_templated_mail(
        to=[desk],
        template="facilities/email/desk_booking_cancelled",
        context={"booking": booking, "by": by, "note": note, "series": [], "by_booker": by.pk == booking.user_id},
    )
