import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from facilities.models import (
    Booking,
    BookingStatus,
    EquipmentItem,
    ExemptionApplication,
    ExemptionQualifier,
    ExemptionState,
    Loan,
    LoanStatus,
)
from facilities.services import booking_create, loan_create
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import (
    EquipmentTypeFactory,
    ExemptionRuleFactory,
    FacilityFactory,
    FeeRateFactory,
    SpaceFactory,
    at,
    booked,
    next_weekday,
)
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db(transaction=True)


def test_group_manager_books_a_room_with_a_projector_staff_confirm_public_sees_taken(page: Page, site, login):
    facility = FacilityFactory(name="市民活動センター", is_center=True, elevator=True)
    space = SpaceFactory(facility=facility, name="第1会議室", capacity=20)
    FeeRateFactory(space=space, label="午前", starts=dt.time(9), ends=dt.time(12), hourly_fee=600)
    EquipmentTypeFactory(facility=facility, name="プロジェクター", stock=3, fee_per_use=500)
    ExemptionRuleFactory(name="登録市民活動団体の活動", percentage=50)
    manager, _group = manager_with_group(name="川をきれいにする会")
    staff = StaffFactory()
    day = next_weekday(2)

    login(manager)
    page.goto(site("/facilities/"))
    assert_accessible(page)
    page.get_by_role("link", name="市民活動センター").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("市民活動センター")
    assert_accessible(page)
    page.get_by_role("link", name="この施設を予約する").click()
    assert_accessible(page)
    page.get_by_label("部屋").select_option(label="第1会議室（定員20）")
    page.get_by_label("利用団体").select_option(label="川をきれいにする会")
    page.get_by_label("利用日").fill(day.isoformat())
    page.get_by_label("開始時刻").select_option("09:00")
    page.get_by_label("終了時刻").select_option("11:00")
    page.get_by_label("利用目的").fill("定例会議")
    page.get_by_label("予定人数").fill("12")
    page.get_by_label("プロジェクターの数").fill("1")
    page.get_by_role("button", name="料金を確認する").click()

    fee_table = page.get_by_role("table", name="料金（1回あたり）")
    expect(fee_table).to_contain_text("1700円")
    expect(fee_table).to_contain_text("登録市民活動団体の活動（50%")
    expect(fee_table.get_by_role("row", name="お支払い額")).to_contain_text("850円")
    assert_accessible(page)
    page.get_by_role("button", name="この内容で申し込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の詳細")
    expect(page.get_by_text("申請中")).to_be_visible()
    # base.html puts role="status" on the messages <ul> (an axe listitem violation outside this app): check the
    # page itself once the flash message is gone.
    page.reload()
    assert_accessible(page)
    page.get_by_role("button", name="ログアウト").click()

    login(staff)
    page.goto(site("/facilities/front-desk/"))
    assert_accessible(page)
    pending = page.get_by_role("table", name="確定待ちの予約（今日以降）")
    expect(pending).to_contain_text("川をきれいにする会")
    pending.get_by_role("button", name="確定する").click()
    expect(page.get_by_role("status")).to_contain_text("更新しました")
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.final_price == 850
    change = booking.status_changes.last()
    assert change is not None
    assert change.changed_by == staff
    assert booking.loans.get().equipment_type.name == "プロジェクター"
    page.get_by_role("button", name="ログアウト").click()

    page.goto(site(f"/facilities/{facility.pk}/calendar/{day.year}/{day.month}/"))
    month = page.get_by_role("table", name="予約済の時間帯（予約者は表示しません）")
    expect(month).to_contain_text("09:00–11:00 予約済")
    expect(page.locator("main")).not_to_contain_text("川をきれいにする会")
    expect(page.locator("main")).not_to_contain_text("定例会議")
    assert_accessible(page)


def test_center_staff_approve_a_fee_exemption_from_its_evidence_then_confirm(
    page: Page, site, login, settings, tmp_path
):
    settings.PRIVATE_ROOT = tmp_path / "private"  # the evidence upload must not land in var/
    space = SpaceFactory(facility=FacilityFactory(name="市民活動センター"), name="大会議室", capacity=60)
    FeeRateFactory(space=space, starts=dt.time(9), ends=dt.time(12), hourly_fee=1000)
    rule = ExemptionRuleFactory(
        code="public-interest",
        name="公益性のある催し",
        qualifier=ExemptionQualifier.PUBLIC_INTEREST,
        application=ExemptionApplication.ON_APPLICATION,
        percentage=100,
    )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    day = next_weekday(3)
    booking = booked(
        space,
        day,
        hours=(9, 11),
        user=UserFactory(full_name="関門 一郎"),
        purpose="無料の公開講演会",
        expected_attendees=40,
        exemption_rule=rule,
        exemption_evidence=SimpleUploadedFile("flyer.pdf", pdf, content_type="application/pdf"),
    )
    # 減免申請中: charged undiscounted until staff grant it
    assert (booking.exemption_state, booking.list_price, booking.final_price) == (ExemptionState.APPLIED, 2000, 2000)
    staff = StaffFactory()

    login(staff)
    page.goto(site("/facilities/front-desk/"))
    row = page.get_by_role("table", name="確定待ちの予約（今日以降）").get_by_role("row", name="関門 一郎")
    expect(row).to_contain_text("公益性のある催し（申請中（職員確認待ち））")
    expect(row.get_by_role("button", name="確定する")).to_have_count(0)  # the evidence is checked first
    with page.expect_download() as download:
        row.get_by_role("link", name="減免の証明書類").click()
    assert download.value.path().read_bytes() == pdf
    row.get_by_role("button", name="減免を承認", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("更新しました")
    expect(row).to_contain_text("公益性のある催し（承認）")
    row.get_by_role("button", name="確定する").click()
    expect(page.get_by_role("status")).to_contain_text("更新しました")
    expect(page.get_by_role("table", name="確定待ちの予約（今日以降）")).to_contain_text("確定待ちの予約はありません。")

    booking.refresh_from_db()
    assert (booking.exemption_state, booking.status, booking.final_price) == (
        ExemptionState.APPROVED,
        BookingStatus.CONFIRMED,
        0,
    )
    notes = list(booking.status_changes.filter(changed_by=staff).values_list("note", "to_status"))
    assert notes == [("減免承認", BookingStatus.REQUESTED), ("", BookingStatus.CONFIRMED)]


def test_center_staff_hand_over_and_take_back_equipment_at_the_front_desk(page: Page, site, login):
    projector = EquipmentTypeFactory(facility=FacilityFactory(name="市民活動センター"), name="プロジェクター", stock=2)
    EquipmentItem.objects.create(equipment_type=projector, serial_number="PJ-001")
    pj2 = EquipmentItem.objects.create(equipment_type=projector, serial_number="PJ-002")
    # A loan for this morning (Tokyo): the desk lists loans starting / due before the end of today, with no lower
    # bound, so any hour works. Not a whole-day loan: one due at midnight is left out of 返却を受ける備品 that day.
    today = timezone.localdate()
    borrower = UserFactory(full_name="浜田 花子")
    loan = loan_create(
        user=borrower, equipment_type=projector, quantity=1, starts_at=at(today, 0), ends_at=at(today, 12)
    )
    staff = StaffFactory()

    login(staff)
    page.goto(site("/facilities/front-desk/"))
    hand_over = page.get_by_role("table", name="貸し出す備品")
    take_back = page.get_by_role("table", name="返却を受ける備品")
    row = hand_over.get_by_role("row", name="浜田 花子")
    expect(row).to_contain_text("プロジェクター ×1")
    expect(take_back).to_contain_text("返却を受ける備品はありません。")
    row.get_by_role("group", name="貸し出す個体（1点）").get_by_label("PJ-002").check()
    row.get_by_role("button", name="プロジェクターを貸し出す").click()
    expect(page.get_by_role("status")).to_contain_text("更新しました")
    expect(hand_over).to_contain_text("貸し出す備品はありません。")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.HANDED_OVER
    assert loan.handed_over_at
    assert list(loan.items.all()) == [pj2]

    row = take_back.get_by_role("row", name="浜田 花子")
    expect(row).to_contain_text("プロジェクター ×1（貸出中）")
    row.get_by_label("返却時の状態").fill("良好（レンズキャップあり）")
    row.get_by_role("button", name="返却を受ける").click()
    expect(page.get_by_role("status")).to_contain_text("更新しました")
    expect(take_back).to_contain_text("返却を受ける備品はありません。")
    loan = Loan.objects.get()
    assert loan.status == LoanStatus.RETURNED
    assert loan.returned_at
    assert loan.return_condition == "良好（レンズキャップあり）"


def test_fee_page_and_week_view_pass_axe(page: Page, site):
    space = SpaceFactory(name="和室")
    FeeRateFactory(space=space)
    ExemptionRuleFactory()
    page.goto(site("/facilities/fees/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("使用料・減免基準")
    assert_accessible(page)
    page.goto(site(f"/facilities/{space.facility_id}/week/"))
    assert_accessible(page)


def test_a_booker_cancels_from_a_confirmation_page_with_a_reason_and_is_told_after_the_deadline(
    page: Page, site, login
):
    facility = FacilityFactory(
        name="市民活動センター", cancel_deadline_days=3, phone="083-111-2222", email="desk@center.example.jp"
    )
    space = SpaceFactory(facility=facility, name="和室", capacity=10)
    user = UserFactory(full_name="下関 花子")
    day = next_weekday(3)
    booking = booking_create(
        user=user, space=space, starts_at=at(day, 13), ends_at=at(day, 15), purpose="茶話会", expected_attendees=4
    )
    soon = timezone.localdate() + dt.timedelta(days=2)  # its deadline, three days before, is gone
    late = booked(space, soon, hours=(19, 20), user=user, purpose="反省会", expected_attendees=4)

    login(user)
    page.goto(site(f"/facilities/bookings/{booking.pk}/"))
    page.get_by_role("link", name="この予約を取り消す").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の取消")
    expect(page.locator("main")).to_contain_text("和室")
    assert_accessible(page)
    page.get_by_label("取消の理由（任意）").fill("参加者の都合がつかなくなりました")
    page.get_by_role("button", name="取り消す", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の詳細")
    expect(page.get_by_role("status")).to_contain_text("予約を取り消しました")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    change = booking.status_changes.last()
    assert change is not None
    assert change.note == "参加者の都合がつかなくなりました"

    page.goto(site(f"/facilities/bookings/{late.pk}/"))
    expect(page.get_by_role("link", name="この予約を取り消す")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("083-111-2222")
    assert_accessible(page)
