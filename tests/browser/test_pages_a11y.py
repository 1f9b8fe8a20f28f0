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
