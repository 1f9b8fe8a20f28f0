"""iCalendar output: the public facility feed (予約済 only), a group's private feed, the confirmation attachment.

Written line by line (RFC 5545: escaped text, CRLF, lines folded at 75 octets): a feed of a busy facility holds
hundreds of events, and building a component object per property cost more than the rest of the request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

PRODID = "-//Civic Portal//facilities//JA"


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> bytes:
    """One content line, folded into lines of at most 75 octets, never inside a character (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return data
    parts, chunk, size, limit = [], bytearray(), 0, 75
    for char in line:
        encoded = char.encode()
        if size + len(encoded) > limit:
            parts.append(bytes(chunk))
            chunk, size, limit = bytearray(), 0, 74  # a continuation line starts with a space
        chunk += encoded
        size += len(encoded)
    parts.append(bytes(chunk))
    return b"\r\n ".join(parts)


def _offset(value: dt.timedelta | None) -> str:
    minutes = int((value or dt.timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _vtimezone(tz: dt.tzinfo, tzid: str) -> list[str]:
    """The VTIMEZONE the events' TZID refers to (RFC 5545 3.6.5): one STANDARD rule at the zone's present offset,
    exact for a zone without daylight saving such as Asia/Tokyo (JST, +09:00 since 1951)."""
    now = timezone.now().astimezone(tz)
    offset = _offset(now.utcoffset())
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        f"TZNAME:{_text(now.tzname() or tzid)}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def _calendar(name: str, events: Iterator[list[str]]) -> bytes:
    tz = timezone.get_current_timezone()
    tzid = getattr(tz, "key", str(tz))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(name)}",
        f"X-WR-TIMEZONE:{tzid}",
        *_vtimezone(tz, tzid),
    ]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return b"".join(_fold(line) + b"\r\n" for line in lines)


class _Events:
    """Builds VEVENTs sharing one stamp and the current time zone (read once, not per date)."""

    def __init__(self):
        self.stamp = f"{timezone.now().astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
        self.tz = timezone.get_current_timezone()
        self.tzid = getattr(self.tz, "key", str(self.tz))

    def _local(self, value: dt.datetime) -> str:
        return f";TZID={self.tzid}:{value.astimezone(self.tz):%Y%m%dT%H%M%S}"

    def event(
        self,
        pk: int,
        starts_at: dt.datetime,
        ends_at: dt.datetime,
        *,
        summary: str,
        location: str,
        description: str = "",
        status: str = "",
    ) -> list[str]:
        lines = [
            "BEGIN:VEVENT",
            f"SUMMARY:{_text(summary)}",
            f"DTSTART{self._local(starts_at)}",
            f"DTEND{self._local(ends_at)}",
            f"DTSTAMP:{self.stamp}",
            f"UID:booking-{pk}@civic-portal",
            f"LOCATION:{_text(location)}",
        ]
        if description:
            lines.append(f"DESCRIPTION:{_text(description)}")
        if status:
            lines.append(f"STATUS:{status}")
        lines.append("END:VEVENT")
        return lines


def public_facility_ics(facility, bookings: Iterable[tuple[int, dt.datetime, dt.datetime, str]]) -> bytes:
    """Taken time of a facility's rooms: no names, no purposes. `bookings`: (pk, starts_at, ends_at, room name)."""
    events, taken = _Events(), _("予約済（%(space)s）")
    return _calendar(
        _("%(name)s 予約状況") % {"name": facility.name},
        (
            events.event(pk, starts, ends, summary=taken % {"space": room}, location=f"{facility.name} {room}")
            for pk, starts, ends, room in bookings
        ),
    )


# RFC 5545 STATUS of a VEVENT by booking status: requested is tentative, a cancelled or declined one is cancelled.
_ICAL_STATUS = {
    "requested": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "used": "CONFIRMED",
    "cancelled": "CANCELLED",
    "declined": "CANCELLED",
    "provisional": "TENTATIVE",  # a lottery win not yet confirmed
}


def booking_ics(bookings: Iterable, *, name: str | None = None) -> bytes:
    """Bookings with their purpose, for the booker (attachment) or the group's private feed."""
    events, details = _Events(), _("%(status)s / 請求額 %(price)d円")
    return _calendar(
        name or _("施設予約"),
        (
            events.event(
                b.pk,
                b.starts_at,
                b.ends_at,
                summary=f"{b.purpose}（{b.space.name}）",
                location=f"{b.space.facility.name} {b.space.name}",
                description=details % {"status": b.get_status_display(), "price": b.final_price},
                status=_ICAL_STATUS.get(b.status, ""),
            )
            for b in bookings
        ),
    )
