"""A call from draft to published result, in the browser, with axe on the grants pages."""

import re

import pytest
from playwright.sync_api import Page, expect

from grants.models import Application, Status
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.grants import ReviewerFactory, RoundFactory
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db(transaction=True)


def _center_staff():
    """Center staff with the role exactly as the migrations make it (tests/conftest.py restores it after flushes)."""
    return StaffFactory()


def _switch_user(page, login, user):
    page.context.clear_cookies()
    login(user)


def _admin_action(page, label):
    page.get_by_label("操作:").select_option(label=label)
    page.get_by_role("button", name="実行").click()


def test_draft_resume_submit_review_decide_publish(page: Page, site, login):
    grant_round = RoundFactory(title="令和8年度 活動支援部門", budget=500_000)
    manager, group = manager_with_group(name="みどりの会")
    reviewer = ReviewerFactory(round=grant_round, user=UserFactory(full_name="審査 花子"), publish_name=True)
    staff = _center_staff()

    # A manager finds the call and drafts an application.
    login(manager)
    page.goto(site("/grants/"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("令和8年度 活動支援部門")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("令和8年度 活動支援部門")
    assert_accessible(page)
    page.get_by_role("link", name="この助成に申請する").click()
    assert_accessible(page)
    page.get_by_label("事業名").fill("川辺の清掃と自然観察会")
    page.get_by_label("事業の目的").fill("川辺の自然を守り、子どもたちに伝える")
    page.get_by_label("申請額（円）").fill("200000")
    page.get_by_label("1行目の金額（円）").fill("300000")
    page.get_by_label("1行目の補助対象経費").check()
    page.get_by_role("button", name="下書き保存").click()
    expect(page.get_by_role("status")).to_contain_text("下書きを保存しました")

    # The manager leaves, comes back later and resumes the draft.
    page.goto(site("/"))
    page.goto(site("/grants/applications/"))
    page.get_by_role("link", name="川辺の清掃と自然観察会").click()
    expect(page.get_by_text("未入力の項目があります")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="申請書を編集する").click()
    expect(page.get_by_label("事業の目的")).to_have_value("川辺の自然を守り、子どもたちに伝える")
    expect(page.get_by_label("1行目の金額（円）")).to_have_value("300000")
    page.get_by_label("事業の内容").fill("月1回の清掃と年4回の観察会")
    page.get_by_label("実施スケジュール").fill("5月〜翌2月")
    page.get_by_label("期待される成果").fill("延べ200人の参加")
    page.get_by_label("2行目の収支").select_option(label="収入")
    page.get_by_label("2行目の費目").select_option(label="自己資金")
    page.get_by_label("2行目の金額（円）").fill("100000")
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_role("status")).to_contain_text("申請を提出しました")
    expect(page.locator(".badge")).to_have_text("申請済")
    application = Application.objects.get(group=group)

    # Staff check the papers and open the review in the admin.
    _switch_user(page, login, staff)
    page.goto(site("/admin/grants/application/"))
    page.get_by_role("checkbox", name=re.compile("川辺の清掃")).check()
    _admin_action(page, "書類審査を始める")
    expect(page.locator(".messagelist")).to_contain_text("1件を書類審査中にしました")
    page.get_by_role("checkbox", name=re.compile("川辺の清掃")).check()
    _admin_action(page, "審査を開始する（書類審査を通過）")
    expect(page.locator(".messagelist")).to_contain_text("1件を審査中にしました")

    # A reviewer scores it.
    _switch_user(page, login, reviewer.user)
    page.goto(site("/grants/review/"))
    page.get_by_role("link", name="川辺の清掃と自然観察会").click()
    assert_accessible(page)
    for criterion in grant_round.criteria.all():
        page.get_by_label(f"{criterion.name}（0〜{criterion.max_points}点）").fill("4")
    page.get_by_role("button", name="評価を提出する").click()
    expect(page.get_by_role("status")).to_contain_text("評価を提出しました")

    # Staff rank, decide and publish.
    _switch_user(page, login, staff)
    page.goto(site("/admin/grants/round/"))
    for action, done in [
        ("順位と採否案を計算する", "計算しました"),
        ("採否案どおり決定し、決定通知を送る", "決定しました"),
        ("採択結果を公表する", "公表しました"),
    ]:
        page.get_by_role("checkbox", name=re.compile("令和8年度 活動支援部門")).check()
        _admin_action(page, action)
        expect(page.locator(".messagelist")).to_contain_text(done)
    application.refresh_from_db()
    assert (application.status, application.awarded_amount) == (Status.AWARDED, 200_000)

    # The applicant sees the decision letter; the public sees the award.
    _switch_user(page, login, manager)
    page.goto(site(f"/grants/applications/{application.pk}/"))
    expect(page.get_by_role("heading", name="決定通知")).to_be_visible()
    expect(page.get_by_text("採択　交付予定額 200,000円")).to_be_visible()
    page.context.clear_cookies()
    page.goto(site("/grants/results/"))
    expect(page.get_by_role("row", name=re.compile("みどりの会"))).to_contain_text("200,000")
    expect(page.get_by_text("市民委員: 審査 花子")).to_be_visible()
    assert_accessible(page)
