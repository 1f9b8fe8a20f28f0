"""A group manager finds a free room for the coming Saturday afternoon across all facilities in one search and
books it (keyboard submits the GET form; every page passes axe)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from facilities.models import Booking, BookingMode, BookingStatus
from tests.browser.axe import assert_accessible
from tests.factories.facilities import FacilityFactory, SpaceFactory, booked
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db(transaction=True)


def test_group_manager_finds_a_free_room_for_saturday_afternoon_and_books_it(page: Page, site, login):
    today = timezone.localdate()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    center = FacilityFactory(name="市民活動センター")
    busy = SpaceFactory(facility=center, name="第1会議室", capacity=30)
    booked(busy, saturday, hours=(14, 16))
    SpaceFactory(facility=center, name="小会議室", capacity=6)
    east = FacilityFactory(name="東部公民館")
    SpaceFactory(facility=east, name="集会室", capacity=40)
    FacilityFactory(name="市民体育館", booking_mode=BookingMode.PHONE, booking_phone="083-231-0000")
    manager, group = manager_with_group(name="川をきれいにする会")

    login(manager)
    page.goto(site("/facilities/"))
    page.get_by_role("link", name="日時で空きを探す").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("空き施設の検索")
    assert_accessible(page)
    page.get_by_label("利用日（から）").fill(saturday.isoformat())
    page.get_by_label("時間帯", exact=True).select_option(label="午後（13:00〜17:00）")
    people = page.get_by_label("利用人数")
    people.fill("15")
    people.press("Enter")  # the GET form submits from the keyboard, no script involved

    results = page.get_by_role("region", name="条件に合う部屋 2室")
    expect(results).to_be_visible()
    assert_accessible(page)
    busy_room = page.get_by_role("article").filter(has_text="第1会議室")
    expect(busy_room).to_contain_text("この条件で空いている時間はありません。")
    expect(page.get_by_role("article").filter(has_text="小会議室")).to_have_count(0)  # too small
    expect(page.get_by_role("region", name="ほかの方法で予約する施設")).to_contain_text("083-231-0000")
    free_room = page.get_by_role("article").filter(has_text="東部公民館")
    free_room.get_by_role("link", name="13:00–17:00を予約").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_label("部屋")).to_have_value(str(east.spaces.get().pk))
    expect(page.get_by_label("利用日")).to_have_value(saturday.isoformat())
    expect(page.get_by_label("開始時刻")).to_have_value("13:00")
    expect(page.get_by_label("終了時刻")).to_have_value("17:00")
    expect(page.get_by_label("予定人数")).to_have_value("15")
    assert_accessible(page)
    page.get_by_label("利用団体").select_option(label="川をきれいにする会")
    page.get_by_label("利用目的").fill("清掃活動の打ち合わせ")
    page.get_by_role("button", name="料金を確認する").click()
    assert_accessible(page)
    page.get_by_role("button", name="この内容で申し込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の詳細")

    booking = Booking.objects.get(group=group)
    assert booking.space.facility == east
    local = timezone.localtime(booking.starts_at)
    assert (local.date(), local.time(), timezone.localtime(booking.ends_at).time()) == (
        saturday,
        dt.time(13),
        dt.time(17),
    )
    assert booking.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


def test_staff_read_the_utilisation_and_download_it(page: Page, site, login):
    from tests.factories.accounts import StaffFactory

    center = FacilityFactory(name="市民活動センター", is_center=True)
    room = SpaceFactory(facility=center, name="第1会議室")
    booked(room, timezone.localdate() + dt.timedelta(days=3), hours=(10, 12))
    login(StaffFactory())
    page.goto(site("/facilities/utilisation/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("施設の利用状況（稼働率）")
    assert_accessible(page)
    page.get_by_label("施設").select_option(label="市民活動センター")
    page.get_by_role("button", name="表示する").press("Enter")
    expect(page.get_by_role("table", name="部屋ごと・月ごとの稼働率（%）")).to_contain_text("第1会議室")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSVでダウンロード").click()
    assert download.value.suggested_filename.startswith("facility-utilisation-")
