from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>

from ..views import events, events_ics, events_organiser

urlpatterns = [
    path("events/", events.event_list, name="event_list"),
    path("events/<id:pk>/", events.event_detail, name="event_detail"),
    path("events/<id:pk>/signup/", events.event_signup, name="event_signup"),
    path("events/<id:pk>/event.ics", events_ics.event_ics, name="event_ics"),
    path("events/feed.ics", events_ics.events_feed, name="events_feed"),
    path("events/mine/", events.my_signups, name="my_signups"),
    path("events/signups/<id:pk>/cancel/", events.signup_cancel, name="signup_cancel"),
    path("events/guest/<str:token>/", events.signup_guest, name="signup_guest"),
    path("events/propose/", events_organiser.event_propose, name="event_propose"),
    path("events/organised/", events_organiser.organised_events, name="organised_events"),
    path("events/<id:pk>/participants/", events_organiser.event_participants, name="event_participants"),
    path(
        "events/<id:pk>/participants/<id:signup_pk>/check-in/",
        events_organiser.signup_check_in,
        name="signup_check_in",
    ),
]
