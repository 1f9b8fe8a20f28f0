"""The activity, points, invitation and talent-bank group pages pass axe, with data on them."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from groups.models.activity import ActivityStatus, PointRate
from groups.models.invitations import VolunteerInvitation
from groups.models.talent import GroupTalent
from tests.browser.axe import assert_accessible
from tests.factories.activity import ActivityRecordFactory, accepted_application
from tests.factories.volunteers import VolunteerNeedFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_activity_invitation_and_talent_pages_pass_axe(page: Page, site, login):
    PointRate.objects.create(valid_from=dt.date(2020, 4, 1), points_per_hour=10)
    manager, application = accepted_application()
    group = application.need.group
    record = ActivityRecordFactory(application=application, status=ActivityStatus.RECORDED)
    GroupTalent.objects.create(group=group, topics="手話の出前講座")
    need = VolunteerNeedFactory(group=group, skills_wanted=["料理"])
    VolunteerProfileFactory(skills=["料理"])
    VolunteerInvitation.objects.create(need=need, volunteer=application.volunteer, invited_by=manager)

    login(manager)
    for path in [
        "/groups/needs/mine/",
        f"/groups/needs/applications/{application.pk}/activity/",
        "/groups/needs/activity/",
        f"/groups/needs/activity/{record.pk}/reject/",
        f"/groups/needs/{need.pk}/candidates/",
        f"/groups/volunteers/talent-bank/groups/{group.pk}/edit/",
        "/groups/volunteers/talent-bank/",
        f"/groups/volunteers/talent-bank/groups/{group.pk}/request/",
    ]:
        page.goto(site(path))
        assert_accessible(page)
    page.goto(site(f"/groups/needs/activity/{record.pk}/reject/"))
    page.get_by_role("button", name="確認できないことを伝える").click()
    expect(page.get_by_text("確認できない理由を入力してください。").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="ログアウト").click()
    login(application.volunteer.user)
    ActivityRecordFactory(application=application, date=timezone.localdate() - dt.timedelta(days=3))
    for path in ["/groups/volunteers/", "/groups/volunteers/activity/", "/groups/volunteers/points/donate/"]:
        page.goto(site(path))
        assert_accessible(page)
    page.get_by_label("寄付するポイント").fill("0")
    page.get_by_role("button", name="寄付する").click()
    expect(page.get_by_text("1ポイント以上にしてください。").first).to_be_visible()
    assert_accessible(page)
