import json
import re
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from civic_portal.core.choices import Weekday
from groups.models import Group, GroupStatus
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import AreaFactory, GroupFactory
from tests.factories.volunteers import VolunteerNeedFactory

pytestmark = pytest.mark.django_db
S = GroupStatus


def test_directory_shows_only_registered_groups(client):
    GroupFactory(name="登録済の会")
    GroupFactory(name="更新中の会", status=S.RENEWAL_DUE)
    GroupFactory(name="失効した会", status=S.LAPSED, lapsed_on="2025-06-01")
    GroupFactory(name="申請中の会", status=S.SUBMITTED)
    GroupFactory(name="取下げの会", status=S.WITHDRAWN)
    html = client.get(reverse("groups:group_list")).content.decode()
    assert "登録済の会" in html
    assert "更新中の会" in html
    assert "失効した会" not in html
    assert "申請中の会" not in html
    assert "取下げの会" not in html


# Terms of three or more characters go through the trigram index, of one or two through the grams index.
SEARCHES = [
    *["みどり", "ミドリ", "ﾐﾄﾞﾘ", "ＮＰＯ", "npo 花壇"],
    *["緑化", "緑", "ﾐﾄﾞ", "ミド", "ど", "Ｐ", "化の", "花壇 みど"],
]


@pytest.mark.parametrize("query", SEARCHES)
def test_keyword_search_treats_widths_and_kana_alike(client, query):
    GroupFactory(name="NPO法人 緑化の会", name_kana="みどりかのかい", activities="花壇づくり")
    GroupFactory(name="将棋クラブ", name_kana="しょうぎくらぶ", activities="対局")
    html = client.get(reverse("groups:group_list"), {"q": query}).content.decode()
    assert "緑化の会" in html
    assert "将棋クラブ" not in html


def test_filters_combine(client):
    north = AreaFactory(name="北部")
    match = GroupFactory(name="当てはまる会", fields=[7], legal_form="npo", corporate_number="7000012050002",
                         recruiting_volunteers=True, activity_days=[Weekday.SATURDAY])  # fmt: skip
    match.areas.add(north)
    other_field = GroupFactory(name="分野違いの会", fields=[1], activity_days=[Weekday.SATURDAY])
    other_field.areas.add(north)
    other_day = GroupFactory(name="曜日違いの会", fields=[7], activity_days=[Weekday.MONDAY])
    other_day.areas.add(north)
    GroupFactory(name="募集のない会", fields=[7], legal_form="npo", corporate_number="7000012050003",
                 recruiting_volunteers=True, activity_days=[Weekday.SATURDAY]).areas.add(north)  # fmt: skip
    for group in (match, other_field, other_day):  # recruiting volunteers: an open need
        VolunteerNeedFactory(group=group)
    field_id = match.activity_fields.get().pk
    params = {"field": field_id, "area": north.pk, "legal_form": "npo", "recruiting": "volunteers", "day": 5}
    html = client.get(reverse("groups:group_list"), params).content.decode()
    assert "当てはまる会" in html
    assert "分野違いの会" not in html
    assert "曜日違いの会" not in html
    assert "募集のない会" not in html
    assert "1団体" in html


def test_kana_order_folds_katakana_and_newest_order(client):
    GroupFactory(name="い", name_kana="イイ", registered_on="2024-01-01")
    GroupFactory(name="あ", name_kana="ああ", registered_on="2023-01-01")
    GroupFactory(name="う", name_kana="うう", registered_on="2025-01-01")
    kana = client.get(reverse("groups:group_list")).context["page"].groups
    newest = client.get(reverse("groups:group_list"), {"order": "newest"}).context["page"].groups
    assert [g.name for g in kana] == ["あ", "い", "う"]
    assert [g.name for g in newest] == ["う", "い", "あ"]


def test_bad_filter_values_do_not_break_the_directory(client):
    GroupFactory(name="どこかの会")
    response = client.get(reverse("groups:group_list"), {"field": "abc", "day": "9", "page": "x"})
    assert response.status_code == 200


def test_group_page_shows_consented_personal_fields_only(client):
    group = GroupFactory(
        contact_phone="083-111-2222", publish_contact_phone=True,
        representative_phone="090-9999-9999", publish_representative_phone=False,
        contact_email="hidden@example.jp", publish_contact_email=False,
    )  # fmt: skip
    html = client.get(reverse("groups:group_detail", args=[group.pk])).content.decode()
    assert "083-111-2222" in html
    assert "090-9999-9999" not in html
    assert "hidden@example.jp" not in html


def test_staff_see_unconsented_fields_marked_private(client):
    group = GroupFactory(representative_phone="090-9999-9999", publish_representative_phone=False)
    client.force_login(StaffFactory())
    html = client.get(reverse("groups:group_detail", args=[group.pk])).content.decode()
    assert "090-9999-9999（非公開）" in html


def test_group_page_has_schema_org_json_ld_without_private_data(client):
    group = GroupFactory(name="</script><script>alert(1)</script>会", contact_email="hidden@example.jp",
                         corporate_number="7000012050002", legal_form="npo")  # fmt: skip
    html = client.get(reverse("groups:group_detail", args=[group.pk])).content.decode()
    block = re.search(r'<script type="application/ld\+json" nonce="[^"]*">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NGO"
    assert data["taxID"] == "7000012050002"
    assert data["name"] == group.name
    assert "hidden@example.jp" not in block
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.LAPSED, S.WITHDRAWN])
def test_unregistered_group_pages_are_404(client, status):
    group = GroupFactory(status=status, lapsed_on="2025-01-01" if status == S.LAPSED else None)
    assert client.get(reverse("groups:group_detail", args=[group.pk])).status_code == 404


@pytest.mark.parametrize("name", ["group_edit", "group_submit", "group_managers"])
def test_non_managers_get_403_and_anonymous_are_sent_to_login(client, name):
    group = GroupFactory()
    url = reverse(f"groups:{name}", args=[group.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.get(reverse(f"groups:{name}", args=[999_999])).status_code == 404


def test_non_manager_cannot_withdraw_or_renew(client):
    group = GroupFactory(status=S.RENEWAL_DUE)
    client.force_login(UserFactory())
    assert client.post(reverse("groups:group_withdraw", args=[group.pk]), {"note": "理由"}).status_code == 403
    assert client.post(reverse("groups:group_renew", args=[group.pk])).status_code == 403
    group.refresh_from_db()
    assert group.status == S.RENEWAL_DUE


def _form_data(**overrides):
    data = {
        "name": "みどりの会", "name_kana": "みどりのかい", "legal_form": "npo", "corporate_number": "8000012050002",
        "purpose": "公園を花で彩る <script>alert('x')</script>", "activities": "花壇づくり",
        "representative_name": "代表 太郎", "contact_name": "連絡 花子", "contact_email": "midori@example.jp",
        "member_count": "8", "social_links": "https://sns.example.jp/midori",
    }  # fmt: skip
    return {**data, **overrides}


def test_invalid_corporate_number_is_reported_and_input_is_kept(client):
    client.force_login(UserFactory())
    response = client.post(reverse("groups:group_create"), _form_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert "法人番号のチェックディジットが正しくありません" in html
    assert 'value="みどりの会"' in html
    assert "midori@example.jp" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert not Group.objects.exists()


def test_incorporated_group_needs_a_corporate_number(client):
    client.force_login(UserFactory())
    response = client.post(reverse("groups:group_create"), _form_data(corporate_number=""))
    assert "法人の場合は法人番号を入力してください" in response.content.decode()


def test_non_image_logo_is_refused_and_text_is_kept(client):
    client.force_login(UserFactory())
    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    response = client.post(
        reverse("groups:group_create"), {**_form_data(corporate_number="7000012050002"), "logo": fake}
    )
    html = response.content.decode()
    assert "画像" in html
    assert 'value="みどりの会"' in html
    assert not Group.objects.exists()


def test_valid_application_saves_a_draft_with_a_clean_logo_and_goes_to_declarations(client):
    user = UserFactory()
    client.force_login(user)
    buffer = BytesIO()
    Image.new("RGB", (1600, 1600), "green").save(buffer, format="PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    data = {**_form_data(corporate_number="7000012050002"), "logo": logo, "activity_days": ["1", "5"]}
    response = client.post(reverse("groups:group_create"), data)
    group = Group.objects.get()
    assert response.url == reverse("groups:group_submit", args=[group.pk])
    assert group.status == S.DRAFT
    assert group.activity_days == [1, 5]
    assert group.social_links == ["https://sns.example.jp/midori"]
    with Image.open(group.logo) as saved:
        assert saved.size == (800, 800)
    response = client.post(reverse("groups:group_submit", args=[group.pk]), {"declares_non_profit": "on"})
    assert "登録要件を確認し、チェックを入れてください" in response.content.decode()
    declarations = dict.fromkeys(Group.DECLARATION_FIELDS, "on")
    response = client.post(reverse("groups:group_submit", args=[group.pk]), declarations)
    assert response.url == reverse("groups:group_mine")
    group.refresh_from_db()
    assert group.status == S.SUBMITTED


def test_my_groups_lists_status_and_return_note(client):
    user = UserFactory()
    group = GroupFactory(status=S.RETURNED, managers=[user], registration_number=None)
    group.status_changes.create(from_status="submitted", to_status="returned", note="会員数を直してください")
    client.force_login(user)
    html = client.get(reverse("groups:group_mine")).content.decode()
    assert "差し戻し" in html
    assert "会員数を直してください" in html


def test_contact_form_relays_without_revealing_the_address(client, worker):
    group = GroupFactory(contact_email="private@example.jp")
    assert client.get(reverse("groups:group_contact", args=[group.pk])).status_code == 302
    client.force_login(UserFactory(email="asker@example.jp"))
    page = client.get(reverse("groups:group_contact", args=[group.pk])).content.decode()
    assert "private@example.jp" not in page
    with worker.after():
        client.post(reverse("groups:group_contact", args=[group.pk]), {"message": "見学したいです"})
    assert mail.outbox[-1].to == ["private@example.jp"]
    assert mail.outbox[-1].reply_to == ["asker@example.jp"]


def test_booklet_offers_staff_the_spreadsheet_export(client):
    assert "admin/groups/group/export/" not in client.get(reverse("groups:group_booklet")).content.decode()
    client.force_login(StaffFactory())
    html = client.get(reverse("groups:group_booklet")).content.decode()
    assert reverse("admin:groups_group_export") in html
