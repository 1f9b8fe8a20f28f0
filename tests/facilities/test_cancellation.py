"""Cancelling: a confirmation page, an optional reason, mail to the booker and the desk, the deadline explained."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from facilities.models import BookingStatus, LoanStatus
from facilities.services import booking_cancel
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import EquipmentTypeFactory, FacilityFactory, FeeRateFactory, SpaceFactory, booked

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


@pytest.fixture
def booking(time_machine):
    # Monday 1 June 2026, 09:00 Tokyo; the booking is on Wednesday 10 June, cancellable until 8 June 23:59.
    time_machine.move_to(dt.datetime(2026, 6, 1, 9, tzinfo=TZ), tick=False)
    facility = FacilityFactory(
        name="中央センター", cancel_deadline_days=2, phone="083-111-2222", email="desk@center.example.jp"
    )
    space = SpaceFactory(facility=facility, name="会議室A")
    FeeRateFactory(space=space, hourly_fee=600)
    projector = EquipmentTypeFactory(facility=facility, name="プロジェクター")
    day = dt.date(2026, 6, 10)
    return booked(
        space,
        day,
        user=UserFactory(full_name="山田花子"),
        purpose="定例会",
        expected_attendees=5,
        equipment=[(projector, 1)],
        notify=False,
    )


def test_the_booker_confirms_the_cancellation_with_a_reason_and_both_sides_are_mailed(client, booking, worker):
    client.force_login(booking.user)
    detail = client.get(reverse("facilities:booking_detail", args=[booking.pk])).content.decode()
    url = reverse("facilities:booking_cancel", args=[booking.pk])
    assert f'href="{url}"' in detail
    page = client.get(url).content.decode()
    assert "次の予約を取り消します" in page
    assert "会議室A" in page
    assert "プロジェクター ×1" in page
    assert f"{booking.final_price}円" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED  # GET changes nothing

    page = client.post(url, {"note": "あ" * 501}).content.decode()
    assert "500" in page
    assert "あ" * 501 in page  # what was typed is kept
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED

    with worker.after():
        response = client.post(url, {"note": "会員の都合で中止"})
    assert response.url == reverse("facilities:booking_detail", args=[booking.pk])
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.status_changes.last().note == "会員の都合で中止"
    assert booking.loans.get().status == LoanStatus.CANCELLED
    to_booker, to_desk = sorted(mail.outbox, key=lambda m: m.to != [booking.user.email])
    assert to_booker.to == [booking.user.email]
    assert "取り消しました" in to_booker.subject
    assert "会員の都合で中止" in to_booker.body
    assert to_desk.to == ["desk@center.example.jp"]
    assert "予約の取消" in to_desk.subject
    assert "山田花子" in to_desk.body
    assert "会員の都合で中止" in to_desk.body
    assert f"/admin/facilities/booking/{booking.pk}/change/" in to_desk.body


class _Undo(Exception):
    pass


def _cancel_then_fail(booking):
    from django.db import transaction

    with transaction.atomic():
        booking_cancel(booking=booking, by=booking.user)
        raise _Undo


def test_nothing_is_mailed_when_the_cancellation_rolls_back(booking, worker):
    with worker.after(), pytest.raises(_Undo):
        _cancel_then_fail(booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    assert mail.outbox == []


def test_after_the_deadline_the_booker_reads_why_and_the_desks_phone(client, booking, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 9, 0, 1, tzinfo=TZ), tick=False)
    client.force_login(booking.user)
    url = reverse("facilities:booking_cancel", args=[booking.pk])
    detail = client.get(reverse("facilities:booking_detail", args=[booking.pk])).content.decode()
    assert f'href="{url}"' not in detail
    assert "取消期限（2026-06-08 23:59）を過ぎたため" in detail
    assert "083-111-2222" in detail
    page = client.get(url).content.decode()
    assert "083-111-2222" in page
    assert "<textarea" not in page
    client.post(url, {"note": "遅れて"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    staff = StaffFactory()  # center staff may still cancel, on the phone caller's behalf
    client.force_login(staff)
    client.post(url, {"note": "電話で依頼"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_a_cancelled_booking_offers_no_second_cancellation(client, booking):
    booking_cancel(booking=booking, by=booking.user)
    client.force_login(booking.user)
    page = client.get(reverse("facilities:booking_cancel", args=[booking.pk])).content.decode()
    assert "「取消」の予約は取り消せません" in page
    assert client.post(reverse("facilities:booking_cancel", args=[booking.pk])).status_code == 200


def test_a_cancellation_fee_by_the_facilitys_rule_is_shown_fixed_and_mailed(client, booking, time_machine, worker):
    facility = booking.space.facility
    facility.cancel_fee_days, facility.cancel_fee_percent = 7, 50
    facility.save()
    url = reverse("facilities:booking_cancel", args=[booking.pk])
    client.force_login(booking.user)
    assert "かかりません" in client.get(url).content.decode()  # 1 June: the fee period starts on 3 June
    time_machine.move_to(dt.datetime(2026, 6, 3, 0, 0, tzinfo=TZ), tick=False)
    fee = booking.final_price * 50 // 100
    page = client.get(url).content.decode()
    assert f"{fee}円（利用日の7日前からの取消は請求額の50%" in page
    assert f"残りの{booking.final_price - fee}円を還付します" in page
    with worker.after():
        client.post(url, {"note": ""})
    booking.refresh_from_db()
    assert (booking.status, booking.cancellation_fee) == (BookingStatus.CANCELLED, fee)
    assert all(f"取消料: {fee}円" in m.body for m in mail.outbox)
    assert len(mail.outbox) == 2


def test_staff_cancel_without_the_fee(booking, time_machine):
    facility = booking.space.facility
    facility.cancel_fee_days, facility.cancel_fee_percent = 7, 100
    facility.save()
    time_machine.move_to(dt.datetime(2026, 6, 9, 12, tzinfo=TZ), tick=False)
    cancelled = booking_cancel(booking=booking, by=StaffFactory(), note="設備故障のため")
    assert cancelled.cancellation_fee == 0
