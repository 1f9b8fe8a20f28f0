"""Staff write news and newsletter issues in the Japanese admin; uploads are checked by content and size."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civic_portal.center.models import NewsEntry, NewsletterIssue
from civic_portal.core.uploads import MAX_DOCUMENT_BYTES
from tests.factories.accounts import StaffFactory
from tests.factories.files import pdf_upload

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 6, 1, 3, 0, tzinfo=dt.UTC)  # 12:00 JST


def _png(name="photo.png"):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _entry_data(**fields):
    data = {
        "category": "recruitment",
        "title": "講座の参加者を募集します",
        "summary": "",
        "body": "申込みは窓口で。",
        "publish_at_0": "2027-06-01",
        "publish_at_1": "12:00:00",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "image_alt": "",
        "pdf_title": "",
    }
    return {**data, **fields}


@pytest.fixture
def staff_client(client):
    staff = StaffFactory()
    client.force_login(staff)
    return client, staff


def test_staff_publish_an_entry_with_image_and_pdf_and_visitors_see_it(staff_client, client):
    staff_client, staff = staff_client
    with time_machine.travel(NOON, tick=False):
        staff_client.force_login(staff)  # a session begun before the clock moved would have expired
        response = staff_client.post(
            reverse("admin:center_newsentry_add"),
            _entry_data(image=_png(), image_alt="講座の様子", pdf=pdf_upload("chirashi.pdf")),
        )
        assert response.status_code == 302, response.context["adminform"].errors
        entry = NewsEntry.objects.get()
        assert entry.created_by == staff
        assert entry.image.name.endswith(".png")
        assert entry.pdf.name.endswith(".pdf")
        staff_client.logout()
        assert "講座の参加者を募集します" in client.get(reverse("center:news_list")).content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"pdf": pdf_upload(javascript="app.alert(1)")}, "スクリプト"),
        ({"pdf": SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")}, "PDF ファイルを選んで"),
        ({"image": SimpleUploadedFile("x.png", b"%PDF-1.4", content_type="image/png"), "image_alt": "x"}, "画像"),
        ({"image": _png()}, "画像には代替テキストを入れてください。"),
        ({"unpublish_at_0": "2027-06-01", "unpublish_at_1": "11:00:00"}, "公開終了日時は公開日時より後に"),
    ],
    ids=["active-pdf", "not-a-pdf", "not-an-image", "image-without-alt", "end-before-start"],
)
def test_bad_input_gets_a_japanese_message_and_keeps_the_form(staff_client, fields, message):
    staff_client, _staff = staff_client
    response = staff_client.post(reverse("admin:center_newsentry_add"), _entry_data(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "講座の参加者を募集します" in response.content.decode()
    assert not NewsEntry.objects.exists()


def test_a_pdf_over_the_size_limit_is_refused(staff_client):
    staff_client, _staff = staff_client
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * MAX_DOCUMENT_BYTES, content_type="application/pdf")
    response = staff_client.post(reverse("admin:center_newsentry_add"), _entry_data(pdf=big))
    assert "ファイルが大きすぎます" in response.content.decode()


def test_staff_add_a_newsletter_issue_with_its_contents(staff_client):
    staff_client, _staff = staff_client
    prefix = "contents"
    data = {
        "number": "12",
        "title": "特集 地域の居場所",
        "issued_on": "2027-06-01",
        "is_published": "on",
        "pdf": pdf_upload("dayori12.pdf"),
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-order": "1",
        f"{prefix}-0-title": "特集 地域の居場所",
        f"{prefix}-0-page": "1",
        f"{prefix}-1-order": "2",
        f"{prefix}-1-title": "団体紹介",
        f"{prefix}-1-page": "4",
    }
    response = staff_client.post(reverse("admin:center_newsletterissue_add"), data)
    assert response.status_code == 302
    issue = NewsletterIssue.objects.get()
    assert [c.title for c in issue.contents.order_by("order")] == ["特集 地域の居場所", "団体紹介"]


def test_the_state_filter_and_column_tell_drafts_from_scheduled_and_published(staff_client):
    from tests.factories.center import NewsEntryFactory

    staff_client, staff = staff_client
    with time_machine.travel(NOON, tick=False):
        staff_client.force_login(staff)  # a session begun before the clock moved would have expired
        NewsEntryFactory(title="予約記事", publish_at=NOON + dt.timedelta(days=1))
        NewsEntryFactory(title="下書き記事", publish_at=None)
        NewsEntryFactory(title="公開記事")
        url = reverse("admin:center_newsentry_changelist")
        html = staff_client.get(url, {"state": "scheduled"}).content.decode()
        assert "予約記事" in html
        assert "下書き記事" not in html
        assert "公開記事" not in html
        assert "公開予定" in html


def test_officials_may_view_but_not_change_news(client):
    from tests.factories.accounts import UserFactory
    from tests.factories.center import NewsEntryFactory

    official = UserFactory(is_staff=True, roles=["city_officials"])
    client.force_login(official)
    entry = NewsEntryFactory()
    assert client.get(reverse("admin:center_newsentry_changelist")).status_code == 200
    assert client.get(reverse("admin:center_newsentry_add")).status_code == 403
    response = client.post(reverse("admin:center_newsentry_change", args=[entry.pk]), _entry_data())
    assert response.status_code == 403
