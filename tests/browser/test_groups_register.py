import io
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from groups.models import Group, GroupStatus
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import AreaFactory, GroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_registers_staff_approve_and_the_group_is_listed(page: Page, site, login, context):
    AreaFactory(name="彦島")
    citizen = UserFactory()
    login(citizen)
    page.goto(site("/groups/register/"))
    assert_accessible(page)
    page.get_by_label("団体名 必須", exact=True).fill("海峡クリーンの会")
    page.get_by_label("団体名ふりがな").fill("かいきょうくりーんのかい")
    page.get_by_label("会員数", exact=True).fill("12")
    page.get_by_label("環境の保全を図る活動").check()
    page.get_by_label("彦島").check()
    page.get_by_label("活動の目的").fill("関門海峡の海岸をきれいにする")
    page.get_by_label("活動内容").fill("毎月第2土曜日の海岸清掃")
    page.get_by_label("代表者氏名 必須", exact=True).fill("海野 太郎")
    page.get_by_label("連絡担当者氏名 必須", exact=True).fill("浜田 花子")
    page.get_by_label("連絡先メールアドレス 必須", exact=True).fill("kaikyo@example.jp")
    page.get_by_label("連絡担当者氏名を公開する").check()
    page.get_by_role("button", name="下書きを保存して次へ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("登録要件の確認と申請")
    page.get_by_role("button", name="申請する").click()
    expect(page.locator(".error-summary")).to_contain_text("登録要件を確認し")
    assert_accessible(page)
    for label in ["営利を目的としない", "宗教活動・政治活動", "暴力団", "構成員が規定の人数以上"]:
        page.get_by_label(label).check()
    page.get_by_role("button", name="申請する").click()
    expect(page.get_by_role("row", name="海峡クリーンの会")).to_contain_text("申請中")

    context.clear_cookies()
    staff = StaffFactory()  # center staff as the migrations make the role: no superuser, no hand-given permissions
    login(staff)
    page.goto(site("/admin/groups/group/?status__exact=submitted"))
    page.get_by_role("row", name="海峡クリーンの会").get_by_role("checkbox").check()
    page.get_by_label("操作").select_option(label="選択した申請を承認して登録する")
    page.get_by_role("button", name="実行").click()
    expect(page.locator(".messagelist")).to_contain_text("1件を登録しました")
    group = Group.objects.get(name="海峡クリーンの会")
    assert group.status == GroupStatus.REGISTERED
    assert group.registration_number
    change = group.status_changes.last()
    assert change is not None
    assert change.changed_by == staff

    context.clear_cookies()
    page.goto(site("/groups/?q=カイキョウ"))
    assert_accessible(page)
    page.get_by_role("link", name="海峡クリーンの会").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("海峡クリーンの会")
    expect(page.locator("main")).to_contain_text("浜田 花子")
    expect(page.locator("main")).not_to_contain_text("kaikyo@example.jp")
    assert_accessible(page)


def test_center_staff_return_an_application_with_a_note_the_applicant_reads_it(
    page: Page, site, login, context, worker
):
    applicant = UserFactory()
    declarations = dict.fromkeys(Group.DECLARATION_FIELDS, True)
    GroupFactory(
        name="海峡クリーンの会", status=GroupStatus.SUBMITTED, member_count=12, managers=[applicant], **declarations
    )
    GroupFactory(name="関門書道の会", status=GroupStatus.SUBMITTED, member_count=12, **declarations)
    staff = StaffFactory()
    login(staff)
    page.goto(site("/admin/groups/group/?status__exact=submitted"))
    page.get_by_role("row", name="海峡クリーンの会").get_by_role("checkbox").check()
    page.get_by_label("操作").select_option(label="選択した申請を差し戻す")
    page.get_by_role("button", name="実行").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("申請の差し戻し")
    expect(page.locator("#content")).to_contain_text("海峡クリーンの会（申請中）")
    expect(page.locator("#content")).not_to_contain_text("関門書道の会")
    assert_accessible(page)
    page.get_by_label("差し戻しの理由").fill("活動内容に開催場所を書き加えてください。")
    page.get_by_role("button", name="差し戻す").click()
    expect(page.locator(".messagelist")).to_contain_text("1件を差し戻しました")
    page.goto(site("/admin/groups/group/"))
    expect(page.get_by_role("row", name="海峡クリーンの会")).to_contain_text("差し戻し")
    expect(page.get_by_role("row", name="関門書道の会")).to_contain_text("申請中")

    returned = Group.objects.get(name="海峡クリーンの会")
    assert returned.status == GroupStatus.RETURNED
    change = returned.status_changes.last()
    assert change is not None
    assert (change.changed_by, change.note) == (staff, "活動内容に開催場所を書き加えてください。")
    assert Group.objects.get(name="関門書道の会").status == GroupStatus.SUBMITTED
    worker.run()
    [email] = [m for m in mail.outbox if applicant.email in m.to]
    assert "活動内容に開催場所を書き加えてください。" in email.body

    context.clear_cookies()
    login(applicant)
    page.goto(site("/groups/mine/"))
    row = page.get_by_role("row", name="海峡クリーンの会")
    expect(row).to_contain_text("差し戻し")
    expect(row).to_contain_text("差し戻しの理由: 活動内容に開催場所を書き加えてください。")


def test_directory_filters_work_by_keyboard_without_javascript(browser, site):
    GroupFactory(name="将棋の会", name_kana="しょうぎのかい", fields=[6])
    GroupFactory(name="花の会", name_kana="はなのかい", fields=[7])
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(site("/groups/"))
    page.get_by_label("活動分野").select_option(label="環境の保全を図る活動")
    page.get_by_label("キーワード").focus()
    page.keyboard.type("はな")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="花の会")).to_be_visible()
    expect(page.get_by_role("link", name="将棋の会")).to_have_count(0)
    context.close()


def test_booklet_is_built_by_the_worker_and_prints_on_a4(page: Page, site, worker):
    # The booklet used to be one HTML page to print; it is now a small index of PDFs the worker builds.
    GroupFactory(name="花の会", name_kana="はなのかい", fields=[7])
    page.goto(site("/groups/booklet/"))
    assert_accessible(page)
    expect(page.get_by_text("作成中").first).to_be_visible()
    worker.run()
    page.reload()
    link = page.get_by_role("row", name="環境の保全を図る活動").get_by_role("link", name=re.compile("PDF"))
    response = page.request.get(site(link.get_attribute("href")))
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    assert "花の会" in "".join(p.extract_text() for p in reader.pages)
