import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from groups.models.activity import ActivityRecord, ActivityStatus
from groups.models.volunteers import ApplicationStatus
from tests.browser.axe import assert_accessible
from tests.factories.groups import manager_with_group
from tests.factories.volunteers import VolunteerApplicationFactory, VolunteerNeedFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_volunteer_hours_recorded_confirmed_and_printed_on_a_certificate(page: Page, site, login, worker, settings):
    settings.CENTER_NAME = "みどり市市民活動センター"
    manager, group = manager_with_group(name="みどりの会")
    need = VolunteerNeedFactory(group=group, title="公園清掃のお手伝い")
    volunteer = VolunteerProfileFactory(display_name="さくら")
    VolunteerApplicationFactory(
        need=need, volunteer=volunteer, status=ApplicationStatus.ACCEPTED, accepted_at=timezone.now()
    )
    day = timezone.localdate() - dt.timedelta(days=1)

    # The volunteer records a day; a first try with a wrong number of hours keeps what was typed.
    login(volunteer.user)
    page.goto(site("/groups/volunteers/"))
    page.get_by_role("link", name="活動記録と活動証明書").click()
    assert_accessible(page)
    page.get_by_label("活動した募集").select_option(label="みどりの会：公園清掃のお手伝い")
    page.get_by_label("活動日").fill(day.isoformat())
    page.get_by_label("活動時間（時間）").fill("2.4")
    page.get_by_label("活動の内容").fill("落ち葉拾いとごみの分別")
    page.get_by_label("活動の内容").press("Tab")
    page.get_by_role("button", name="活動を記録する").press("Enter")
    expect(page.get_by_text("活動時間は0.25時間（15分）単位で入力してください。").first).to_be_visible()
    expect(page.get_by_label("活動の内容")).to_have_value("落ち葉拾いとごみの分別")
    assert_accessible(page)
    page.get_by_label("活動時間（時間）").fill("2.5")
    page.get_by_role("button", name="活動を記録する").click()
    expect(page.get_by_text("活動を記録しました。")).to_be_visible()
    expect(page.get_by_role("cell", name="確認待ち")).to_be_visible()
    worker.run()
    assert any(m.to == [manager.email] and "確認をお願いします" in m.subject for m in mail.outbox)

    # The group's manager confirms it.
    page.get_by_role("button", name="ログアウト").click()
    login(manager)
    page.goto(site("/groups/needs/activity/"))
    assert_accessible(page)
    page.get_by_role("button", name=f"さくら さんの{day.month}/{day.day}の活動を確認する").click()
    expect(page.get_by_text("活動記録を確認しました。")).to_be_visible()
    assert ActivityRecord.objects.get().status == ActivityStatus.CONFIRMED

    # The volunteer prints the certificate: the group, the day, the hours and the center.
    page.get_by_role("button", name="ログアウト").click()
    login(volunteer.user)
    page.goto(site("/groups/volunteers/activity/"))
    expect(page.get_by_role("cell", name="確認済み")).to_be_visible()
    page.get_by_role("link", name="活動証明書を表示・印刷する（全期間）").click()
    assert_accessible(page)
    certificate = page.locator("article.certificate")
    expect(certificate.get_by_role("heading", name="ボランティア活動証明書")).to_be_visible()
    expect(certificate.get_by_role("cell", name="みどりの会")).to_be_visible()
    expect(certificate.get_by_text("2.5時間")).to_be_visible()
    expect(certificate.get_by_text("みどり市市民活動センター")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(certificate).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
