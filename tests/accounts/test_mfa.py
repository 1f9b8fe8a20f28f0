"""Back-office rights count only with TOTP, on every request that uses them, not only under /admin/."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from civic_portal.accounts.roles import CITY_OFFICIALS, GRANT_REVIEWERS
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
SETUP = reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    "path", ["/admin/", "/facilities/front-desk/", "/groups/volunteers/coordination/", "/admin/groups/group/"]
)
def test_staff_without_totp_are_sent_to_set_it_up_from_any_staff_page(client, path):
    client.force_login(StaffFactory(totp=False))
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == SETUP
    page = client.get(SETUP, follow=True)  # allauth first asks for the password again
    assert page.status_code == 200
    assert "2段階認証（TOTP）の設定が必要です" in page.content.decode()


def test_a_superuser_without_totp_is_locked_too(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=False))
    assert client.get("/facilities/front-desk/").url == SETUP


def test_officials_without_totp_lose_the_internal_view_of_the_plan(client, rf):
    from indicators.permissions import can_view_internal

    official = UserFactory(is_staff=True, roles=[CITY_OFFICIALS], totp=False)
    client.force_login(official)
    response = client.get(reverse("indicators:dashboard"))
    assert response.status_code == 200
    assert response.context["internal"] is False
    assert client.get("/admin/indicators/indicator/").url == SETUP
    assert can_view_internal(official)  # outside a request (a command, a task) the role itself still holds


def test_with_totp_the_same_pages_open(client):
    client.force_login(StaffFactory())
    assert client.get("/facilities/front-desk/").status_code == 200
    assert client.get("/groups/volunteers/coordination/").status_code == 200


def test_citizens_and_reviewers_need_no_totp(client):
    client.force_login(UserFactory(roles=[GRANT_REVIEWERS]))
    assert client.get(reverse("grants:review_list")).status_code == 200
    assert client.get(reverse("groups:group_mine")).status_code == 200


@pytest.mark.parametrize(("value", "expected"), [("1", "True"), ("", "False")])
def test_development_turns_it_on_with_a_setting(value, expected):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "civic_portal.settings.dev", "STAFF_MFA_REQUIRED": value}
    code = "import django; django.setup(); from django.conf import settings; print(settings.STAFF_MFA_REQUIRED)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected
