"""The event pages as people meet them: the list and its filter, an event and its sign-up form (signed in and as a
guest), my sign-ups with cancel, a group's proposal form, the organiser's participants, CSV and check-in, iCal."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from civic_portal.center.models import Event, EventKind, EventStatus, Signup, SignupStatus
from civic_portal.center.services import events as services
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.center import EventFactory, event_times
from tests.factories.facilities import SpaceFactory, booked
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def _events(n, **fields):
    return [EventFactory(sessions=[event_times(days=3 + i)], **fields) for i in range(n)]


def test_list_shows_upcoming_approved_events_soonest_first(client):
    later = EventFactory(title="後の講座", sessions=[event_times(days=20)])
    sooner = EventFactory(title="先の講座", sessions=[event_times(days=5)])
    EventFactory(title="承認待ちの講座", status=EventStatus.PROPOSED)
    EventFactory(title="終わった講座", sessions=[event_times(days=-3)])
    html = client.get(reverse("center:event_list")).content.decode()
    assert html.index(sooner.title) < html.index(later.title)
    assert "承認待ちの講座" not in html
    assert "終わった講座" not in html


def test_kind_filter_keeps_its_kind_in_paging_and_an_unknown_kind_shows_all(client):
    _events(21, kind=EventKind.EXCHANGE)
    EventFactory(title="セミナーの回", kind=EventKind.SEMINAR)
    response = client.get(reverse("center:event_list"), {"kind": "exchange"})
    html = response.content.decode()
    assert "セミナーの回" not in html
    assert 'href="?kind=exchange&amp;page=2" rel="next"' in html
    response = client.get(reverse("center:event_list"), {"kind": "nope", "page": "x"})
    assert response.status_code == 200
    assert "その種類はありません" in response.content.decode()


@pytest.mark.parametrize("name", ["center:event_list", "center:events_feed"])
def test_list_and_feed_take_the_same_queries_at_two_sizes(client, django_assert_max_num_queries, name):
    _events(2)
    with django_assert_max_num_queries(4) as small:
        assert client.get(reverse(name)).status_code == 200
    _events(15)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse(name)).status_code == 200


def test_a_signed_in_citizen_signs_up_then_the_next_is_waitlisted(client, worker):
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    url = reverse("center:event_signup", args=[event.pk])
    with worker.after():
        response = client.post(url, follow=True)
    assert "参加確定" in response.content.decode()
    assert any("参加申込を受け付けました" in m.subject for m in mail.outbox)
    again = client.post(url)
    assert again.status_code == 400
    assert "申込済みです" in again.content.decode()
    client.force_login(second)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "キャンセル待ちで申し込む" in page
    response = client.post(url, follow=True)
    assert "キャンセル待ちで受け付けました" in response.content.decode()


def test_a_sign_up_after_the_deadline_is_answered_in_japanese(client, time_machine):
    event = EventFactory()
    client.force_login(UserFactory())
    time_machine.move_to(event.signup_deadline, tick=False)
    assert "締め切りました" in client.get(event.get_absolute_url()).content.decode()
    response = client.post(reverse("center:event_signup", args=[event.pk]))
    assert response.status_code == 400
    assert "申込締切" in response.content.decode()


def test_a_guest_signs_up_checks_the_email_and_a_bad_email_keeps_the_form(client, worker):
    event = EventFactory(guests_allowed=True)
    url = reverse("center:event_signup", args=[event.pk])
    response = client.post(url, {"guest_name": "山田 花子", "guest_email": "not-an-email"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="山田 花子"' in html
    assert "有効なメールアドレス" in html
    with worker.after():
        client.post(url, {"guest_name": "山田 花子", "guest_email": "hanako@example.jp"})
    signup = Signup.objects.get(guest_email="hanako@example.jp")
    assert signup.status == SignupStatus.PENDING
    link = reverse("center:signup_guest", args=[signup.token])
    assert link in mail.outbox[-1].body
    assert client.get(link).status_code == 200
    signup.refresh_from_db()
    assert signup.status == SignupStatus.PENDING  # opening the link changes nothing
    client.post(link, {"action": "confirm"})
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


def test_without_guest_sign_up_a_visitor_is_sent_to_sign_in(client):
    event = EventFactory(guests_allowed=False)
    assert "ログインして申し込む" in client.get(event.get_absolute_url()).content.decode()
    response = client.post(reverse("center:event_signup", args=[event.pk]), {"guest_name": "a"})
    assert response.status_code == 302
    assert Signup.objects.count() == 0


def test_unapproved_events_are_hidden_except_from_their_organiser(client):
    manager, group = manager_with_group()
    event = EventFactory(group=group, status=EventStatus.PROPOSED)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(manager)
    assert "公開されていません" in client.get(event.get_absolute_url()).content.decode()


def test_my_sign_ups_cancel_promotes_the_first_waiting(client, worker, django_assert_max_num_queries):
    event = EventFactory(capacity=1)
    me, waiting = UserFactory(), UserFactory()
    services.signup_create(event=event, user=me)
    services.signup_create(event=event, user=waiting)
    client.force_login(me)
    with django_assert_max_num_queries(8) as small:
        page = client.get(reverse("center:my_signups")).content.decode()
    for other in _events(5):
        services.signup_create(event=other, user=me)
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("center:my_signups"))
    assert event.title in page
    signup = Signup.objects.get(event=event, user=me)
    with worker.after():
        client.post(reverse("center:signup_cancel", args=[signup.pk]))
    assert Signup.objects.get(user=waiting).status == SignupStatus.CONFIRMED
    assert [m.to for m in mail.outbox if "繰り上" in m.subject or "キャンセル待ちから" in m.subject] == [
        [waiting.email]
    ]


def test_someone_elses_sign_up_cannot_be_cancelled(client):
    signup = services.signup_create(event=EventFactory(), user=UserFactory())
    client.force_login(UserFactory())
    assert client.post(reverse("center:signup_cancel", args=[signup.pk])).status_code == 404


def _form(room, **overrides):
    day = (NOW + dt.timedelta(days=14)).date().isoformat()
    data = {
        "kind": "course", "title": "NPO会計講座", "description": "会計の基本", "capacity": "20", "fee": "0",
        "space": str(room.pk), "outside_venue": "", "signup_deadline": "2026-06-10T17:00",
        "cancel_deadline": "2026-06-12T17:00", "date_1": day, "start_1": "13:00", "end_1": "15:00",
    }  # fmt: skip
    return data | overrides


def test_a_group_manager_proposes_an_event_in_a_center_room(client):
    manager, group = manager_with_group()
    space = SpaceFactory()
    client.force_login(manager)
    assert client.get(reverse("center:event_propose")).status_code == 200
    response = client.post(reverse("center:event_propose"), _form(space, group=str(group.pk)))
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.group, event.status, event.space) == (group, EventStatus.PROPOSED, space)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": "0"}, "定員は1人から10,000人まで"),
        ({"capacity": "100000"}, "定員は1人から10,000人まで"),
        ({"date_1": "2026-05-01"}, "過去の日時"),
        ({"end_1": "12:00"}, "終了時刻は開始時刻より後"),
        ({"space": "", "outside_venue": ""}, "どちらか一方"),
    ],
)
def test_bad_proposals_keep_the_form_with_a_japanese_message(client, overrides, message):
    manager, group = manager_with_group()
    client.force_login(manager)
    response = client.post(reverse("center:event_propose"), _form(SpaceFactory(), group=str(group.pk), **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="NPO会計講座"' in html
    assert Event.objects.count() == 0


def test_a_proposal_in_a_room_already_booked_is_refused_with_the_form_kept(client):
    manager, group = manager_with_group()
    space = SpaceFactory()
    booked(space, (NOW + dt.timedelta(days=14)).date(), hours=(14, 16))
    client.force_login(manager)
    response = client.post(reverse("center:event_propose"), _form(space, group=str(group.pk)))
    assert response.status_code == 400
    assert "すでに予約が入っています" in response.content.decode()


def test_a_citizen_without_a_group_cannot_propose(client):
    client.force_login(UserFactory())
    assert client.get(reverse("center:event_propose")).status_code == 403


def test_the_organiser_sees_participants_downloads_csv_and_checks_in(client, django_assert_max_num_queries):
    manager, group = manager_with_group()
    event = EventFactory(group=group, capacity=3)
    people = [UserFactory() for _ in range(2)]
    for person in people:
        services.signup_create(event=event, user=person)
    url = reverse("center:event_participants", args=[event.pk])
    client.force_login(manager)
    with django_assert_max_num_queries(12) as small:
        html = client.get(url).content.decode()
    assert people[0].full_name in html
    for person in [UserFactory() for _ in range(6)]:
        services.signup_create(event=event, user=person)
    with django_assert_max_num_queries(len(small)):
        client.get(url)
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert people[1].email in text
    assert "キャンセル待ち" in text
    signup = Signup.objects.get(event=event, user=people[0])
    client.post(reverse("center:signup_check_in", args=[event.pk, signup.pk]))
    signup.refresh_from_db()
    assert signup.status == SignupStatus.ATTENDED


def test_others_cannot_see_participants(client):
    event = EventFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("center:event_participants", args=[event.pk])).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(reverse("center:event_participants", args=[event.pk])).status_code == 200


def test_ics_of_an_event_has_each_session_in_japan_time_and_the_feed_lists_public_events():
    from django.test import Client

    event = EventFactory(sessions=[event_times(days=5), event_times(days=12)])
    EventFactory(title="承認待ち", status=EventStatus.PROPOSED)
    client = Client()
    calendar = Calendar.from_ical(client.get(reverse("center:event_ics", args=[event.pk])).content)
    assert [c["TZID"] for c in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    starts = [e.decoded("DTSTART") for e in calendar.walk("VEVENT")]
    assert starts == [s.starts_at for s in event.sessions.all()]
    assert all(str(s.tzinfo) == "Asia/Tokyo" for s in starts)
    feed = client.get(reverse("center:events_feed")).content.decode()
    assert event.title in feed
    assert "承認待ち" not in feed


def test_home_shows_the_next_events_with_the_same_queries_at_two_sizes(client, django_assert_max_num_queries):
    _events(2)
    with django_assert_max_num_queries(4) as small:
        html = client.get(reverse("home")).content.decode()
    assert "イベント・講座の一覧" in html
    _events(10)
    with django_assert_max_num_queries(len(small)):
        html = client.get(reverse("home")).content.decode()
    assert html.count('class="news-item__title"') <= 5 + 5
