"""Required documents per round: staff list them, applicants attach one file per document (checked by content,
kept in private storage), and submission is refused until every required one is there, naming the missing ones."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from grants import services
from grants.models import Attachment, FileTypes, RequiredDocument, Status
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.files import pdf_upload
from tests.factories.grants import ApplicationFactory, RequiredDocumentFactory, RoundFactory, add_lines, manager_of

pytestmark = pytest.mark.django_db


def _png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def application():
    grant_round = RoundFactory(criteria=False)
    RequiredDocumentFactory(round=grant_round, name="事業計画書", file_types=FileTypes.PDF)
    RequiredDocumentFactory(round=grant_round, name="団体の規約", file_types=FileTypes.PDF_OR_IMAGE)
    RequiredDocumentFactory(round=grant_round, name="活動写真", required=False, file_types=FileTypes.IMAGE)
    application = ApplicationFactory(round=grant_round)
    add_lines(application, expenses=((300_000, True),), income=(100_000,))
    return application


def _doc(application, name):
    return RequiredDocument.objects.get(round=application.round, name=name)


def _attach(client, application, name, upload, **extra):
    data = {"purpose": "application", "document": str(_doc(application, name).pk), "title": "", "file": upload}
    return client.post(reverse("grants:attachment_add", args=[application.pk]), {**data, **extra})


def test_submission_is_refused_until_each_required_document_is_attached_naming_the_missing_ones(client, application):
    user = manager_of(application)
    with pytest.raises(ValidationError) as refused:
        services.application_submit(application=application, user=user)
    assert "必要書類が添付されていません: 事業計画書、団体の規約" in refused.value.messages
    client.force_login(user)
    assert _attach(client, application, "事業計画書", pdf_upload("plan.pdf")).status_code == 302
    with pytest.raises(ValidationError) as refused:
        services.application_submit(application=application, user=user)
    assert "必要書類が添付されていません: 団体の規約" in refused.value.messages  # the optional photo is not asked for
    assert _attach(client, application, "団体の規約", _png("rules.png")).status_code == 302
    services.application_submit(application=application, user=user)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_applicants_page_lists_the_documents_and_what_is_missing(client, application):
    client.force_login(manager_of(application))
    page = client.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "必要書類が添付されていません: 事業計画書、団体の規約" in page
    assert page.count("未添付") == 3


@pytest.mark.parametrize(
    ("document", "upload", "message"),
    [
        ("事業計画書", lambda: _png("plan.png"), "PDF ファイルを選んでください。"),
        ("活動写真", lambda: pdf_upload("photo.pdf"), "この書類は画像（JPEG、PNG、WebP）で添付してください。"),
        ("団体の規約", lambda: SimpleUploadedFile("rules.pdf", b"MZ\x90\x00 not a pdf"), "PDF 又は画像"),
        ("事業計画書", lambda: pdf_upload("x.pdf", javascript="app.alert(1)"), "スクリプト"),
    ],
)
def test_a_file_of_a_type_the_document_does_not_allow_is_refused_in_japanese_with_the_form_kept(
    client, application, document, upload, message
):
    client.force_login(manager_of(application))
    response = _attach(client, application, document, upload())
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{_doc(application, document).pk}" selected' in page  # the chosen document is kept
    assert not Attachment.objects.filter(application=application).exists()


def test_a_file_over_ten_megabytes_is_refused(client, application):
    client.force_login(manager_of(application))
    big = SimpleUploadedFile("plan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    response = _attach(client, application, "事業計画書", big)
    assert response.status_code == 400
    assert "ファイルが大きすぎます" in response.content.decode()


def test_other_papers_still_need_a_name(client, application):
    client.force_login(manager_of(application))
    url = reverse("grants:attachment_add", args=[application.pk])
    response = client.post(url, {"purpose": "application", "document": "", "title": "", "file": pdf_upload()})
    assert response.status_code == 400
    assert "書類名を入力してください" in response.content.decode()
    bad = client.post(url, {"purpose": "application", "document": "999999", "title": "x", "file": pdf_upload()})
    assert "提出書類の一覧から選んでください。" in bad.content.decode()


def test_a_new_file_replaces_the_one_attached_for_the_same_document_in_private_storage(client, application):
    client.force_login(manager_of(application))
    _attach(client, application, "事業計画書", pdf_upload("first.pdf"))
    first = Attachment.objects.get(application=application)
    first_path = Path(first.file.path)
    _attach(client, application, "事業計画書", pdf_upload("second.pdf"))
    second = Attachment.objects.get(application=application)
    assert second.original_name == "second.pdf"
    assert second.title == "事業計画書"
    assert not first_path.exists()
    assert Path(second.file.path).is_relative_to(Path(settings.PRIVATE_ROOT))
    assert not Path(second.file.path).is_relative_to(Path(settings.MEDIA_ROOT))


def test_a_document_of_another_round_is_refused_by_the_service(application):
    other = RequiredDocumentFactory(name="他の募集の書類")
    with pytest.raises(ValidationError, match="この募集回の提出書類を選んでください"):
        services.attachment_add(
            application=application,
            user=manager_of(application),
            title="",
            file=pdf_upload(),
            purpose="application",
            required_document=other,
        )


def test_templates_download_for_everyone_and_the_call_lists_the_documents(client, application):
    document = _doc(application, "事業計画書")
    document.template.save("keikakusho.pdf", pdf_upload("keikakusho.pdf"))
    page = client.get(reverse("grants:round_detail", args=[application.round_id])).content.decode()
    assert "事業計画書（必須、PDFのみ）" in page
    assert "活動写真（任意" in page
    response = client.get(reverse("grants:required_document_template", args=[application.round_id, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    no_template = _doc(application, "団体の規約")
    assert (
        client.get(
            reverse("grants:required_document_template", args=[application.round_id, no_template.pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("grants:required_document_template", args=[999999, document.pk])).status_code == 404


def test_center_staff_list_documents_in_the_round_admin(client):
    grant_round = RoundFactory(criteria=False)
    client.force_login(StaffFactory())
    url = reverse("admin:grants_round_change", args=[grant_round.pk])
    data, prefix = _round_admin_data(client, url, RequiredDocument)
    data.update({
        f"{prefix}-TOTAL_FORMS": 2,
        f"{prefix}-0-name": "事業計画書", f"{prefix}-0-required": "on", f"{prefix}-0-file_types": "pdf",
        f"{prefix}-0-order": 0, f"{prefix}-0-template": pdf_upload("yoshiki.pdf"),
        f"{prefix}-1-name": "見積書", f"{prefix}-1-file_types": "pdf_or_image", f"{prefix}-1-order": 1,
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    documents = list(grant_round.required_documents.order_by("order"))
    assert [(d.name, d.required, d.file_types) for d in documents] == [
        ("事業計画書", True, "pdf"),
        ("見積書", False, "pdf_or_image"),
    ]
    assert documents[0].template.name.endswith(".pdf")


def test_a_template_that_is_not_a_pdf_or_image_is_refused_in_the_admin(client):
    grant_round = RoundFactory(criteria=False)
    client.force_login(StaffFactory())
    url = reverse("admin:grants_round_change", args=[grant_round.pk])
    data, prefix = _round_admin_data(client, url, RequiredDocument)
    data.update({
        f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-0-name": "事業計画書", f"{prefix}-0-file_types": "pdf",
        f"{prefix}-0-order": 0, f"{prefix}-0-template": SimpleUploadedFile("x.exe", b"MZ\x90\x00"),
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "添付できるのは PDF 又は画像" in response.content.decode()
    assert not grant_round.required_documents.exists()


def _round_admin_data(client, url, model):
    """The round's change form as the admin shows it, every inline empty; and the prefix of `model`'s inline."""
    page = client.get(url)
    data = {}
    for name, value in page.context["adminform"].form.initial.items():
        if value is None or name == "fields":
            continue
        if hasattr(value, "hour"):  # the admin splits date-times into a date and a time box
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.time().isoformat()
        else:
            data[name] = value
    prefix = ""
    for formset in page.context["inline_admin_formsets"]:
        data.update({f"{formset.formset.prefix}-TOTAL_FORMS": 0, f"{formset.formset.prefix}-INITIAL_FORMS": 0})
        if formset.formset.model is model:
            prefix = formset.formset.prefix
    return data, prefix


@pytest.mark.parametrize("documents", [2, 8])
def test_the_applicants_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries, documents):
    application = ApplicationFactory(round=RoundFactory(criteria=False))
    for index in range(documents):
        document = RequiredDocumentFactory(round=application.round, name=f"書類{index}")
        services.attachment_add(
            application=application,
            user=manager_of(application),
            title="",
            file=pdf_upload(f"{index}.pdf"),
            purpose="application",
            required_document=document,
        )
    client.force_login(manager_of(application))
    url = reverse("grants:application_detail", args=[application.pk])
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200


def test_nobody_else_downloads_an_attached_document(client, application):
    client.force_login(manager_of(application))
    _attach(client, application, "事業計画書", pdf_upload())
    attachment = Attachment.objects.get(application=application)
    client.force_login(UserFactory())
    url = reverse("grants:attachment_download", args=[application.pk, attachment.pk])
    assert client.get(url).status_code == 404
