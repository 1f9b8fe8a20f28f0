"""Every page a citizen can reach passes axe (WCAG 2 A and AA); journeys cover the pages that need data."""

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible
from tests.factories.accounts import UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path", ["/privacy/", "/accessibility/", "/accounts/password/reset/", "/no-such-page/", "/groups/booklet/"]
)
def test_public_pages_pass_axe(page: Page, site, path):
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
