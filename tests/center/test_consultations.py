"""The consultation desk: free slots, booking and cancelling, staff recording, erasure after the retention period,
and the statistics by month, topic and channel."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from civic_portal.accounts.roles import CITY_OFFICIALS
from civic_portal.center import selectors
from civic_portal.center.models import Channel, ClientKind, Consultation, ConsultationBooking, FollowUp, Topic
from civic_portal.center.services import consultations as services
from civic_portal.core.jobs import enqueue_now
from indicators.computed import compute
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.center_desk import ConsultationBookingFactory, ConsultationFactory, ConsultationSlotFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 6, 1, 3, 0, tzinfo=dt.UTC)  # Tuesday 12:00 JST, fiscal year 2027
JST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def _slot(day=4, hour=10, **fields):
    start = dt.datetime(2027, 6, day, hour, tzinfo=JST)
    return ConsultationSlotFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1), **fields)


# The public page and booking


def test_the_page_shows_only_free_future_slots(client, frozen):
    free = _slot(4)
    _slot(1, 9)  # this morning: past
    ConsultationBookingFactory(slot=_slot(5))
    ConsultationBookingFactory(slot=_slot(6), cancelled_at=NOON)  # cancelled: free again
    response = client.get(reverse("center:consultation_index"))
    slots = list(response.context["slots"])
    assert [s.starts_at.day for s in slots] == [4, 6]
    assert reverse("center:consultation_slot", args=[free.pk]) in response.content.decode()


def test_the_free_slots_are_paged(client, frozen):
    from civic_portal.center.views.consultations import SLOTS_PER_PAGE

    for n in range(SLOTS_PER_PAGE + 1):
        _slot(4 + n // 8, 9 + n % 8)
    first = client.get(reverse("center:consultation_index"))
    assert len(first.context["slots"]) == SLOTS_PER_PAGE
    assert 'rel="next"' in first.content.decode()
    last = client.get(reverse("center:consultation_index"), {"page": 2})
    assert [s.starts_at for s in last.context["slots"]] == [dt.datetime(2027, 6, 7, 15, tzinfo=JST)]
    assert client.get(reverse("center:consultation_index"), {"page": "x"}).status_code == 200


def test_a_guest_is_asked_to_sign_in(client, frozen):
    slot = _slot()
    url = reverse("center:consultation_slot", args=[slot.pk])
    assert "ログインして予約する" in client.get(url).content.decode()
    response = client.post(url, {"topics": ["funding"]})
    assert response.status_code == 302
    assert not ConsultationBooking.objects.exists()


def test_a_citizen_books_a_slot_and_both_sides_are_emailed(client, frozen, worker):
    staff = StaffFactory(email="desk@example.jp")
    slot = _slot(staff=staff)
    citizen = UserFactory(full_name="市民 花子")
    client.force_login(citizen)
    with worker.after():
        response = client.post(
            reverse("center:consultation_slot", args=[slot.pk]), {"topics": ["funding", "accounting"], "note": "助成金"}
        )
    assert response.status_code == 302
    booking = ConsultationBooking.objects.get()
    assert (booking.slot, booking.user, booking.topics) == (slot, citizen, ["funding", "accounting"])
    assert sorted(m.to[0] for m in mail.outbox) == ["desk@example.jp", citizen.email]
    mine = next(m for m in mail.outbox if m.to == [citizen.email])
    assert "2027-06-04 10:00" in mine.body
    assert "資金・助成、会計・税務" in mine.body
    assert "2027-06-03" in mine.body  # the last day to cancel
    page = client.get(reverse("center:consultation_index"))
    assert [b.pk for b in page.context["bookings"]] == [booking.pk]
    assert list(page.context["slots"]) == []


def test_a_group_manager_books_for_their_group_but_not_for_another(client, frozen):
    manager = UserFactory()
    mine, other = GroupFactory(managers=[manager]), GroupFactory()
    client.force_login(manager)
    url = reverse("center:consultation_slot", args=[_slot().pk])
    response = client.post(url, {"topics": ["operation"], "group": other.pk})
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    client.post(url, {"topics": ["operation"], "group": mine.pk})
    assert ConsultationBooking.objects.get().group == mine


@pytest.mark.parametrize(("data", "message"), [({}, "一つ以上選んで"), ({"topics": ["nope"]}, "選択")])
def test_a_booking_without_a_valid_topic_keeps_the_form(client, frozen, data, message):
    client.force_login(UserFactory())
    response = client.post(reverse("center:consultation_slot", args=[_slot().pk]), {**data, "note": "書いた内容"})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["topics"])
    assert "書いた内容" in response.content.decode()


def test_a_slot_taken_meanwhile_is_refused_with_a_message(frozen):
    slot = _slot()
    ConsultationBookingFactory(slot=slot)
    with pytest.raises(ValidationError, match="すでに予約されています"):
        services.slot_book(user=UserFactory(), slot=slot, topics=["other"])


def test_the_page_of_a_booked_slot_is_gone(client, frozen):
    slot = _slot()
    ConsultationBookingFactory(slot=slot)
    client.force_login(UserFactory())
    assert client.post(reverse("center:consultation_slot", args=[slot.pk]), {"topics": ["other"]}).status_code == 404


def test_the_database_holds_one_booking_per_slot(frozen):
    slot = _slot()
    ConsultationBookingFactory(slot=slot)
    with pytest.raises(IntegrityError):
        ConsultationBooking.objects.create(slot=slot, user=UserFactory(), topics=["other"])


def test_a_past_slot_cannot_be_booked(frozen):
    with pytest.raises(ValidationError, match="過ぎています"):
        services.slot_book(user=UserFactory(), slot=_slot(1, 9), topics=["other"])


def test_the_booker_cancels_until_the_day_before(client, frozen, worker):
    booking = ConsultationBookingFactory(slot=_slot(4))
    client.force_login(booking.user)
    frozen.move_to(dt.datetime(2027, 6, 3, 23, 50, tzinfo=JST))
    with worker.after():
        client.post(reverse("center:consultation_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    assert any("取り消しました" in m.subject for m in mail.outbox)
    assert list(selectors.free_slots()) == [booking.slot]


def test_on_the_day_the_booking_stays_with_a_message(client, frozen):
    booking = ConsultationBookingFactory(slot=_slot(4))
    client.force_login(booking.user)
    frozen.move_to(dt.datetime(2027, 6, 4, 0, 5, tzinfo=JST))
    response = client.post(reverse("center:consultation_cancel", args=[booking.pk]), follow=True)
    assert "前日を過ぎたため" in response.content.decode()
    booking.refresh_from_db()
    assert booking.cancelled_at is None


def test_nobody_else_cancels_a_booking(client, frozen):
    booking = ConsultationBookingFactory(slot=_slot())
    client.force_login(UserFactory())
    assert client.post(reverse("center:consultation_cancel", args=[booking.pk])).status_code == 404
    assert client.get(reverse("center:consultation_cancel", args=[booking.pk])).status_code == 405


# Staff in the admin


@pytest.fixture
def staff_client(client, frozen):
    staff = StaffFactory()
    client.force_login(staff)
    return client, staff


def test_staff_publish_a_slot_and_a_past_or_reversed_one_is_refused(staff_client):
    client, staff = staff_client
    url = reverse("admin:center_consultationslot_add")
    data = {"starts_at_0": "2027-06-10", "starts_at_1": "13:00", "ends_at_0": "2027-06-10", "ends_at_1": "12:00"}
    data |= {"channel": "online", "staff": staff.pk}
    response = client.post(url, data)
    assert "終了日時は開始日時より後にしてください" in response.content.decode()
    response = client.post(url, {**data, "starts_at_0": "2027-05-10", "ends_at_0": "2027-05-10", "ends_at_1": "14:00"})
    assert "開始日時は未来の日時にしてください" in response.content.decode()
    response = client.post(url, {**data, "ends_at_1": "14:00", "staff": UserFactory().pk})  # not center staff
    assert "staff" in response.context["adminform"].form.errors
    client.post(url, {**data, "ends_at_1": "14:00"})
    assert [s.channel for s in selectors.free_slots()] == [Channel.ONLINE]


def test_staff_record_the_consultation_from_a_booking(staff_client):
    client, staff = staff_client
    citizen = UserFactory(full_name="市民 花子")
    booking = ConsultationBookingFactory(slot=_slot(channel=Channel.ONLINE), user=citizen, topics=["incorporation"])
    url = reverse("admin:center_consultationbooking_changelist")
    response = client.post(url, {"action": "record_consultation", "_selected_action": [booking.pk]}, follow=True)
    assert "1件の相談の記録を作りました" in response.content.decode()
    record = Consultation.objects.get()
    assert (record.channel, record.client_kind, record.topics, record.minutes) == (
        "online",
        "person",
        ["incorporation"],
        60,
    )
    assert (record.person_name, record.person_contact, record.recorded_by) == ("市民 花子", citizen.email, staff)
    response = client.post(url, {"action": "record_consultation", "_selected_action": [booking.pk]}, follow=True)
    assert "すでにあります" in response.content.decode()
    assert Consultation.objects.count() == 1


def _record_data(**fields):
    data = {
        "held_at_0": "2027-06-01", "held_at_1": "10:00", "channel": "phone", "client_kind": "person", "group": "",
        "person_name": "電話 太郎", "person_contact": "0000", "topics": ["founding", "funding"], "minutes": "25",
        "advice": "説明した", "referrals": ["social_welfare"], "referral_other": "",
        "follow_ups-TOTAL_FORMS": "1", "follow_ups-INITIAL_FORMS": "0", "follow_ups-MIN_NUM_FORMS": "0",
        "follow_ups-MAX_NUM_FORMS": "1000", "follow_ups-0-task": "資料を送る", "follow_ups-0-due_on": "2027-06-08",
    }  # fmt: skip
    return {**data, **fields}


def test_staff_record_a_phone_consultation_with_a_follow_up(staff_client):
    client, staff = staff_client
    response = client.post(reverse("admin:center_consultation_add"), _record_data())
    assert response.status_code == 302
    record = Consultation.objects.get()
    assert (record.topics, record.referrals, record.recorded_by) == (["founding", "funding"], ["social_welfare"], staff)
    assert FollowUp.objects.get().due_on == dt.date(2027, 6, 8)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"client_kind": "anonymous"}, "匿名の相談には名前と連絡先を入れません"),
        ({"client_kind": "group"}, "団体を選んでください"),
        ({"topics": []}, "必須"),
        ({"minutes": "0"}, "1分から600分"),
        ({"minutes": "700"}, "1分から600分"),
        ({"held_at_0": "2027-06-05"}, "未来の日時は入れられません"),
    ],
)
def test_bad_records_are_refused_in_japanese(staff_client, fields, message):
    client, _ = staff_client
    response = client.post(reverse("admin:center_consultation_add"), _record_data(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consultation.objects.exists()


def test_officials_do_not_see_the_records(client, frozen):
    ConsultationFactory()
    client.force_login(UserFactory(roles=[CITY_OFFICIALS], is_staff=True))
    assert client.get(reverse("admin:center_consultation_changelist")).status_code == 403
    assert client.get(reverse("admin:center_consultationbooking_changelist")).status_code == 403


# Retention


def test_personal_details_are_erased_after_the_retention_period_and_the_figures_stay(frozen, settings, worker):
    settings.CENTER_CONSULTATION_RETENTION_YEARS = 5
    old = ConsultationFactory(held_at=dt.datetime(2027, 5, 31, 10, tzinfo=JST), topics=["funding"], minutes=40)
    FollowUp.objects.create(consultation=old, task="山田さんに電話", due_on=dt.date(2027, 6, 7))
    booking = ConsultationBookingFactory(slot=_slot(4), note="個人的な事情")
    recent = ConsultationFactory(held_at=dt.datetime(2027, 6, 20, 10, tzinfo=JST))
    frozen.move_to(dt.datetime(2032, 6, 5, 2, tzinfo=JST))
    with worker.after():
        enqueue_now("consultation_erasure")
    old.refresh_from_db()
    recent.refresh_from_db()
    booking.refresh_from_db()
    assert (old.person_name, old.person_contact, old.advice) == ("", "", "")
    assert old.erased_at is not None
    assert (old.topics, old.minutes, old.channel) == (["funding"], 40, "counter")
    assert "山田" not in FollowUp.objects.get().task
    assert booking.note == ""
    assert recent.person_name == "相談 太郎"
    assert selectors.consultations_in_fiscal_year(2027) == 2
    assert services.consultations_erase_expired() == 0  # a second run changes nothing


# Statistics


def test_statistics_by_month_topic_and_channel(client, frozen):
    ConsultationFactory(held_at=dt.datetime(2027, 4, 1, 0, 10, tzinfo=JST), topics=["funding", "accounting"])
    ConsultationFactory(held_at=dt.datetime(2027, 4, 30, 23, 50, tzinfo=JST), channel=Channel.PHONE, minutes=10)
    ConsultationFactory(held_at=dt.datetime(2027, 5, 1, 0, 10, tzinfo=JST), channel=Channel.EMAIL, topics=["funding"])
    ConsultationFactory(held_at=dt.datetime(2027, 3, 31, 23, 50, tzinfo=JST))  # fiscal year 2026
    stats = selectors.consultation_statistics(2027)
    april, may = stats["months"][0], stats["months"][1]
    funding, accounting, founding = (Topic.values.index(t) for t in ("funding", "accounting", "founding"))
    assert (april["month"], april["count"], april["minutes"]) == (dt.date(2027, 4, 1), 2, 40)
    assert (april["topics"][funding], april["topics"][accounting], april["topics"][founding]) == (1, 1, 1)
    assert april["channels"][Channel.values.index("phone")] == 1
    assert (may["count"], may["channels"][Channel.values.index("email")]) == (1, 1)
    assert stats["total"]["count"] == 3
    assert stats["months"][-1]["month"] == dt.date(2028, 3, 1)
    assert compute("consultations", 2027) == 3
    assert compute("consultations", 2026) == 1


@pytest.mark.parametrize(("roles", "status"), [([], 403), ([CITY_OFFICIALS], 200)])
def test_officials_read_the_statistics_citizens_do_not(client, frozen, roles, status):
    client.force_login(UserFactory(roles=roles))
    assert client.get(reverse("center:consultation_stats")).status_code == status


def _grow(n):
    for i in range(n):
        ConsultationFactory(held_at=NOON - dt.timedelta(days=i), client_kind=ClientKind.ANONYMOUS, person_name="",
                            person_contact="")  # fmt: skip
        _slot(10 + i % 15, 9 + i % 8)


@pytest.mark.parametrize("name", ["center:consultation_index", "center:consultation_stats"])
def test_pages_take_the_same_queries_at_two_sizes(client, frozen, django_assert_max_num_queries, name):
    user = StaffFactory()
    client.force_login(user)
    _grow(2)
    ConsultationBookingFactory(user=user, slot=_slot(25))
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse(name)).status_code == 200
    _grow(15)
    ConsultationBookingFactory(user=user, slot=_slot(26))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_the_booking_page_takes_the_same_queries(client, frozen, django_assert_max_num_queries):
    user = UserFactory()
    GroupFactory(managers=[user])
    client.force_login(user)
    slot = _slot()
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("center:consultation_slot", args=[slot.pk]))
    for _ in range(5):
        GroupFactory(managers=[user])
    _grow(5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("center:consultation_slot", args=[slot.pk]))
