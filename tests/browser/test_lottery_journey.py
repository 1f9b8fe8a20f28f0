"""Lottery journey: three groups apply for the same slot, staff draw, the winner confirms, a loser books another
room; the desk prints the permit and records the payment, then the receipt."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from facilities.models import BookingStatus, DayType, LotteryApplication, LotteryWindow, PaymentState
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory
from tests.factories.facilities import FacilityFactory, FeeRateFactory, SpaceFactory, lottery_window
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db(transaction=True)


def _first_saturday(month: dt.date) -> dt.date:
    return month + dt.timedelta(days=(5 - month.weekday()) % 7)


def test_three_groups_apply_staff_draw_winner_confirms_loser_books_desk_prints_and_records_payment(
    page: Page, site, login, time_machine
):
    today = timezone.localdate()
    month = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1)  # the month two ahead
    day = _first_saturday(month)
    facility = FacilityFactory(name="中央センター")
    hall = SpaceFactory(facility=facility, name="多目的ホール", capacity=80)
    washitsu = SpaceFactory(facility=facility, name="和室", capacity=30)
    for space in (hall, washitsu):
        FeeRateFactory(space=space, day_type=DayType.HOLIDAY, starts=dt.time(9), ends=dt.time(21), hourly_fee=500)
    window = lottery_window(
        [hall, washitsu],
        month=month,
        applies=(today - dt.timedelta(days=1), today + dt.timedelta(days=1)),
        name="人気の部屋の抽選",
    )
    managers = [manager_with_group(name=name)[0] for name in ("川の会", "山の会", "海の会")]

    for manager, group_name in zip(managers, ("川の会", "山の会", "海の会"), strict=True):
        login(manager)
        page.goto(site("/facilities/lottery/"))
        if manager == managers[0]:
            assert_accessible(page)
        page.get_by_role("link", name="人気の部屋の抽選").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("人気の部屋の抽選")
        page.get_by_role("link", name="この抽選に申し込む").click()
        if manager == managers[0]:
            assert_accessible(page)
            # A half-filled choice is refused with the form kept.
            page.get_by_label("申し込む団体").select_option(label=group_name)
            page.get_by_label("利用目的").fill("演奏会の練習")
            page.get_by_label("予定人数").fill("25")
            page.get_by_label("第1希望 部屋").select_option(label="多目的ホール（定員80）")
            page.get_by_role("button", name="申し込む").click()
            expect(page.get_by_text("第1希望の部屋・利用日・開始・終了をすべて選んでください。")).to_be_visible()
            expect(page.get_by_label("利用目的")).to_have_value("演奏会の練習")
            assert_accessible(page)
        page.get_by_label("申し込む団体").select_option(label=group_name)
        page.get_by_label("利用目的").fill("演奏会の練習")
        page.get_by_label("予定人数").fill("25")
        page.get_by_label("第1希望 部屋").select_option(label="多目的ホール（定員80）")
        page.get_by_label("第1希望 利用日").fill(day.isoformat())
        page.get_by_label("第1希望 開始時刻").select_option("13:00")
        page.get_by_label("第1希望 終了時刻").select_option("17:00")
        page.get_by_role("button", name="申し込む").click()
        expect(page.get_by_text("抽選に申し込みました。")).to_be_visible()
        page.get_by_role("button", name="ログアウト").click()
    assert LotteryApplication.objects.filter(window=window).count() == 3

    # The period has ended: center staff run the draw.
    time_machine.move_to(timezone.now() + dt.timedelta(days=2), tick=True)
    staff = StaffFactory()
    login(staff)
    page.goto(site(f"/facilities/lottery/{window.pk}/"))
    page.get_by_role("link", name="抽選を実施する（職員）").click()
    expect(page.get_by_text("申込 3 件を抽選します")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="抽選する").click()
    window.refresh_from_db()
    expect(page.get_by_text(f"乱数のシードは {window.seed} です")).to_be_visible()
    page.reload()
    assert_accessible(page)
    page.get_by_role("button", name="ログアウト").click()

    order = [LotteryApplication.objects.select_related("user").get(pk=pk) for pk in window.draw_order]
    winner, loser = order[0], order[1]
    booking = winner.choices.get().booking
    assert booking is not None
    assert booking.status == BookingStatus.PROVISIONAL

    # The winner confirms the provisional booking before its deadline.
    login(winner.user)
    page.goto(site("/facilities/bookings/"))
    page.goto(site(f"/facilities/bookings/{booking.pk}/"))
    expect(page.get_by_role("heading", name="仮予約の確定")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="この予約を確定する").click()
    expect(page.get_by_text("予約を確定しました。")).to_be_visible()
    expect(page.get_by_text("予約確定")).to_be_visible()
    page.get_by_role("button", name="ログアウト").click()

    # A loser books a free alternative first come, first served (the 和室 at the same time).
    login(loser.user)
    page.goto(site(f"/facilities/{facility.pk}/book/?space={washitsu.pk}&date={day.isoformat()}"))
    page.get_by_label("部屋").select_option(label="和室（定員30）")
    page.get_by_label("利用団体").select_option(label=loser.group.name)
    page.get_by_label("利用日").fill(day.isoformat())
    page.get_by_label("開始時刻").select_option("13:00")
    page.get_by_label("終了時刻").select_option("17:00")
    page.get_by_label("利用目的").fill("演奏会の練習")
    page.get_by_label("予定人数").fill("25")
    page.get_by_role("button", name="料金を確認する").click()
    page.get_by_role("button", name="この内容で申し込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の詳細")
    expect(page.get_by_text("中央センター 和室")).to_be_visible()
    page.get_by_role("button", name="ログアウト").click()

    # The desk prints the permit and records the payment; the receipt prints.
    login(staff)
    page.goto(site(f"/facilities/bookings/{booking.pk}/"))
    page.get_by_role("link", name="使用許可書を表示・印刷").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("使用許可書")
    expect(page.get_by_text("多目的ホール")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="予約の詳細に戻る").click()
    page.get_by_role("link", name="支払を記録する（窓口）").click()
    assert_accessible(page)
    page.get_by_label("金額（円）").fill("1")
    page.get_by_label("領収書番号").fill("R-0001")
    page.get_by_role("button", name="支払を記録する").click()
    expect(page.get_by_text("金額が請求額（2000円）と一致しません。")).to_be_visible()
    expect(page.get_by_label("領収書番号")).to_have_value("R-0001")
    page.get_by_label("金額（円）").fill("2000")
    page.get_by_role("button", name="支払を記録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("領収書")
    expect(page.get_by_text("金額 2000円")).to_be_visible()
    page.reload()
    assert_accessible(page)
    booking.refresh_from_db()
    assert booking.payment_state == PaymentState.PAID
    assert LotteryWindow.objects.get(pk=window.pk).is_drawn
