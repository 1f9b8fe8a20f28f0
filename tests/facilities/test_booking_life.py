"""Pickers follow opening hours, past time is not offered, and every confirmation and .ics is complete."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from facilities.models import OpeningHours
from facilities.services import booking_confirm, booking_create
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import EquipmentTypeFactory, FacilityFactory, SpaceFactory, at
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


@pytest.fixture
def clock(time_machine):
    # Wednesday 10 June 2026, 14:10 in Tokyo.
    time_machine.move_to(dt.datetime(2026, 6, 10, 14, 10, tzinfo=TZ), tick=False)


def _options(page: str, name: str) -> list[str]:
    select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('<option value="')[1:] if part[0] != '"']


def test_time_pickers_follow_the_opening_hours_and_step(client, clock):
    facility = FacilityFactory(opening_hours=False, step_minutes=60)
    for weekday in range(7):
        OpeningHours.objects.create(facility=facility, weekday=weekday, opens=dt.time(10), closes=dt.time(18))
    space = SpaceFactory(facility=facility)
    client.force_login(UserFactory())
    url = reverse("facilities:booking_create", args=[facility.pk])
    page = client.get(url).content.decode()
    assert _options(page, "start") == [f"{h:02d}:00" for h in range(10, 18)]
    assert _options(page, "end") == [f"{h:02d}:00" for h in range(11, 19)]
    data = {"space": space.pk, "date": "2026-06-17", "start": "06:00", "end": "08:00", "purpose": "朝会"}
    page = client.post(url, data | {"expected_attendees": 3, "step": "preview"}).content.decode()
    assert "正しく選択してください" in page
    assert 'value="朝会"' in page


def test_past_days_and_todays_past_hours_are_not_offered_as_free(client, clock):
    facility = FacilityFactory()  # open 09:00–21:00, 30-minute steps
    SpaceFactory(facility=facility)
    page = client.get(reverse("facilities:facility_month", args=[facility.pk, 2026, 6])).content.decode()
    cells = page.split('class="day-number">')[1:]
    by_day = {int(c.split("<", 1)[0]): c.split("</td>", 1)[0] for c in cells[:35] if c.split("<", 1)[0].isdigit()}
    assert "受付終了" in by_day[9]
    assert "空きあり" not in by_day[9]
    assert "空きあり" in by_day[10]  # the rest of today is still free
    assert "空きあり" in by_day[11]
    week = client.get(reverse("facilities:facility_week", args=[facility.pk, "2026-06-08"])).content.decode()
    assert "09:00–21:00" not in week.split("6/10")[1].split("6/11")[0]
    assert "14:30–21:00" in week
    assert "?space=" not in week.split("6/9")[1].split("6/10")[0]  # no link to book a day gone by


def _tokyo_vtimezone(calendar: Calendar):
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Asia/Tokyo"]
    standard = zones[0].walk("STANDARD")[0]
    assert standard.decoded("tzoffsetto") == dt.timedelta(hours=9)
    assert (standard.decoded("tzoffsetfrom"), str(standard["tzname"])) == (dt.timedelta(hours=9), "JST")


def test_confirmation_mail_links_the_booking_gives_the_deadline_equipment_and_a_valid_ics(client, clock, worker):
    facility = FacilityFactory(cancel_deadline_days=2)
    space = SpaceFactory(facility=facility, name="会議室B")
    projector = EquipmentTypeFactory(facility=facility, name="プロジェクター")
    user, group = manager_with_group()
    booking = booking_create(
        user=user,
        group=group,
        space=space,
        starts_at=at(dt.date(2026, 6, 24), 18),
        ends_at=at(dt.date(2026, 6, 24), 20),
        purpose="総会",
        expected_attendees=10,
        equipment=[(projector, 2)],
        notify=False,
    )
    with worker.after():
        booking_confirm(booking=booking, by=StaffFactory())
    message = mail.outbox[-1]
    detail_url = reverse("facilities:booking_detail", args=[booking.pk])
    assert f"{detail_url}\n" in message.body
    assert "取消期限: 2026-06-22 23:59まで" in message.body
    assert "プロジェクター ×2" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("booking.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    _tokyo_vtimezone(calendar)
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == booking.starts_at
    assert str(event["dtstart"].params["TZID"]) == "Asia/Tokyo"
    assert str(event["status"]) == "CONFIRMED"

    client.force_login(user)
    assert reverse("facilities:booking_ics", args=[booking.pk]) in client.get(detail_url).content.decode()
    response = client.get(reverse("facilities:booking_ics", args=[booking.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    own = Calendar.from_ical(response.content)
    _tokyo_vtimezone(own)
    assert own.walk("VEVENT")[0].decoded("dtend") == booking.ends_at
    client.force_login(UserFactory())
    assert client.get(reverse("facilities:booking_ics", args=[booking.pk])).status_code == 404

    public = client.get(reverse("facilities:facility_ics", args=[facility.pk]))
    _tokyo_vtimezone(Calendar.from_ical(public.content))
