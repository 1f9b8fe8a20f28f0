import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from grants.models import Application, Attachment, Status
from groups.models import Membership
from tests.factories.accounts import UserFactory
from tests.factories.files import pdf_upload
from tests.factories.grants import (
    ApplicationFactory,
    OtherFunderGrantFactory,
    ReviewerFactory,
    RoundFactory,
    add_lines,
    manager_of,
)
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db


def _post_data(**overrides):
    data = {
        "title": "子ども食堂<script>alert(1)</script>",
        "purpose": "孤食を防ぐ",
        "content": "月2回",
        "schedule": "通年",
        "expected_results": "延べ500人",
        "beneficiaries": "子ども",
        "requested_amount": "200000",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-kind": "expense",
        "lines-0-category": "supplies",
        "lines-0-description": "食材以外の消耗品",
        "lines-0-amount": "300000",
        "lines-0-eligible": "on",
        "lines-1-kind": "income",
        "lines-1-category": "own_funds",
        "lines-1-amount": "100000",
        "lines-2-kind": "expense",
        "lines-2-category": "supplies",
        "lines-2-amount": "",
    }
    data.update(overrides)
    return data


def test_public_pages_render(client):
    open_round = RoundFactory(title="今年度の募集")
    RoundFactory(
        title="来年度の募集",
        opens_at=timezone.now() + dt.timedelta(days=10),
        closes_at=timezone.now() + dt.timedelta(days=40),
    )
    RoundFactory(
        title="昨年度の募集",
        opens_at=timezone.now() - dt.timedelta(days=400),
        closes_at=timezone.now() - dt.timedelta(days=300),
    )
    page = client.get(reverse("grants:programme_list")).content.decode()
    assert page.index("今年度の募集") < page.index("来年度の募集") < page.index("昨年度の募集")
    detail = client.get(reverse("grants:round_detail", args=[open_round.pk])).content.decode()
    assert "公益性" in detail
    assert "2/3" in detail
    assert "ログインして申請する" in detail
    assert client.get(reverse("grants:round_detail", args=[999999])).status_code == 404


def test_manager_drafts_resumes_and_submits_through_the_form(client):
    grant_round = RoundFactory()
    user, group = manager_with_group()
    client.force_login(user)
    url = reverse("grants:application_create", args=[grant_round.pk])
    response = client.post(url, _post_data(save="1"))
    application = Application.objects.get(group=group)
    assert response.url == reverse("grants:application_detail", args=[application.pk])
    assert application.status == Status.DRAFT
    edit = client.get(reverse("grants:application_edit", args=[application.pk])).content.decode()
    assert "&lt;script&gt;" in edit
    assert "<script>alert" not in edit
    assert 'value="300000"' in edit
    client.post(
        reverse("grants:application_edit", args=[application.pk]),
        _post_data(submit="1", **{"lines-INITIAL_FORMS": "0"}),
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    # read-only after submission
    response = client.get(reverse("grants:application_edit", args=[application.pk]))
    assert response.status_code == 302


def test_late_submission_shows_a_clear_message_and_keeps_everything_typed(client):
    grant_round = RoundFactory(
        opens_at=timezone.now() - dt.timedelta(days=10), closes_at=timezone.now() + dt.timedelta(days=1)
    )
    user, group = manager_with_group()
    client.force_login(user)
    client.post(reverse("grants:application_create", args=[grant_round.pk]), _post_data(save="1"))
    application = Application.objects.get(group=group)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        response = client.post(
            reverse("grants:application_edit", args=[application.pk]), _post_data(submit="1", purpose="書き直した目的")
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "過ぎたため提出できません" in page
    assert "下書きは保存されています" in page
    assert "書き直した目的" in page
    application.refresh_from_db()
    assert (application.status, application.purpose) == (Status.DRAFT, "書き直した目的")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requested_amount", "-5", "0円以上"),
        ("lines-0-amount", "-1", "0円以上"),
        ("requested_amount", "abc", "半角数字"),
        ("requested_amount", "99999999999999", "大きすぎ"),
    ],
)
def test_bad_amounts_get_field_errors_and_input_is_kept(client, field, value, message):
    grant_round = RoundFactory()
    user, _group = manager_with_group()
    client.force_login(user)
    response = client.post(reverse("grants:application_create", args=[grant_round.pk]), _post_data(**{field: value}))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "孤食を防ぐ" in page
    assert not Application.objects.exists()


def test_non_managers_cannot_apply_and_cannot_see_others_applications(client):
    grant_round = RoundFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("grants:application_create", args=[grant_round.pk])).status_code == 403
    application = ApplicationFactory(round=grant_round)
    assert client.get(reverse("grants:application_detail", args=[application.pk])).status_code == 404
    assert client.post(reverse("grants:application_action", args=[application.pk, "withdraw"])).status_code == 404


def _pdf():
    return pdf_upload("plan.pdf")


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_attachments_pdf_accepted_wrong_type_and_oversize_refused(client, settings):
    application = ApplicationFactory()
    client.force_login(manager_of(application))
    url = reverse("grants:attachment_add", args=[application.pk])
    response = client.post(url, {"title": "事業計画書", "purpose": "application", "file": _pdf()})
    assert response.status_code == 302
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "偽物", "purpose": "application", "file": fake})
    assert response.status_code == 400
    assert "PDF 又は画像" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(url, {"title": "大きい", "purpose": "application", "file": big})
    assert "大きすぎます" in response.content.decode()
    assert list(Attachment.objects.values_list("title", flat=True)) == ["事業計画書"]
    attachment = Attachment.objects.get()
    download = client.get(reverse("grants:attachment_download", args=[application.pk, attachment.pk]))
    assert download.status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("grants:attachment_download", args=[application.pk, attachment.pk])).status_code == 404


def test_applicant_page_shows_decision_letter_but_never_scores(client):
    application = ApplicationFactory(
        status=Status.AWARDED, awarded_amount=200_000, decision_letter="採択　交付予定額 200,000円", score=87.5, rank=1
    )
    client.force_login(manager_of(application))
    page = client.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "採択　交付予定額 200,000円" in page
    assert "交付を受ける" in page
    assert "87.5" not in page
    assert "順位" not in page


def test_reviewer_pages_recused_reviewer_gets_404_and_sealed_scores(client):
    grant_round = RoundFactory()
    reviewer, colleague = ReviewerFactory(round=grant_round), ReviewerFactory(round=grant_round)
    mine = ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW)
    Membership.objects.create(group=mine.group, user=reviewer.user, role="manager")
    other = ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW, title="審査対象の事業")
    add_lines(other)
    client.force_login(reviewer.user)
    listing = client.get(reverse("grants:review_list")).content.decode()
    assert "審査対象の事業" in listing
    assert mine.title not in listing
    assert client.get(reverse("grants:review_application", args=[mine.pk])).status_code == 404
    assert client.post(reverse("grants:review_application", args=[mine.pk]), {}).status_code == 404
    criteria = list(grant_round.criteria.all())
    client.force_login(colleague.user)
    client.post(
        reverse("grants:review_application", args=[other.pk]),
        {**{f"points_{c.pk}": "4" for c in criteria}, f"comment_{criteria[0].pk}": "同僚のコメント", "submit": "1"},
    )
    client.force_login(reviewer.user)
    url = reverse("grants:review_application", args=[other.pk])
    assert "同僚のコメント" not in client.get(url).content.decode()
    bad = client.post(url, {**{f"points_{c.pk}": "9" for c in criteria}, "submit": "1"})
    assert "5点以下" in bad.content.decode()
    client.post(url, {**{f"points_{c.pk}": "3" for c in criteria}, "submit": "1"})
    assert "同僚のコメント" in client.get(url).content.decode()


def test_declaring_a_conflict_removes_the_application(client):
    reviewer = ReviewerFactory()
    application = ApplicationFactory(round=reviewer.round, status=Status.UNDER_REVIEW)
    client.force_login(reviewer.user)
    client.post(reverse("grants:review_conflict", args=[application.pk]), {"reason": "知人が代表"})
    assert client.get(reverse("grants:review_application", args=[application.pk])).status_code == 404


def test_results_show_awards_roles_and_consented_names_only(client):
    grant_round = RoundFactory(results_published=True, results_published_at=timezone.now())
    ApplicationFactory(round=grant_round, status=Status.ACCEPTED, awarded_amount=180_000, title="公表される事業")
    ApplicationFactory(round=grant_round, status=Status.DECLINED, title="不採択の事業")
    ReviewerFactory(round=grant_round, role="citizen", publish_name=True, user=UserFactory(full_name="公開 一郎"))
    ReviewerFactory(round=grant_round, role="expert", publish_name=False, user=UserFactory(full_name="非公開 二郎"))
    hidden = RoundFactory()
    ApplicationFactory(round=hidden, status=Status.AWARDED, awarded_amount=1, title="未公表の事業")
    page = client.get(reverse("grants:results")).content.decode()
    assert "公表される事業" in page
    assert "180,000" in page
    assert "不採択の事業" not in page
    assert "未公表の事業" not in page
    assert "公開 一郎" in page
    assert "非公開 二郎" not in page
    assert "学識経験者" in page
    assert "同点の場合" in page
    data = json.loads(client.get(reverse("grants:opendata_json")).getvalue())  # streamed from storage
    assert [g["title"] for g in data["grants"]] == ["公表される事業"]
    assert "公表される事業" in client.get(reverse("grants:opendata_csv")).getvalue().decode("utf-8-sig")


def test_funders_filter_and_matching_for_managers(client):
    OtherFunderGrantFactory(title="環境の助成", funder_kind="national", field_codes=[7])
    OtherFunderGrantFactory(title="福祉の助成", funder_kind="foundation", field_codes=[1])
    OtherFunderGrantFactory(title="締切済み", deadline=timezone.localdate() - dt.timedelta(days=1), field_codes=[1])
    page = client.get(reverse("grants:funder_list"), {"kind": "national"}).content.decode()
    assert "環境の助成" in page
    assert "福祉の助成" not in page
    page = client.get(reverse("grants:funder_list"), {"open_only": "on"}).content.decode()
    assert "締切済み" not in page
    assert "福祉の助成" in page
    user, _group = manager_with_group(fields=[1])
    RoundFactory(title="全分野の募集")
    client.force_login(user)
    page = client.get(reverse("grants:matching")).content.decode()
    assert "福祉の助成" in page
    assert "環境の助成" not in page
    assert "締切済み" not in page
    assert "全分野の募集" in page


def test_report_form_saves_actuals(client):
    application = ApplicationFactory(status=Status.REPORT_DUE, awarded_amount=200_000)
    client.force_login(manager_of(application))
    url = reverse("grants:report_edit", args=[application.pk])
    data = {k: v for k, v in _post_data().items() if k.startswith("lines-")}
    response = client.post(url, {**data, "outcomes": "延べ300人が参加", "participants": "300"})
    assert response.status_code == 302
    photo = client.post(
        reverse("grants:attachment_add", args=[application.pk]),
        {"title": "活動写真", "purpose": "report_photo", "file": _png()},
    )
    assert photo.status_code == 302
    client.post(reverse("grants:application_action", args=[application.pk, "report"]))
    application.refresh_from_db()
    assert application.status == Status.REPORTED


def test_call_page_in_english(client):
    grant_round = RoundFactory()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("grants:round_detail", args=[grant_round.pk]), headers={"accept-language": "en"})
    text = page.content.decode()
    assert "Up to 2/3 of eligible costs" in text
    assert "Review criteria" in text


def test_private_pages_need_login(client):
    for name in ["grants:application_list", "grants:review_list", "grants:matching"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response.url


def test_apply_again_goes_to_the_existing_application_and_closed_calls_refuse(client):
    application = ApplicationFactory()
    client.force_login(manager_of(application))
    response = client.get(reverse("grants:application_create", args=[application.round.pk]))
    assert response.url == reverse("grants:application_detail", args=[application.pk])
    user, _group = manager_with_group()
    closed = RoundFactory(
        opens_at=timezone.now() - dt.timedelta(days=9), closes_at=timezone.now() - dt.timedelta(days=1)
    )
    client.force_login(user)
    response = client.get(reverse("grants:application_create", args=[closed.pk]), follow=True)
    assert "締め切られています" in response.content.decode()


def test_failed_first_submission_posts_back_to_the_saved_draft(client):
    grant_round = RoundFactory()
    user, group = manager_with_group()
    client.force_login(user)
    response = client.post(
        reverse("grants:application_create", args=[grant_round.pk]), _post_data(submit="1", requested_amount="250000")
    )
    application = Application.objects.get(group=group)
    assert application.status == Status.DRAFT
    assert f'action="{reverse("grants:application_edit", args=[application.pk])}"' in response.content.decode()


def test_reviewer_can_download_application_documents_unless_recused(client):
    reviewer = ReviewerFactory()
    application = ApplicationFactory(round=reviewer.round, status=Status.UNDER_REVIEW)
    attachment = Attachment.objects.create(application=application, title="計画書", file=_pdf(), purpose="application")
    url = reverse("grants:review_attachment", args=[application.pk, attachment.pk])
    client.force_login(reviewer.user)
    assert "計画書" in client.get(reverse("grants:review_application", args=[application.pk])).content.decode()
    assert client.get(url).status_code == 200
    Membership.objects.create(group=application.group, user=reviewer.user, role="member")
    assert client.get(url).status_code == 404


def test_call_documents_download_and_attachments_delete_only_while_editable(client):
    from grants.models import RoundDocument

    grant_round = RoundFactory()
    document = RoundDocument.objects.create(round=grant_round, title="募集要項（PDF）", file=_pdf())
    assert "募集要項（PDF）" in client.get(reverse("grants:round_detail", args=[grant_round.pk])).content.decode()
    assert client.get(reverse("grants:document_download", args=[grant_round.pk, document.pk])).status_code == 200
    assert client.get(reverse("grants:document_download", args=[grant_round.pk + 1, document.pk])).status_code == 404
    application = ApplicationFactory(round=grant_round)
    attachment = Attachment.objects.create(application=application, title="見積書", file=_pdf(), purpose="application")
    client.force_login(manager_of(application))
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED, submitted_at=timezone.now())
    client.post(reverse("grants:attachment_delete", args=[application.pk, attachment.pk]))
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    Application.objects.filter(pk=application.pk).update(status=Status.RETURNED)
    client.post(reverse("grants:attachment_delete", args=[application.pk, attachment.pk]))
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_360giving_file_is_404_until_results_are_published(client):
    ApplicationFactory(round=RoundFactory(), status=Status.AWARDED, awarded_amount=1)
    response = client.get(reverse("grants:opendata_json"))
    assert response.status_code == 404
    assert response.json() == {"detail": "公表された助成はまだありません。"}
