"""Lottery, provisional booking, payment, permit and receipt pages, as a manager, the winner and the desk use them."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from facilities.models import (
    BookingStatus,
    LotteryApplication,
    LotteryChoice,
    LotteryStatus,
    Payment,
    PaymentState,
)
from facilities.services import (
    booking_cancel,
    booking_confirm,
    booking_release_expired,
    lottery_apply,
    lottery_draw,
    payment_record,
)
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import FacilityFactory, FeeRateFactory, SpaceFactory, at, booked, lottery_window
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
SAT = dt.date(2026, 8, 8)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 5, 10, tzinfo=TZ), tick=False)
    return time_machine


@pytest.fixture
def window(clock):
    facility = FacilityFactory(name="中央センター", phone="083-000-0000")
    rooms = [SpaceFactory(facility=facility, name="ホール"), SpaceFactory(facility=facility, name="和室")]
    return lottery_window(rooms, month=dt.date(2026, 8, 1), applies=(dt.date(2026, 6, 1), dt.date(2026, 6, 10)))


def form(space, *, day="2026-08-08", start="13:00", end="17:00", **extra):
    return {"purpose": "定例会", "expected_attendees": "10", "space_1": space.pk, "date_1": day, "start_1": start,
            "end_1": end} | extra  # fmt: skip


def test_a_manager_applies_on_the_page_and_bad_input_keeps_the_form(client, window):
    url = reverse("facilities:lottery_apply", args=[window.pk])
    assert client.get(url).status_code == 302  # sign in first
    user, group = manager_with_group()
    client.force_login(user)
    hall = window.spaces.get(name="ホール")
    page = client.post(url, form(hall, group=group.pk, date_1="", purpose="音楽練習")).content.decode()
    assert "第1希望の部屋・利用日・開始・終了をすべて選んでください" in page
    assert "音楽練習" in page  # kept
    page = client.post(url, form(hall, group=group.pk, start_1="08:00")).content.decode()
    assert "開館時間" in page or "--:--" in page
    response = client.post(url, form(hall, group=group.pk))
    assert response.status_code == 302
    assert LotteryChoice.objects.get().space == hall
    page = client.post(url, form(hall, group=group.pk)).content.decode()
    assert "すでに申し込んでいます" in page
    assert LotteryApplication.objects.count() == 1


def test_outside_the_window_the_page_says_so(client, window, clock):
    clock.move_to(dt.datetime(2026, 6, 11, 9, tzinfo=TZ), tick=False)
    user, group = manager_with_group()
    client.force_login(user)
    url = reverse("facilities:lottery_apply", args=[window.pk])
    page = client.post(url, form(window.spaces.first(), group=group.pk)).content.decode()
    assert "申込期間（2026-06-01〜2026-06-10）外のため申し込めません" in page
    assert not LotteryApplication.objects.exists()


def test_staff_run_the_draw_from_the_page_once(client, window, clock):
    hall = window.spaces.get(name="ホール")
    for _ in range(3):
        user, group = manager_with_group()
        lottery_apply(window=window, user=user, group=group, purpose="会", expected_attendees=5,
                      slots=[(hall, at(SAT, 13), at(SAT, 17))])  # fmt: skip
    url = reverse("facilities:lottery_draw", args=[window.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory())
    page = client.post(url, follow=True).content.decode()
    assert "申込期間（2026-06-10まで）が終わるまで抽選できません" in page
    clock.move_to(dt.datetime(2026, 6, 11, 9, tzinfo=TZ), tick=False)
    assert "申込 3 件を抽選します" in client.get(url).content.decode()
    page = client.post(url, follow=True).content.decode()
    window.refresh_from_db()
    assert window.status == LotteryStatus.DRAWN
    assert f"乱数のシードは {window.seed} です" in page
    page = client.post(url, follow=True).content.decode()
    assert "すでに実施済みです" in page


@pytest.mark.parametrize("size", [3, 20])
def test_result_and_list_pages_keep_their_queries(client, window, clock, django_assert_max_num_queries, size):
    hall = window.spaces.get(name="ホール")
    for i in range(size):
        user, group = manager_with_group()
        day = SAT + dt.timedelta(days=i % 20)
        lottery_apply(window=window, user=user, group=group, purpose="会", expected_attendees=5,
                      slots=[(hall, at(day, 13), at(day, 17))])  # fmt: skip
    clock.move_to(dt.datetime(2026, 6, 11, 9, tzinfo=TZ), tick=False)
    lottery_draw(window=window, by=StaffFactory(), seed=1)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("facilities:lottery_detail", args=[window.pk])).content.decode()
    assert page.count("当選") >= 1
    with django_assert_max_num_queries(4):
        assert client.get(reverse("facilities:lottery_list")).status_code == 200


def test_the_winner_confirms_on_the_booking_page_and_not_after_the_deadline(client, window, clock):
    hall = window.spaces.get(name="ホール")
    winner, group = manager_with_group()
    lottery_apply(window=window, user=winner, group=group, purpose="会", expected_attendees=5,
                  slots=[(hall, at(SAT, 13), at(SAT, 17))])  # fmt: skip
    clock.move_to(dt.datetime(2026, 6, 11, 9, tzinfo=TZ), tick=False)
    lottery_draw(window=window, by=StaffFactory(), seed=1)
    booking = LotteryChoice.objects.get().booking
    client.force_login(winner)
    detail = reverse("facilities:booking_detail", args=[booking.pk])
    assert "2026-06-18 23:59までに確定してください" in client.get(detail).content.decode()
    clock.move_to(dt.datetime(2026, 6, 19, 0, 0, 1, tzinfo=TZ), tick=False)
    page = client.post(reverse("facilities:booking_confirm_hold", args=[booking.pk]), follow=True).content.decode()
    assert "確定期限（2026-06-18 23:59）を過ぎたため" in page
    clock.move_to(dt.datetime(2026, 6, 18, 12, tzinfo=TZ), tick=False)
    client.post(reverse("facilities:booking_confirm_hold", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("facilities:booking_confirm_hold", args=[booking.pk])).status_code == 404


@pytest.fixture
def confirmed(clock, settings):
    settings.FACILITIES_PUBLISHER = {"code": "352012", "prefecture": "山口県", "municipality": "下関市"}
    facility = FacilityFactory(name="中央センター", payment_due_days=3)
    space = SpaceFactory(facility=facility, name="会議室A")
    FeeRateFactory(space=space, starts=dt.time(9), ends=dt.time(21), hourly_fee=600)
    booking = booked(space, dt.date(2026, 6, 17), hours=(10, 12), notify=False)
    return booking_confirm(booking=booking, by=StaffFactory())


def test_a_confirmed_booking_must_be_paid_by_its_deadline(confirmed, clock):
    assert confirmed.final_price == 1200
    assert confirmed.pay_by == dt.datetime(2026, 6, 8, 23, 59, 59, 999999, tzinfo=TZ)
    clock.move_to(dt.datetime(2026, 6, 9, 1, tzinfo=TZ), tick=False)
    assert booking_release_expired() == {"unconfirmed": 0, "unpaid": 1}
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.CANCELLED
    assert confirmed.status_changes.last().note == "支払期限までに支払いがなかったため取消"


def test_the_desk_records_payment_and_prints_receipt_and_permit(client, confirmed, clock):
    staff = StaffFactory()
    url = reverse("facilities:payment_record", args=[confirmed.pk])
    client.force_login(confirmed.user)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    good = {"amount": "1200", "method": "cash", "paid_on": "2026-06-05", "receipt_number": "A-001"}
    page = client.post(url, good | {"amount": "1000"}).content.decode()
    assert "金額が請求額（1200円）と一致しません" in page
    assert 'value="A-001"' in page  # kept
    page = client.post(url, good | {"paid_on": "2026-06-06"}).content.decode()
    assert "支払日に未来の日付は指定できません" in page
    page = client.post(url, good | {"amount": "abc"}).content.decode()
    assert "整数" in page or "数" in page
    response = client.post(url, good)
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.payment_state == PaymentState.PAID
    payment = Payment.objects.get()
    assert (payment.fiscal_year, payment.recorded_by) == (2026, staff)
    assert "支払記録: 1200円（現金、領収書番号 A-001）" in confirmed.status_changes.last().note
    # The booker opens both documents from their booking page.
    client.force_login(confirmed.user)
    detail = client.get(reverse("facilities:booking_detail", args=[confirmed.pk])).content.decode()
    assert reverse("facilities:booking_permit", args=[confirmed.pk]) in detail
    assert reverse("facilities:booking_receipt", args=[confirmed.pk]) in detail
    receipt = client.get(reverse("facilities:booking_receipt", args=[confirmed.pk])).content.decode()
    for text in ("領収書", "下関市", "1200円", "2026-A-001"):
        assert text in receipt
    permit = client.get(reverse("facilities:booking_permit", args=[confirmed.pk])).content.decode()
    for text in ("使用許可書", "下関市", "会議室A"):
        assert text in permit
    assert f"2026-{confirmed.pk:06d}" in permit
    assert "css/permit.css" in permit
    client.force_login(UserFactory())
    assert client.get(reverse("facilities:booking_permit", args=[confirmed.pk])).status_code == 404


def test_a_receipt_number_is_unique_within_the_fiscal_year(confirmed, clock):
    staff = StaffFactory()
    payment_record(booking=confirmed, by=staff, amount=1200, method="cash", paid_on=dt.date(2026, 6, 5),
                   receipt_number="7")  # fmt: skip
    other = booking_confirm(booking=booked(confirmed.space, dt.date(2026, 6, 18), notify=False), by=staff)
    with pytest.raises(Exception, match="領収書番号「7」は2026年度にすでに使われています"):
        payment_record(booking=other, by=staff, amount=1200, method="cash", paid_on=dt.date(2026, 6, 5),
                       receipt_number="7")  # fmt: skip
    with pytest.raises(Exception, match="すでに記録されています"):
        payment_record(booking=confirmed, by=staff, amount=1200, method="cash", paid_on=dt.date(2026, 6, 5),
                       receipt_number="8")  # fmt: skip
    clock.move_to(dt.datetime(2027, 4, 2, 10, tzinfo=TZ), tick=False)
    # A new fiscal year starts its numbers again (booking in the past by now is still payable at the desk).
    assert payment_record(booking=other, by=staff, amount=1200, method="cash", paid_on=dt.date(2027, 4, 1),
                          receipt_number="7").fiscal_year == 2027  # fmt: skip


def test_a_paid_booking_cancelled_is_to_be_refunded(confirmed, clock):
    staff = StaffFactory()
    payment_record(booking=confirmed, by=staff, amount=1200, method="cash", paid_on=dt.date(2026, 6, 5),
                   receipt_number="9")  # fmt: skip
    booking_cancel(booking=confirmed, by=staff, note="雨天")
    confirmed.refresh_from_db()
    assert confirmed.payment_state == PaymentState.REFUNDED


def test_losers_mail_links_to_the_result(window, clock):
    hall = window.spaces.get(name="ホール")
    for _ in range(2):
        user, group = manager_with_group()
        lottery_apply(window=window, user=user, group=group, purpose="会", expected_attendees=5,
                      slots=[(hall, at(SAT, 13), at(SAT, 17))])  # fmt: skip
    clock.move_to(dt.datetime(2026, 6, 11, 9, tzinfo=TZ), tick=False)
    mail.outbox.clear()
    lottery_draw(window=window, by=StaffFactory(), seed=2)
    assert LotteryChoice.objects.filter(outcome="lost").count() == 1


@pytest.mark.parametrize("size", [2, 15])
def test_form_and_print_pages_keep_their_queries(client, window, confirmed, django_assert_max_num_queries, size):
    hall = window.spaces.get(name="ホール")
    staff = StaffFactory()
    for i in range(size):
        user, group = manager_with_group()
        lottery_apply(window=window, user=user, group=group, purpose="会", expected_attendees=5,
                      slots=[(hall, at(SAT, 9 + i % 10), at(SAT, 10 + i % 10))])  # fmt: skip
        day, hour = dt.date(2026, 6, 22) + dt.timedelta(days=i // 6), 9 + 2 * (i % 6)  # weekdays, weekday rates
        other = booking_confirm(booking=booked(confirmed.space, day, hours=(hour, hour + 1), notify=False), by=staff)
        payment_record(booking=other, by=staff, amount=other.final_price, method="cash", paid_on=dt.date(2026, 6, 5),
                       receipt_number=f"N{i}")  # fmt: skip
    payment_record(booking=confirmed, by=staff, amount=1200, method="cash", paid_on=dt.date(2026, 6, 5),
                   receipt_number="X")  # fmt: skip
    manager, _group = manager_with_group()
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("facilities:lottery_apply", args=[window.pk])).status_code == 200
    client.force_login(staff)
    pages = [
        reverse("facilities:lottery_draw", args=[window.pk]),
        reverse("facilities:booking_permit", args=[confirmed.pk]),
        reverse("facilities:booking_receipt", args=[confirmed.pk]),
        reverse("facilities:payment_record", args=[confirmed.pk]),
    ]
    for url in pages:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_the_apply_page_outside_the_window_explains_without_a_form(client, window, clock):
    clock.move_to(dt.datetime(2026, 6, 11, 9, tzinfo=TZ), tick=False)
    user, _group = manager_with_group()
    client.force_login(user)
    page = client.get(reverse("facilities:lottery_apply", args=[window.pk])).content.decode()
    assert "申込期間（2026-06-01〜2026-06-10）外のため申し込めません" in page
    assert '<form method="post" novalidate>' not in page


def test_staff_open_a_lottery_in_the_admin_with_rooms_of_its_facility_only(client, window):
    staff = StaffFactory()
    client.force_login(staff)
    other_room = SpaceFactory(name="よその部屋")
    data = {
        "facility": window.facility_id, "spaces": [other_room.pk], "name": "9月の抽選", "month": "2026-09-01",
        "applies_from": "2026-07-01", "applies_until": "2026-07-10", "quota_per_group": "1", "max_choices": "3",
        "confirm_days": "7", "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0",
    }  # fmt: skip
    page = client.post(reverse("admin:facilities_lotterywindow_add"), data).content.decode()
    assert "この施設の部屋だけを選んでください" in page
    page = client.post(
        reverse("admin:facilities_lotterywindow_add"),
        data | {"spaces": [window.spaces.first().pk], "applies_until": "2026-09-02"},
    ).content.decode()
    assert "申込締切日は対象の月より前にしてください" in page
    response = client.post(reverse("admin:facilities_lotterywindow_add"), data | {"spaces": [window.spaces.first().pk]})
    assert response.status_code == 302
