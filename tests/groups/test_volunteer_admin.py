import io

import pytest
import tablib
from django.urls import reverse
from openpyxl import load_workbook

from groups.models.volunteers import VolunteerProfile
from groups.resources_volunteers import VolunteerProfileResource
from groups.services import volunteers as services
from tests.core import admin_imports as flow
from tests.factories.accounts import UserFactory
from tests.factories.groups import AreaFactory
from tests.factories.volunteers import VolunteerProfileFactory

pytestmark = pytest.mark.django_db
HEADERS = ["email", "display_name", "skills", "fields_of_interest", "areas", "availability", "consent_given_at"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _dataset(rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def test_import_valid_rows_creates_profiles_with_fields_and_areas():
    area = AreaFactory(name="中央地区")
    user = UserFactory()
    result = VolunteerProfileResource().import_data(
        _dataset([[user.email, "山田", "ＰＣ、料理", "7,1", "中央地区", "sat-am、mon-pm", "2025-05-01 10:00"]]),
        dry_run=False,
    )
    assert not result.has_errors()
    assert not result.has_validation_errors()
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.skills == ["pc", "料理"]
    assert profile.availability == ["mon-pm", "sat-am"]
    assert sorted(profile.fields_of_interest.values_list("code", flat=True)) == [1, 7]
    assert list(profile.areas.all()) == [area]


def test_one_invalid_row_saves_nothing_and_each_error_is_reported():
    good, bad_slot, no_consent = UserFactory(), UserFactory(), UserFactory()
    result = VolunteerProfileResource().import_data(
        _dataset(
            [
                [good.email, "良い行", "", "", "", "sat-am", "2025-05-01 10:00"],
                [bad_slot.email, "悪い行", "", "", "", "sat-night", "2025-05-01 10:00"],
                [no_consent.email, "同意なし", "", "99", "", "", ""],
                ["nobody@example.jp", "誰", "", "", "", "", "2025-05-01 10:00"],
            ]
        ),
        dry_run=False,
    )
    assert result.has_validation_errors()
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4}
    assert "availability" in invalid[2]
    assert "consent_given_at" in invalid[3]
    assert "fields_of_interest" in invalid[3]
    assert "このメールアドレスの利用者がいません" in str(invalid[4])
    assert not VolunteerProfile.objects.exists()


def test_admin_import_preview_shows_row_errors_and_offers_no_confirm(admin_client, worker):
    user = UserFactory()
    csv = "\n".join([",".join(HEADERS), f"{user.email},山田,,,,xx-am,2025-05-01 10:00"])
    job = flow.previewed(admin_client, worker, "groups_volunteerprofile", "volunteers.csv", csv.encode())
    body = flow.page(admin_client, job).content.decode()
    assert "xx-am" in body
    assert 'value="取り込む"' not in body  # no confirm form
    assert not VolunteerProfile.objects.exists()


def test_export_leaves_out_withdrawn_volunteers(admin_client):
    kept = VolunteerProfileFactory(display_name="残る人", skills=["pc"])
    gone = VolunteerProfileFactory(display_name="取消する人")
    services.volunteer_withdraw(profile=gone)
    data = VolunteerProfileResource().export(VolunteerProfile.objects.all())
    assert data["email"] == [kept.user.email]
    assert data["display_name"] == ["残る人"]
    response = admin_client.post(
        reverse("admin:groups_volunteerprofile_export"),
        {
            "format": "1",
            "resource": "0",
            **{f"volunteerprofileresource_{name}": "on" for name in ("user", "display_name", "skills")},
        },
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    emails = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert emails == [kept.user.email]


def test_admin_pages_in_japanese_and_withdraw_action(admin_client):
    profile = VolunteerProfileFactory(display_name="検索される人", skills=["そば打ち"])
    VolunteerProfileFactory(display_name="ほかの人")
    response = admin_client.get(reverse("admin:groups_volunteerprofile_changelist"), {"q": "そば"})
    body = response.content.decode()
    assert "ボランティア登録" in body
    assert "検索される人" in body
    assert "ほかの人" not in body
    admin_client.post(
        reverse("admin:groups_volunteerprofile_changelist"),
        {"action": "withdraw_selected", "_selected_action": [profile.pk]},
    )
    profile.refresh_from_db()
    assert profile.withdrawn_at is not None
    assert profile.display_name == ""
    for name in ("volunteerneed", "volunteerapplication"):
        assert admin_client.get(reverse(f"admin:groups_{name}_changelist")).status_code == 200
