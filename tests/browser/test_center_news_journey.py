"""Staff publish a news entry and a newsletter issue in the admin; a visitor finds them on the home page and /news/."""

import pytest
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory
from tests.factories.files import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_publish_news_and_a_newsletter_issue_and_a_visitor_reads_them(page: Page, site, login, browser):
    staff = StaffFactory()
    login(staff)
    page.goto(site("/admin/center/newsentry/add/"))
    page.get_by_label("分類").select_option(label="募集")
    page.get_by_label("題名").fill("夏のボランティア説明会の参加者を募集します")
    page.get_by_label("本文").fill(
        "## 日時\n\n7月20日 14時から\n\n[申込みフォーム](https://example.jp/form)<b>太字</b>"
    )
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("追加しました")

    page.goto(site("/admin/center/newsletterissue/add/"))
    page.get_by_label("号").fill("25")
    page.get_by_label("題名").fill("特集 地域の居場所")
    page.get_by_label("発行日").fill(timezone.localdate().isoformat())
    page.locator("#id_pdf").set_input_files(
        files=FilePayload(name="dayori25.pdf", mimeType="application/pdf", buffer=pdf_bytes())
    )
    page.locator('[name="contents-0-title"]').fill("特集 地域の居場所")
    page.locator('[name="contents-0-page"]').fill("1")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("追加しました")

    visitor = browser.new_page(locale="ja-JP", timezone_id="Asia/Tokyo")
    visitor.goto(site("/"))
    news = visitor.get_by_role("region", name="お知らせ")
    expect(news.get_by_role("link", name="夏のボランティア説明会の参加者を募集します")).to_be_visible()
    assert_accessible(visitor)
    visitor.get_by_role("link", name="お知らせの一覧").click()
    visitor.get_by_role("navigation", name="お知らせの分類").get_by_role("link", name="募集").click()
    assert_accessible(visitor)
    visitor.get_by_role("link", name="夏のボランティア説明会の参加者を募集します").click()
    expect(visitor.get_by_role("heading", level=2)).to_have_text("日時")
    link = visitor.get_by_role("link", name="申込みフォーム")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(visitor.locator(".prose")).to_contain_text("<b>太字</b>")  # staff's HTML shows as text
    assert_accessible(visitor)
    visitor.goto(site("/news/newsletter/"))
    expect(visitor.get_by_role("heading", name="第25号 特集 地域の居場所")).to_be_visible()
    expect(visitor.get_by_role("link", name="第25号を読む（PDF）")).to_be_visible()
    assert_accessible(visitor)
    visitor.close()
