"""Attachments and evidence are private: random names outside MEDIA_ROOT, downloads only through checked views."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from grants import services
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.files import pdf_upload
from tests.factories.grants import ApplicationFactory, manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment():
    application = ApplicationFactory()
    return services.attachment_add(
        application=application, user=manager_of(application), title="見積書", file=pdf_upload("見積書.pdf"),
        purpose="application",
    )  # fmt: skip


def test_an_attachment_is_stored_under_a_random_name_outside_media_root(attachment):
    path = Path(attachment.file.path)
    assert path.is_file()
    assert Path(settings.PRIVATE_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    assert "見積書" not in attachment.file.name
    assert len(path.stem) == 32
    assert attachment.original_name == "見積書.pdf"
    with pytest.raises(ValueError, match="no public URL"):
        attachment.file.url  # noqa: B018


def test_a_guessed_media_url_answers_404_for_everyone(client, attachment):
    for user in (None, manager_of(attachment.application), StaffFactory()):
        if user:
            client.force_login(user)
        for path in (attachment.file.name, f"grants/attachments/2026/{attachment.original_name}"):
            assert client.get(f"/media/{path}").status_code == 404


def test_the_owner_and_staff_download_it_with_its_own_name_and_nobody_else(client, attachment):
    url = reverse("grants:attachment_download", args=[attachment.application_id, attachment.pk])
    for user in (manager_of(attachment.application), StaffFactory()):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Disposition"].startswith("attachment")
        assert "%E8%A6%8B%E7%A9%8D%E6%9B%B8.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_nginx_can_send_the_bytes_itself(client, attachment, settings):
    settings.PRIVATE_ACCEL_REDIRECT = "/_private/"
    client.force_login(manager_of(attachment.application))
    response = client.get(reverse("grants:attachment_download", args=[attachment.application_id, attachment.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{attachment.file.name}"
    assert response.content == b""
