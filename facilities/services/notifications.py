"""Emails at each booking step; the confirmation carries an iCal attachment."""

from __future__ import annotations

from collections.abc import Sequence

from civic_portal.core.mail import send_templated_mail

from ..calendar import booking_ics
from ..models import Booking, BookingStatus


def notify_booking(booking: Booking, *, series: Sequence[Booking] | None = None) -> None:
    """Tell the booker about the booking's current status, one email template per status (series: all bookings of a
    recurring request)."""
    attachments = []
    if booking.status == BookingStatus.CONFIRMED:
        attachments.append(("booking.ics", booking_ics([booking]), "text/calendar"))
    send_templated_mail(
        to=[booking.user.email],
        template=f"facilities/email/booking_{booking.status}",
        context={"booking": booking, "series": series or []},
        attachments=attachments,
    )
