"""A group proposes an event in a center room, staff approve it (the room is booked), citizens sign up until it is
full, one cancels and the first on the waitlist is promoted and emailed."""

import datetime as dt

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from civic_portal.center.models import Event, EventStatus, Signup, SignupStatus
from facilities.models import Booking, BookingStatus
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import SpaceFactory, next_weekday
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db(transaction=True)


def _switch_user(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_a_group_event_in_a_center_room_fills_up_and_a_cancellation_promotes_the_first_waiting(
    page: Page, site, login, worker
):
    manager, group = manager_with_group(name="海峡まちづくりの会")
    space = SpaceFactory(name="大会議室", capacity=30)
    day = next_weekday(3, weeks=2)
    deadline = (day - dt.timedelta(days=3)).isoformat()
    citizens = [UserFactory(full_name=f"参加者{i}") for i in range(3)]

    login(manager)
    page.goto(site("/events/propose/"))
    assert_accessible(page)
    page.get_by_label("種類").select_option(label="交流会")
    page.get_by_label("名称").fill("まちづくり交流会")
    page.get_by_label("内容").fill("地域で活動する団体どうしの交流会です。")
    page.get_by_label("定員").fill("0")
    page.get_by_label("会場（センターの部屋）").select_option(label=str(space))
    page.get_by_label("申込締切").fill(f"{deadline}T17:00")
    page.get_by_label("取消期限").fill(f"{deadline}T18:00")
    page.get_by_label("開催日1").fill(day.isoformat())
    page.get_by_label("開始時刻1").fill("13:00")
    page.get_by_label("終了時刻1").fill("15:00")
    page.get_by_role("button", name="申請する").click()
    expect(page.locator("form[novalidate]")).to_contain_text("定員は1人から10,000人までで入力してください。")
    expect(page.get_by_label("名称")).to_have_value("まちづくり交流会")  # the form is kept
    page.get_by_label("定員").fill("2")
    page.get_by_role("button", name="申請する").click()
    expect(page.locator(".messages")).to_contain_text("イベントを申請しました")
    event = Event.objects.get(title="まちづくり交流会")
    assert (event.status, event.group) == (EventStatus.PROPOSED, group)

    _switch_user(page, login, StaffFactory())
    page.goto(site("/admin/center/event/?status__exact=proposed"))
    page.get_by_role("row", name="まちづくり交流会").get_by_role("checkbox").check()
    page.get_by_label("操作").select_option(label="選んだイベントを承認して公開する（会場の部屋を予約します）")
    page.get_by_role("button", name="実行").click()
    expect(page.locator(".messagelist")).to_contain_text("1件を承認しました")
    booking = Booking.objects.get(event_session__event=event)
    assert (booking.space, booking.status) == (space, BookingStatus.CONFIRMED)

    for citizen in citizens:
        _switch_user(page, login, citizen)
        page.goto(site("/events/"))
        page.get_by_role("link", name="まちづくり交流会").click()
        assert_accessible(page)
        page.get_by_role("button", name="申し込む").or_(
            page.get_by_role("button", name="キャンセル待ちで申し込む")
        ).click()
        expect(page.locator(".messages")).to_be_visible()
    statuses = list(Signup.objects.filter(event=event).order_by("pk").values_list("status", flat=True))
    assert statuses == [SignupStatus.CONFIRMED, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]
    expect(page.locator("#signup-heading + *")).to_contain_text("キャンセル待ち")

    _switch_user(page, login, citizens[0])
    page.goto(site("/events/mine/"))
    assert_accessible(page)
    page.get_by_role("button", name="まちづくり交流会の申込を取り消す").click()
    expect(page.locator(".messages")).to_contain_text("参加申込を取り消しました")
    assert Signup.objects.get(user=citizens[2]).status == SignupStatus.CONFIRMED

    worker.run()
    promoted = [m for m in mail.outbox if citizens[2].email in m.to and "キャンセル待ちから参加確定" in m.subject]
    assert len(promoted) == 1
    assert "まちづくり交流会" in promoted[0].body

    _switch_user(page, login, manager)
    page.goto(site(f"/events/{event.pk}/participants/"))
    assert_accessible(page)
    page.get_by_role("button", name="参加者2 さんを受付").click()
    expect(page.get_by_role("row", name="参加者2")).not_to_contain_text("参加確定")
    assert Signup.objects.get(user=citizens[2]).status == SignupStatus.ATTENDED
