import pytest
import tablib
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groups.models import Group, GroupEditLog, GroupStatus
from groups.resources import GroupResource
from tests.core import admin_imports as flow
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
S = GroupStatus
DECLARED = dict.fromkeys(Group.DECLARATION_FIELDS, True)


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_staff_approve_submitted_applications_with_an_action(staff_client, worker):
    applicant = UserFactory()
    ready = GroupFactory(status=S.SUBMITTED, registration_number=None, member_count=6, managers=[applicant], **DECLARED)
    draft = GroupFactory(status=S.DRAFT, registration_number=None)
    with worker.after():
        response = staff_client.post(
            reverse("admin:groups_group_changelist"),
            {"action": "approve", "_selected_action": [ready.pk, draft.pk]},
            follow=True,
        )
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert ready.status == S.REGISTERED
    assert ready.registration_number
    assert draft.status == S.DRAFT
    html = response.content.decode()
    assert "1件を登録しました" in html
    assert "1件は申請中でないか" in html
    assert mail.outbox[-1].to == [applicant.email]


def test_return_action_asks_for_a_note_then_returns(staff_client):
    group = GroupFactory(status=S.SUBMITTED, registration_number=None)
    url = reverse("admin:groups_group_changelist")
    response = staff_client.post(url, {"action": "return_for_changes", "_selected_action": [group.pk]})
    assert "差し戻しの理由" in response.content.decode()
    group.refresh_from_db()
    assert group.status == S.SUBMITTED
    staff_client.post(url, {"action": "return_for_changes", "_selected_action": [group.pk], "note": "写真を添付して"})
    group.refresh_from_db()
    assert group.status == S.RETURNED
    assert group.status_changes.get(to_status=S.RETURNED).note == "写真を添付して"


def test_staff_edits_in_the_admin_are_logged(staff_client):
    group = GroupFactory()
    url = reverse("admin:groups_group_change", args=[group.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("logo", "activity_fields", "areas")}
    data.update({
        "fees": "年会費 500円", "activity_days": "", "social_links": "",
        "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
        "status_changes-TOTAL_FORMS": 0, "status_changes-INITIAL_FORMS": 0,
        "edit_logs-TOTAL_FORMS": 0, "edit_logs-INITIAL_FORMS": 0,
    })  # fmt: skip
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert GroupEditLog.objects.get().fields == ["fees"]


def test_export_carries_personal_fields_only_for_holders_of_the_permission():
    GroupFactory(contact_email="public@example.jp", publish_contact_email=True,
                 representative_phone="090-0000-0000", publish_representative_phone=False)  # fmt: skip
    staff = GroupResource(user=StaffFactory()).export()
    row = dict(zip(staff.headers, staff[0], strict=True))
    assert row["contact_email"] == "public@example.jp"
    assert row["representative_phone"] == "090-0000-0000"
    assert not any(h.startswith("publish_") for h in staff.headers)
    other = GroupResource(user=UserFactory(is_staff=True)).export()
    assert not set(other.headers) & set(Group.PERSONAL_FIELDS)


def _dataset(rows):
    headers = ["id", "name", "name_kana", "purpose", "activities", "representative_name", "contact_name",
               "contact_email", "legal_form", "corporate_number", "status", "activity_fields"]  # fmt: skip
    return tablib.Dataset(*rows, headers=headers)


# A new draft group in two activity fields, as a spreadsheet row.
GOOD_ROW = (
    "", "新しい会", "あたらしいかい", "目的", "活動", "代表", "連絡", "new@example.jp", "voluntary", "", "draft", "3;7",
)  # fmt: skip


def test_import_is_all_or_nothing_with_row_errors():
    good = list(GOOD_ROW)
    bad = ["", "悪い会", "悪い", "目的", "活動", "代表", "連絡", "not-an-email", "npo", "1234567890123", "draft", ""]
    result = GroupResource().import_data(_dataset([good, bad]), dry_run=False, raise_errors=False)
    assert result.has_validation_errors()
    invalid = result.invalid_rows[0]
    assert invalid.number == 2
    assert set(invalid.field_specific_errors) >= {"contact_email", "corporate_number", "name_kana"}
    assert not Group.objects.exists()


def test_valid_import_creates_groups_with_fields():
    good = list(GOOD_ROW)
    result = GroupResource().import_data(_dataset([good]), dry_run=False)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    group = Group.objects.get()
    assert sorted(group.activity_fields.values_list("code", flat=True)) == [3, 7]


def test_admin_import_preview_lists_row_errors(staff_client, worker):
    csv = "name,name_kana,purpose,activities,representative_name,contact_name,contact_email,status\n" \
          "会,漢字,目的,活動,代表,連絡,x@example.jp,draft\n"  # fmt: skip
    job = flow.previewed(staff_client, worker, "groups_group", "groups.csv", csv.encode())
    html = flow.page(staff_client, job).content.decode()
    assert "ひらがな又はカタカナ" in html
    assert not Group.objects.exists()


def test_admin_logo_upload_is_re_encoded_without_metadata(rf):
    from io import BytesIO

    from django.contrib import admin
    from PIL import Image

    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    Image.new("RGB", (1600, 1200), "teal").save(buffer, format="JPEG", exif=exif)
    request = rf.get("/")
    request.user = StaffFactory()
    group = GroupFactory()
    form_class = admin.site._registry[Group].get_form(request, group)
    form = form_class(instance=group)
    upload = SimpleUploadedFile("logo.jpg", buffer.getvalue(), content_type="image/jpeg")
    form.cleaned_data = {"logo": upload}
    cleaned = form.clean_logo()
    with Image.open(cleaned) as result:
        assert result.size == (800, 600)
        assert not result.getexif()
