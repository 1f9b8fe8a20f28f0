import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from facilities import selectors
from facilities.models import BookingStatus
from facilities.services import booking_check_in, booking_confirm, booking_create, group_calendar_reset
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import FacilityFactory, SpaceFactory, at, next_weekday
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db


def _book(space, day, start, end, **kwargs):
    kwargs.setdefault("user", UserFactory())
    return booking_create(
        space=space,
        starts_at=at(day, start),
        ends_at=at(day, end),
        expected_attendees=5,
        purpose=kwargs.pop("purpose", "会議"),
        **kwargs,
    )


def test_public_facility_feed_parses_back_without_personal_data(client):
    space = SpaceFactory(name="大会議室")
    user, group = manager_with_group(name="川を守る会")
    day = next_weekday(4)
    booking = _book(space, day, 18, 20, user=user, group=group, purpose="定例会議")
    response = client.get(reverse("facilities:facility_ics", args=[space.facility_id]))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "予約済（大会議室）"
    assert event.decoded("dtstart") == booking.starts_at
    assert event.decoded("dtend") == booking.ends_at
    text = response.content.decode()
    assert "川を守る会" not in text
    assert "定例会議" not in text
    assert user.email not in text


def test_private_group_feed_needs_the_secret_token_which_staff_can_reset(client):
    space = SpaceFactory()
    user, group = manager_with_group()
    _book(space, next_weekday(4), 10, 12, user=user, group=group, purpose="総会")
    calendar = group_calendar_reset(group=group)
    url = reverse("facilities:group_ics", args=[calendar.token])
    events = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert "総会" in str(events[0]["summary"])
    group_calendar_reset(group=group)
    assert client.get(url).status_code == 404


def test_manager_issues_the_group_calendar_url_from_my_bookings(client):
    user, group = manager_with_group()
    client.force_login(user)
    client.post(reverse("facilities:group_calendar_issue", args=[group.pk]))
    page = client.get(reverse("facilities:booking_list")).content.decode()
    assert group.facility_calendar.token in page
    client.force_login(UserFactory())
    assert client.post(reverse("facilities:group_calendar_issue", args=[group.pk])).status_code == 404


def test_center_visitors_group_bookings_and_utilisation(time_machine):
    tz = timezone.get_current_timezone()
    time_machine.move_to(dt.datetime(2025, 6, 1, 9, tzinfo=tz))
    center = SpaceFactory(facility=FacilityFactory(is_center=True))
    other = SpaceFactory()
    staff = StaffFactory()
    user, group = manager_with_group()
    day = dt.date(2025, 6, 10)
    for space, attendees in [(center, 12), (center, 30), (other, 99)]:
        booking = _book(
            space, day, 10 if attendees != 30 else 14, 12 if attendees != 30 else 16, user=user, group=group
        )
        booking_confirm(booking=booking, by=staff)
        time_machine.move_to(dt.datetime(2025, 6, 10, 17, tzinfo=tz))
        booking_check_in(booking=booking, by=staff, attendees=attendees)
        time_machine.move_to(dt.datetime(2025, 6, 1, 9, tzinfo=tz))
    _book(center, dt.date(2025, 6, 11), 10, 12)  # requested, no group: not counted
    assert selectors.center_visitors(2025) == 42
    assert selectors.center_visitors(2024) == 0
    assert selectors.group_bookings(2025) == 3
    # June 2025: 30 days x 12 open hours = 21,600 minutes; booked 4 h + 2 h = 360 minutes
    assert selectors.space_utilisation(center, 2025, 6) == round(360 / 21600, 4)
    assert list(selectors.group_bookings_by_group(2025).values_list("bookings", flat=True)) == [3]


def test_booking_status_labels():
    assert BookingStatus.USED.label == "利用済"


def test_feeds_fold_long_lines_and_escape_text_as_rfc_5545_asks(client):
    facility = FacilityFactory(name="市民活動センター；別館, 第2" + "長い名前" * 10)
    space = SpaceFactory(facility=facility, name="ホール\\A")
    user, group = manager_with_group()
    booking = _book(space, next_weekday(4), 18, 20, user=user, group=group, purpose="総会; 報告, 審議\n懇親会")
    body = client.get(reverse("facilities:facility_ics", args=[facility.pk])).content
    lines = body.split(b"\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long location was folded, not cut
    body.decode()  # folded between characters, never inside one
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["location"]) == f"{facility.name} ホール\\A"
    assert event.decoded("dtstart") == booking.starts_at
    calendar = group_calendar_reset(group=group)
    (event,) = Calendar.from_ical(client.get(reverse("facilities:group_ics", args=[calendar.token])).content).walk(
        "VEVENT"
    )
    assert str(event["summary"]) == "総会; 報告, 審議\n懇親会（ホール\\A）"
    assert str(event["description"]).endswith("円")
