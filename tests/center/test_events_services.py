"""Event workflow through the services: a group proposes, staff approve (booking the room), sign-ups fill the seats
and the waitlist, a cancellation promotes the first waiting, check-in, reminders the day before."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from civic_portal.center.models import Event, EventStatus, Signup, SignupStatus
from civic_portal.center.services import events as services
from facilities.models import Booking, BookingStatus
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.center import EventFactory
from tests.factories.facilities import SpaceFactory, at, booked
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
DAY = dt.date(2026, 6, 15)  # a Monday, two weeks on


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def _values(**overrides):
    values = {
        "kind": "course",
        "title": "NPO会計講座",
        "description": "会計の基本",
        "capacity": 20,
        "fee": 0,
        "outside_venue": "",
        "space": None,
        "signup_deadline": at(DAY, 12) - dt.timedelta(days=3),
        "cancel_deadline": at(DAY, 12) - dt.timedelta(days=1),
        "guests_allowed": True,
    }
    return values | overrides


def _propose(manager, group, space, **overrides):
    sessions = overrides.pop("sessions", [(at(DAY, 13), at(DAY, 15))])
    return services.event_propose(by=manager, group=group, values=_values(space=space, **overrides), sessions=sessions)


def test_a_group_proposes_in_a_center_room_and_approval_books_the_room_for_each_session(worker):
    manager, group = manager_with_group()
    space = SpaceFactory()
    sessions = [(at(DAY, 13), at(DAY, 15)), (at(DAY + dt.timedelta(days=7), 13), at(DAY + dt.timedelta(days=7), 15))]
    event = _propose(manager, group, space, sessions=sessions)
    assert event.status == EventStatus.PROPOSED
    assert Booking.objects.count() == 0
    staff = StaffFactory()
    with worker.after():
        services.event_approve(event=event, by=staff)
    event.refresh_from_db()
    assert event.status == EventStatus.APPROVED
    bookings = Booking.objects.filter(event_session__event=event).order_by("starts_at")
    assert [(b.starts_at, b.status, b.group_id) for b in bookings] == [
        (s, BookingStatus.CONFIRMED, group.pk) for s, _e in sessions
    ]
    assert list(event.status_changes.values_list("from_status", "to_status")) == [
        ("", EventStatus.PROPOSED),
        (EventStatus.PROPOSED, EventStatus.APPROVED),
    ]
    assert any("承認され" in m.subject for m in mail.outbox)


def test_approval_in_a_room_already_booked_says_so_and_approves_nothing():
    manager, group = manager_with_group()
    space = SpaceFactory()
    second = DAY + dt.timedelta(days=7)
    event = _propose(manager, group, space, sessions=[(at(DAY, 13), at(DAY, 15)), (at(second, 13), at(second, 15))])
    booked(space, second, hours=(14, 16))  # someone takes the room for the second session meanwhile
    with pytest.raises(ValidationError) as caught:
        services.event_approve(event=event, by=StaffFactory())
    assert "すでに予約が入っています" in caught.value.messages[0]
    assert "2026-06-22 13:00" in caught.value.messages[0]
    event.refresh_from_db()
    assert event.status == EventStatus.PROPOSED
    assert Booking.objects.filter(group=group).count() == 0  # the first session's booking was rolled back


def test_a_proposal_for_a_room_already_booked_is_refused_with_the_date():
    manager, group = manager_with_group()
    space = SpaceFactory()
    booked(space, DAY, hours=(12, 14))
    with pytest.raises(ValidationError) as caught:
        _propose(manager, group, space)
    assert "すでに予約が入っています" in str(caught.value)
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": 0}, "定員は1人から10,000人まで"),
        ({"capacity": 100_000}, "定員は1人から10,000人まで"),
        ({"sessions": [(at(dt.date(2026, 5, 1), 13), at(dt.date(2026, 5, 1), 15))]}, "過去の日時"),
        ({"sessions": [(at(DAY, 15), at(DAY, 13))]}, "終了日時は開始日時より後"),
        ({"signup_deadline": at(DAY, 14)}, "申込締切は最初の開催日時より前"),
        ({"outside_venue": "公民館"}, "どちらか一方"),
    ],
)
def test_bad_details_are_refused_in_japanese(overrides, message):
    manager, group = manager_with_group()
    with pytest.raises(ValidationError) as caught:
        _propose(manager, group, SpaceFactory(), **overrides)
    assert message in str(caught.value)


def test_only_managers_of_the_group_propose_and_only_staff_approve():
    manager, group = manager_with_group()
    with pytest.raises(ValidationError, match="権限がありません"):
        _propose(UserFactory(), group, None, outside_venue="公民館")
    event = _propose(manager, group, None, outside_venue="公民館")
    with pytest.raises(ValidationError, match="センター職員だけ"):
        services.event_approve(event=event, by=manager)


def test_staff_return_a_proposal_with_a_reason_and_the_group_resubmits():
    manager, group = manager_with_group()
    event = _propose(manager, group, None, outside_venue="公民館")
    staff = StaffFactory()
    with pytest.raises(ValidationError):
        services.event_return(event=event, by=staff, note=" ")
    services.event_return(event=event, by=staff, note="対象を書いてください")
    services.event_resubmit(event=event, by=manager, values={"audience": "団体の会計担当"})
    event.refresh_from_db()
    assert (event.status, event.audience) == (EventStatus.PROPOSED, "団体の会計担当")


def test_sign_ups_fill_the_seats_then_the_waitlist_and_a_second_sign_up_is_refused(worker):
    event = EventFactory(capacity=2)
    users = [UserFactory() for _ in range(3)]
    with worker.after():
        statuses = [services.signup_create(event=event, user=u).status for u in users]
    assert statuses == [SignupStatus.CONFIRMED, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]
    with pytest.raises(ValidationError, match="すでに申し込んでいます"):
        services.signup_create(event=event, user=users[0])
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "参加申込を受け付けました" in subjects[users[0].email]
    assert "キャンセル待ちで受け付けました" in subjects[users[2].email]


def test_a_sign_up_after_the_deadline_or_for_an_unapproved_event_is_refused(time_machine):
    event = EventFactory()
    proposed = EventFactory(status=EventStatus.PROPOSED)
    with pytest.raises(ValidationError, match="受け付けていません"):
        services.signup_create(event=proposed, user=UserFactory())
    time_machine.move_to(event.signup_deadline, tick=False)
    with pytest.raises(ValidationError, match="申込締切"):
        services.signup_create(event=event, user=UserFactory())


def test_a_cancellation_promotes_the_first_on_the_waitlist_who_is_mailed(worker):
    event = EventFactory(capacity=1)
    first, second, third = (UserFactory() for _ in range(3))
    taken = services.signup_create(event=event, user=first)
    waiting = services.signup_create(event=event, user=second)
    services.signup_create(event=event, user=third)
    mail.outbox.clear()
    with worker.after():
        services.signup_cancel(signup=taken, by=first)
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.CONFIRMED
    assert Signup.objects.get(user=third).status == SignupStatus.WAITLISTED
    promoted = [m for m in mail.outbox if "キャンセル待ちから参加確定" in m.subject]
    assert [m.to for m in promoted] == [[second.email]]


def test_the_participant_cannot_cancel_after_the_deadline_but_the_organiser_can(time_machine):
    manager, group = manager_with_group()
    event = EventFactory(group=group)
    user = UserFactory()
    signup = services.signup_create(event=event, user=user)
    time_machine.move_to(event.cancel_deadline, tick=False)
    with pytest.raises(ValidationError, match="取消期限"):
        services.signup_cancel(signup=signup, by=user)
    services.signup_cancel(signup=signup, by=manager)
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED


def test_a_guest_signs_up_by_the_mailed_link_and_only_then_takes_a_seat(worker):
    event = EventFactory(capacity=1, guests_allowed=True)
    with worker.after():
        signup = services.signup_guest(event=event, name="山田 花子", email="Hanako@Example.jp")
    assert signup.status == SignupStatus.PENDING
    link = next(m for m in mail.outbox if m.to == ["hanako@example.jp"]).body
    assert f"/events/guest/{signup.token}/" in link
    with pytest.raises(ValidationError, match="すでに申し込まれています"):
        services.signup_guest(event=event, name="山田 花子", email="hanako@example.jp")
    assert services.signup_guest_confirm(token=signup.token).status == SignupStatus.CONFIRMED
    assert services.signup_guest_confirm(token=signup.token).status == SignupStatus.CONFIRMED  # once


def test_guests_are_refused_where_the_organiser_does_not_allow_them():
    with pytest.raises(ValidationError, match="アカウントをお持ちの方だけ"):
        services.signup_guest(event=EventFactory(guests_allowed=False), name="a", email="a@example.jp")


def test_check_in_by_the_organiser_marks_attendance_and_others_cannot():
    manager, group = manager_with_group()
    event = EventFactory(group=group)
    signup = services.signup_create(event=event, user=UserFactory())
    with pytest.raises(ValidationError, match="権限"):
        services.signup_check_in(signup=signup, by=UserFactory())
    services.signup_check_in(signup=signup, by=manager)
    signup.refresh_from_db()
    assert signup.status == SignupStatus.ATTENDED
    assert signup.attended_at == NOW


def test_cancelling_an_event_frees_its_rooms_and_tells_the_participants(worker):
    manager, group = manager_with_group()
    event = _propose(manager, group, SpaceFactory())
    staff = StaffFactory()
    services.event_approve(event=event, by=staff)
    user = UserFactory()
    services.signup_create(event=event, user=user)
    with worker.after():
        services.event_cancel(event=event, by=staff, note="講師急病のため")
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert any(m.to == [user.email] and "中止" in m.subject for m in mail.outbox)


def test_reminders_go_the_day_before_once(time_machine, worker):
    event = EventFactory()
    users = [UserFactory() for _ in range(2)]
    for u in users:
        services.signup_create(event=event, user=u)
    waiting_event = EventFactory(capacity=1)
    services.signup_create(event=waiting_event, user=UserFactory())
    mail.outbox.clear()
    session = event.sessions.get()
    time_machine.move_to(session.starts_at - dt.timedelta(days=2), tick=False)
    assert services.send_event_reminders() == 0
    time_machine.move_to(session.starts_at - dt.timedelta(hours=20), tick=False)
    with worker.after():
        assert services.send_event_reminders() == 3  # both events meet tomorrow: 2 + 1 participants
        assert services.send_event_reminders() == 0
    assert sorted(m.to[0] for m in mail.outbox if "明日開催です" in m.subject) == sorted(
        [*(u.email for u in users), waiting_event.signups.get().user.email]
    )


def test_attendance_feeds_the_plans_computed_indicators_by_fiscal_year(time_machine):
    from indicators import computed

    staff = StaffFactory()
    course = EventFactory(kind="course", capacity=5)
    meeting = EventFactory(kind="roundtable", capacity=5)
    for event, n in ((course, 3), (meeting, 2)):
        for _ in range(n):
            services.signup_create(event=event, user=UserFactory())
    services.signup_create(event=course, user=UserFactory())  # signed up, never came: not counted
    time_machine.move_to(dt.datetime(2027, 3, 31, 23, 50, tzinfo=TZ), tick=False)  # the last minutes of FY2026
    for signup in Signup.objects.filter(event=meeting):
        services.signup_check_in(signup=signup, by=staff)
    time_machine.move_to(dt.datetime(2027, 4, 1, 0, 10, tzinfo=TZ), tick=False)  # FY2027
    for signup in Signup.objects.filter(event=course).order_by("pk")[:3]:
        services.signup_check_in(signup=signup, by=staff)
    assert computed.compute("exchange_participants", 2026) == 2
    assert computed.compute("learning_participants", 2026) == 0
    assert computed.compute("learning_participants", 2027) == 3
    assert computed.compute("exchange_participants", 2027) == 0
