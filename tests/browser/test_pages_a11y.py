"""Every page a citizen can reach passes axe (WCAG 2 A and AA); journeys cover the pages that need data."""

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible
from tests.factories.accounts import UserFactory
from tests.factories.center import NewsEntryFactory, NewsletterContentFactory, NewsletterIssueFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path",
    ["/privacy/", "/accessibility/", "/accounts/password/reset/", "/no-such-page/", "/groups/booklet/", "/news/"],
)
def test_public_pages_pass_axe(page: Page, site, path):
    page.goto(site(path))
    assert_accessible(page)


def test_news_pages_pass_axe_with_content(page: Page, site):
    entry = NewsEntryFactory(body="## 日時\n\n- 6月1日\n\n[申込み](https://example.jp/)")
    issue = NewsletterIssueFactory()
    NewsletterContentFactory(issue=issue, page=2)
    for path in ["/", "/news/", "/news/?category=notice", entry.get_absolute_url(), "/news/newsletter/"]:
        page.goto(site(path))
        assert_accessible(page)


def test_manager_pages_pass_axe(page: Page, site, login):
    manager = UserFactory()
    group = GroupFactory(managers=[manager], status="renewal_due")
    login(manager)
    for path in ["/groups/mine/", f"/groups/{group.pk}/edit/", f"/groups/{group.pk}/managers/",
                 f"/groups/{group.pk}/contact/", "/accounts/email/", "/accounts/password/change/"]:  # fmt: skip
        page.goto(site(path))
        assert_accessible(page)


def test_collaboration_register_and_an_indicator_with_breakdowns_pass_axe(page: Page, site):
    import datetime as dt

    from django.urls import reverse

    from indicators.models import Breakdown, CollaborationProject
    from tests.factories.indicators import ActionItemFactory, DepartmentFactory, IndicatorFactory, ObservationFactory

    project = CollaborationProject.objects.create(
        title="市民活動フォーラム", kind="committee", department=DepartmentFactory(), starts_on=dt.date(2024, 4, 1)
    )
    project.items.add(ActionItemFactory())
    project.partner_groups.add(GroupFactory())
    indicator = IndicatorFactory(definition="登録団体の数", method="年度末の登録数")
    ObservationFactory(indicator=indicator, fiscal_year=2016)
    Breakdown.objects.create(
        indicator=indicator, fiscal_year=2016, dimension="district", category="北部", value=100, is_final=True
    )
    detail = reverse("indicators:indicator_detail", args=[indicator.plan.code, indicator.code])
    for path in ["/indicators/collaborations/", "/indicators/collaborations/?year=abc", detail]:
        page.goto(site(path))
        assert_accessible(page)
