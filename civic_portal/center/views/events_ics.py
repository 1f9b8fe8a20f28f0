"""iCalendar for one event (every session) and a feed of all public events, with the VTIMEZONE their times use."""

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from ..models.events import Event
from ..selectors import events as selectors

ICS_TYPE = "text/calendar; charset=utf-8"


def events_calendar(events: Iterable[Event], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per session of each event (their sessions prefetched), times in Japan time."""
    calendar = Calendar()
    calendar.add("prodid", "-//Civic Portal//center events//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    tz = timezone.get_current_timezone()
    stamp = timezone.now()
    for event in events:
        url = f"{settings.SITE_URL}{event.get_absolute_url()}"
        for session in event.sessions.all():
            item = VEvent()
            item.add("uid", f"event-{event.pk}-session-{session.pk}@civic-portal")
            item.add("summary", event.title)
            item.add("dtstart", session.starts_at.astimezone(tz))
            item.add("dtend", session.ends_at.astimezone(tz))
            item.add("dtstamp", stamp)
            item.add("location", event.venue)
            item.add("description", f"{_('主催')}: {event.organiser_name}\n{url}")
            item.add("url", url)
            item.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
            calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_ics(request, pk):
    event = selectors.event_visible_to(request.user, pk)
    response = HttpResponse(events_calendar([event], name=event.title), content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def events_feed(request):
    events = selectors.events_upcoming()[:500]
    return HttpResponse(events_calendar(events, name=_("市民活動センター イベント・講座")), content_type=ICS_TYPE)
