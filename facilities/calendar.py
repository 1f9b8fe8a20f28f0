"""iCalendar output: the public facility feed (予約済 only), a group's private feed, the confirmation attachment."""

from __future__ import annotations

from django.utils import timezone
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
    cal = _calendar(f"{facility.name} 予約状況")
    for booking in bookings:
        cal.add_component(_event(booking, summary=f"予約済（{booking.space.name}）"))
    return cal.to_ical()


def booking_ics(bookings, *, name: str = "施設予約") -> bytes:
    """Bookings with their purpose, for the booker (attachment) or the group's private feed."""
    cal = _calendar(name)
    for booking in bookings:
        cal.add_component(
            _event(
                booking,
                summary=f"{booking.purpose}（{booking.space.name}）",
                description=f"{booking.get_status_display()} / 請求額 {booking.final_price}円",
            )
        )
    return cal.to_ical()
