import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group as Role
from django.core import mail
from django.urls import reverse

from civic_portal.accounts.models import User
from civic_portal.accounts.roles import CENTER_STAFF, has_role
from tests.factories.accounts import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roles_are_created_by_the_data_migration():
    assert set(Role.objects.values_list("name", flat=True)) >= {
        "center_staff",
        "city_officials",
        "grant_reviewers",
    }


def test_email_is_the_login_and_unique_regardless_of_case():
    User.objects.create_user(email="Hanako@Example.JP", password=PASSWORD)
    assert User.objects.get().email == "hanako@example.jp"
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create(email="HANAKO@example.jp")


def test_sign_up_requires_email_verification_before_login(client, worker):
    with worker.after():
        response = client.post(
            reverse("account_signup"),
            {"email": "new@example.jp", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.jp"]

    client.logout()
    response = client.post(reverse("account_login"), {"login": "new@example.jp", "password": PASSWORD})
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    assert client.session["_auth_user_id"] == str(User.objects.get(email="new@example.jp").pk)


def test_sign_up_form_shows_errors_in_japanese_and_keeps_the_email(client):
    response = client.post(reverse("account_signup"), {"email": "keep@example.jp", "password1": "a", "password2": "b"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="keep@example.jp"' in html
    assert "パスワード" in html


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_without_totp_are_sent_to_set_it_up_when_required(client, settings):
    settings.STAFF_MFA_REQUIRED = True
    staff = StaffFactory(totp=False)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")

    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get("/admin/").status_code == 200


def test_staff_reach_the_admin_in_development(client):
    client.force_login(StaffFactory())
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "市民活動センター 管理画面" in response.content.decode()


def test_has_role():
    staff = StaffFactory()
    citizen = UserFactory()
    assert has_role(staff, CENTER_STAFF)
    assert not has_role(citizen, CENTER_STAFF)
