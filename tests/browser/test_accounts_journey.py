import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery-9"


def test_sign_up_verify_log_in_and_switch_to_english(page: Page, site, worker):
    page.goto(site("/"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert_accessible(page)

    page.get_by_role("link", name="新規登録").click()
    assert_accessible(page)
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_label("パスワード:", exact=True).fill(PASSWORD)
    page.get_by_label("パスワード (再入力):").fill(PASSWORD)
    page.get_by_role("button", name="ユーザー登録").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("メールアドレスを確認")

    worker.run()  # the verification mail was queued by the sign-up; a worker sends it
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", str(mail.outbox[-1].body))
    assert link
    page.goto(link.group(0))
    page.get_by_role("button", name="確認").click()
    page.goto(site("/accounts/logout/"))
    page.get_by_role("button", name="ログアウト").last.click()

    page.goto(site("/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("市民活動ポータル")
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Civic Activity Portal")
    assert_accessible(page)


def test_keyboard_user_reaches_main_content_with_the_skip_link(page: Page, site):
    page.goto(site("/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へ移動")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("width", [320, 1280])
def test_layout_fits_the_screen_without_horizontal_scrolling(page: Page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site("/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
