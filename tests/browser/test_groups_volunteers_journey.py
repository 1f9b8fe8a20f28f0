import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from groups.models.volunteers import ApplicationStatus, VolunteerApplication, VolunteerProfile
from tests.browser.axe import assert_accessible
from tests.factories.accounts import UserFactory
from tests.factories.groups import AreaFactory, manager_with_group
from tests.factories.volunteers import VolunteerNeedFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_volunteer_registers_applies_and_manager_accepts(page: Page, site, login, worker):
    area = AreaFactory(name="中央地区")
    manager, group = manager_with_group(name="みどりの会")
    need = VolunteerNeedFactory(
        group=group, title="公園清掃のお手伝い", skills_wanted=["草刈り"], slots=["sat-am"], area=area
    )
    volunteer = UserFactory(full_name="市民 さくら")

    # The volunteer registers a profile; a first try without consent keeps what was typed.
    login(volunteer)
    page.goto(site("/groups/volunteers/profile/"))
    assert_accessible(page)
    page.get_by_label("表示名").fill("さくら")
    page.get_by_label("特技・スキル").fill("草刈り、料理")
    page.get_by_label("中央地区").check()
    page.get_by_label("土曜 午前").check()
    page.get_by_label("日曜 午後").check()
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("登録には個人情報の取扱いへの同意が必要です。").first).to_be_visible()
    expect(page.get_by_label("表示名")).to_have_value("さくら")
    expect(page.get_by_label("土曜 午前")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("個人情報の取扱いに同意して登録します").check()
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("ボランティア登録を保存しました。")).to_be_visible()
    assert VolunteerProfile.objects.get(user=volunteer).availability == ["sat-am", "sun-pm"]

    # The need shows up among the needs that match, in the public list and on its page.
    expect(page.get_by_role("link", name="公園清掃のお手伝い")).to_be_visible()
    page.goto(site("/groups/needs/"))
    assert_accessible(page)
    page.get_by_label("曜日").select_option("sat")
    page.get_by_role("button", name="絞り込む").click()
    page.get_by_role("link", name="公園清掃のお手伝い").click()
    assert_accessible(page)
    page.get_by_label("応募メッセージ").fill("土曜の午前なら参加できます")
    page.get_by_role("button", name="この募集に応募する").click()
    expect(page.get_by_text("応募しました。")).to_be_visible()
    expect(page.get_by_role("cell", name="応募中")).to_be_visible()
    worker.run()
    assert any("応募がありました" in m.subject and m.to == [manager.email] for m in mail.outbox)

    # The manager accepts.
    page.get_by_role("button", name="ログアウト").click()
    login(manager)
    page.goto(site(f"/groups/needs/{need.pk}/candidates/"))
    expect(page.get_by_role("cell", name=volunteer.email)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("連絡事項（任意）").fill("当日は軍手をお持ちください")
    page.get_by_role("button", name="さくら さんを受け入れる").click()
    expect(page.get_by_text("応募を受け入れました。")).to_be_visible()
    application = VolunteerApplication.objects.get(need=need)
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.accepted_at
    worker.run()
    assert any(m.to == [volunteer.email] and "軍手" in m.body for m in mail.outbox)
