"""iCalendar output: the public facility feed (予約済 only), a group's private feed, the confirmation attachment."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Civic Portal//facilities//JA"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    return cal


def _event(booking, *, summary: str, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"booking-{booking.pk}@civic-portal")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(booking.starts_at))
    event.add("dtend", timezone.localtime(booking.ends_at))
    event.add("summary", summary)
    event.add("location", f"{booking.space.facility.name} {booking.space.name}")
    if description:
        event.add("description", description)
    return event


def public_facility_ics(facility, bookings) -> bytes:
    """Taken time of a facility's rooms: no names, no purposes."""
    cal = _calendar(_("%(name)s 予約状況") % {"name": facility.name})
    for booking in bookings:
        cal.add_component(_event(booking, summary=_("予約済（%(space)s）") % {"space": booking.space.name}))
    return cal.to_ical()


def booking_ics(bookings, *, name: str | None = None) -> bytes:
    """Bookings with their purpose, for the booker (attachment) or the group's private feed."""
    cal = _calendar(name or _("施設予約"))
    for booking in bookings:
        cal.add_component(
            _event(
                booking,
                summary=f"{booking.purpose}（{booking.space.name}）",
                description=_("%(status)s / 請求額 %(price)d円")
                % {"status": booking.get_status_display(), "price": booking.final_price},
            )
        )
    return cal.to_ical()
