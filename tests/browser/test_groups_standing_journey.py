"""Journeys of issue 17 (items 1-3): a manager renews after reviewing the data and center staff confirm it; another
withdraws with a reason and staff reinstate the group; a need past its end date is not listed."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from civic_portal.core.fiscal import wareki
from groups.models import Group, GroupStatus, RenewalRound
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory
from tests.factories.volunteers import VolunteerNeedFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = GroupStatus
DECLARED = dict.fromkeys(Group.DECLARATION_FIELDS, True)


def _staff_action(page: Page, site, name: str, action: str, note: str) -> None:
    page.goto(site("/admin/groups/group/"))
    page.get_by_role("row", name=name).get_by_role("checkbox").check()
    page.get_by_label("操作").select_option(label=action)
    page.get_by_role("button", name="実行").click()
    assert_accessible(page)
    page.get_by_label("メモ").fill(note)
    page.locator("#content input[type=submit]").click()


def test_a_manager_renews_after_reviewing_the_data_and_staff_confirm_it(page: Page, site, login, context):
    manager, staff = UserFactory(), StaffFactory()
    deadline = timezone.localdate() + dt.timedelta(days=40)
    RenewalRound.objects.create(fiscal_year=deadline.year, deadline=deadline, opened_by=staff)
    GroupFactory(
        name="海峡クリーンの会", status=S.RENEWAL_DUE, member_count=8, representative_name="海野 太郎",
        managers=[manager], **DECLARED,
    )  # fmt: skip
    login(manager)
    page.goto(site("/groups/mine/"))
    shown = f"{wareki(deadline)} ({deadline.year}年{deadline.month}月{deadline.day}日)"
    expect(page.locator("main")).to_contain_text(shown)
    page.get_by_role("row", name="海峡クリーンの会").get_by_role("link", name="内容を確認して更新する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("「海峡クリーンの会」の登録更新")
    expect(page.locator("main")).to_contain_text(shown)
    expect(page.get_by_label("団体名 必須", exact=True)).to_have_value("海峡クリーンの会")
    expect(page.get_by_label("代表者氏名 必須", exact=True)).to_have_value("海野 太郎")
    assert_accessible(page)
    page.get_by_label("会員数 必須", exact=True).fill("")
    page.get_by_label("代表者氏名 必須", exact=True).fill("浜田 次郎")
    page.get_by_role("button", name="確認した内容で更新を申請する").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("現在の会員数を入力してください。")
    expect(summary).to_contain_text("登録要件を確認し、チェックを入れてください。")
    expect(page.get_by_label("代表者氏名 必須", exact=True)).to_have_value("浜田 次郎")  # kept
    assert_accessible(page)
    page.get_by_label("会員数 必須", exact=True).fill("14")
    for label in ["営利を目的としない", "宗教活動・政治活動", "暴力団", "構成員が規定の人数以上"]:
        page.get_by_label(label).check()
    page.get_by_role("button", name="確認した内容で更新を申請する").click()
    expect(page.locator(".messages, .messagelist, main").first).to_contain_text("登録更新を申請しました")
    expect(page.get_by_role("row", name="海峡クリーンの会")).to_contain_text("更新確認中")
    group = Group.objects.get(name="海峡クリーンの会")
    assert (group.status, group.member_count, group.representative_name) == (S.RENEWAL_SUBMITTED, 14, "浜田 次郎")

    context.clear_cookies()
    login(staff)
    _staff_action(page, site, "海峡クリーンの会", "選択した団体の登録更新を確認する", "確認しました")
    expect(page.locator(".messagelist")).to_contain_text("1団体の登録更新を確認しました。")
    group.refresh_from_db()
    assert (group.status, group.last_confirmed_on) == (S.REGISTERED, timezone.localdate())
    confirmed = group.status_changes.last()
    assert confirmed is not None
    assert confirmed.changed_by == staff


def test_a_manager_withdraws_with_a_reason_and_staff_reinstate_the_group(page: Page, site, login, context):
    manager, staff = UserFactory(), StaffFactory()
    GroupFactory(name="関門書道の会", managers=[manager])
    login(manager)
    page.goto(site("/groups/mine/"))
    page.get_by_role("row", name="関門書道の会").get_by_role("link", name="取り下げる").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("「関門書道の会」の取り下げ")
    assert_accessible(page)
    page.get_by_role("button", name="理由を添えて取り下げる").click()
    expect(page.locator(".error-summary")).to_contain_text("取り下げの理由を入力してください。")
    assert_accessible(page)
    page.get_by_label("取り下げの理由").fill("会員の高齢化のため活動を休止します")
    page.get_by_role("button", name="理由を添えて取り下げる").click()
    expect(page.get_by_role("row", name="関門書道の会")).to_contain_text("取下げ")
    page.goto(site("/groups/"))
    expect(page.get_by_role("link", name="関門書道の会")).to_have_count(0)

    context.clear_cookies()
    login(staff)
    _staff_action(page, site, "関門書道の会", "選択した団体を復帰させる（停止中・取下げ後）", "活動再開の申し出")
    expect(page.locator(".messagelist")).to_contain_text("1団体を復帰させました。")
    group = Group.objects.get(name="関門書道の会")
    assert group.status == S.REGISTERED
    steps = list(group.status_changes.order_by("changed_at", "id").values_list("to_status", "note", "changed_by"))
    assert steps[-2:] == [
        (S.WITHDRAWN, "会員の高齢化のため活動を休止します", manager.pk),
        (S.REGISTERED, "活動再開の申し出", staff.pk),
    ]
    context.clear_cookies()
    page.goto(site("/groups/"))
    expect(page.get_by_role("link", name="関門書道の会")).to_be_visible()


def test_a_need_past_its_end_date_is_not_listed(page: Page, site):
    group = GroupFactory(name="花の会")
    today = timezone.localdate()
    old = VolunteerNeedFactory(group=group, title="先月の清掃", end_date=today + dt.timedelta(days=1))
    VolunteerNeedFactory(group=group, title="来月の清掃", end_date=today + dt.timedelta(days=30))
    VolunteerNeedFactory(group=group, title="続く見守り", review_date=today + dt.timedelta(days=60))
    type(old).objects.filter(pk=old.pk).update(end_date=today - dt.timedelta(days=1))  # its end has passed
    page.goto(site("/groups/needs/"))
    assert_accessible(page)
    expect(page.get_by_role("link", name="来月の清掃")).to_be_visible()
    expect(page.get_by_role("link", name="続く見守り")).to_be_visible()
    expect(page.get_by_role("link", name="先月の清掃")).to_have_count(0)
    page.goto(site("/groups/"))
    expect(page.get_by_role("listitem").filter(has_text="花の会")).to_contain_text("ボランティア募集中")
    assert_accessible(page)
