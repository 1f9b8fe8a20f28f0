"""Register data typed as people type it: widths, hyphens and spaces folded; bad values refused in Japanese."""

import datetime as dt

import pytest
import tablib
import time_machine
from django.contrib.admin.sites import site
from django.urls import reverse

from groups.models import Group
from groups.resources import GroupResource
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db

NUMBER = "7000012050002"
WIDE = str.maketrans("0123456789-", "０１２３４５６７８９－")


def wide(text: str) -> str:
    return text.translate(WIDE)


# 2026-12-31 23:30 in Tokyo is already 2027 there (and still 2026 in UTC).
TOKYO_NEW_YEAR = dt.datetime(2026, 12, 31, 15, 30, tzinfo=dt.UTC)


def _form_data(**overrides):
    data = {
        "name": "みどりの会", "name_kana": "みどりのかい", "legal_form": "npo", "corporate_number": NUMBER,
        "purpose": "公園を花で彩る", "activities": "花壇づくり", "representative_name": "代表 太郎",
        "contact_name": "連絡 花子", "contact_email": "midori@example.jp",
    }  # fmt: skip
    return {**data, **overrides}


def _create(client, **overrides):
    return client.post(reverse("groups:group_create"), _form_data(**overrides))


@pytest.mark.parametrize(
    "typed", [wide(NUMBER), "7000-0120-50002", wide(" 7000 0120 50002 "), "7000−0120−50002", "7000ー0120ー50002"]
)
def test_a_corporate_number_in_any_width_is_stored_as_half_width_digits(client, typed):
    client.force_login(UserFactory())
    response = _create(client, corporate_number=typed)
    assert response.status_code == 302
    assert Group.objects.get().corporate_number == NUMBER


def test_the_same_corporate_number_in_the_other_width_is_refused_and_input_kept(client):
    GroupFactory(legal_form="npo", corporate_number=NUMBER)
    client.force_login(UserFactory())
    response = _create(client, corporate_number=wide(NUMBER), name="二つ目の会")
    html = response.content.decode()
    assert response.status_code == 200
    assert "この法人番号の団体はすでに登録されています。" in html
    assert 'value="二つ目の会"' in html
    assert Group.objects.count() == 1


def test_a_full_width_number_with_a_wrong_check_digit_names_the_check_digit(client):
    client.force_login(UserFactory())
    response = _create(client, corporate_number=wide("8000012050002"))
    assert "法人番号のチェックディジットが正しくありません" in response.content.decode()
    assert not Group.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("083-123-4567", "083-123-4567"),
        ("０９０－１２３４－５６７８", "090-1234-5678"),
        ("(083)123-4567", "083-123-4567"),
        ("（０８３）１２３　４５６７", "083-1234567"),
        ("09012345678", "09012345678"),
        ("083ー123ー4567", "083-123-4567"),
    ],
)
def test_phone_numbers_are_stored_half_width_with_hyphens(client, typed, stored):
    client.force_login(UserFactory())
    response = _create(client, contact_phone=typed, representative_phone=typed)
    assert response.status_code == 302
    group = Group.objects.get()
    assert (group.contact_phone, group.representative_phone) == (stored, stored)


@pytest.mark.parametrize("typed", ["abc", "083-123-456", "8312345678", "090-1234-56789", "083+123+4567"])
def test_a_phone_that_is_not_a_japanese_number_is_refused_in_japanese(client, typed):
    client.force_login(UserFactory())
    response = _create(client, contact_phone=typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "電話番号は 0 から始まる10桁または11桁の数字で入力してください" in html
    assert f'value="{typed}"' in html
    assert not Group.objects.exists()


def test_a_bad_phone_is_refused_in_english_for_an_english_user(client):
    client.force_login(UserFactory())
    client.cookies["django_language"] = "en"
    html = _create(client, contact_phone="abc").content.decode()
    assert "10 or 11 digits" in html
    assert not Group.objects.exists()


@time_machine.travel(TOKYO_NEW_YEAR, tick=False)
@pytest.mark.parametrize(("year", "accepted"), [(2027, True), (2028, False), (1868, True), (1867, False), (0, False)])
def test_founding_year_is_not_in_tokyos_future_nor_absurdly_old(client, year, accepted):
    client.force_login(UserFactory())
    html = _create(client, founded_year=str(year)).content.decode()
    assert Group.objects.exists() is accepted
    if not accepted:
        assert "設立年" in html
        assert "2027年まで" in html or "1868年以降" in html


def _admin_form(rf, data, instance=None):
    request = rf.post("/")
    request.user = StaffFactory()
    form_class = site._registry[Group].get_form(request, instance)
    return form_class(data, instance=instance)


def test_the_admin_folds_widths_and_refuses_duplicates_and_bad_phones(rf):
    group = GroupFactory(legal_form="npo", corporate_number="", contact_phone="")
    data = {
        **{f: getattr(group, f) for f in ("name", "name_kana", "purpose", "activities", "representative_name",
                                         "contact_name", "contact_email", "legal_form")},
        "corporate_number": wide("7000-0120-50002"), "contact_phone": "０８３（１２３）４５６７",
        "kana_sort": group.kana_sort,
    }  # fmt: skip
    form = _admin_form(rf, data, group)
    for name in list(form.fields):
        if name not in data and name in form.initial:
            data[name] = form.initial[name]
    form = _admin_form(rf, data, group)
    assert not {"corporate_number", "contact_phone"} & set(form.errors), form.errors
    assert form.cleaned_data["corporate_number"] == NUMBER
    assert form.cleaned_data["contact_phone"] == "083-123-4567"
    GroupFactory(legal_form="npo", corporate_number="4010401022860")
    form = _admin_form(rf, {**data, "corporate_number": wide("4010401022860"), "contact_phone": "abc"}, group)
    assert form.errors["corporate_number"] == ["この法人番号の団体はすでに登録されています。"]
    assert "電話番号は" in form.errors["contact_phone"][0]


def _dataset(rows):
    headers = ["id", "name", "name_kana", "purpose", "activities", "representative_name", "contact_name",
               "contact_email", "legal_form", "corporate_number", "contact_phone", "founded_year",
               "status"]  # fmt: skip
    return tablib.Dataset(*rows, headers=headers)


def _row(number, phone="083-123-4567", year=2000, name="新しい会"):
    return ["", name, "あたらしいかい", "目的", "活動", "代表", "連絡", "new@example.jp", "npo", number, phone, year,
            "draft"]  # fmt: skip


@time_machine.travel(TOKYO_NEW_YEAR, tick=False)
def test_import_folds_widths_and_catches_the_same_number_typed_twice():
    result = GroupResource().import_data(
        _dataset([_row(wide(NUMBER), wide("083-123-4567"))]), dry_run=False, raise_errors=False
    )
    assert not result.has_validation_errors()
    group = Group.objects.get()
    assert (group.corporate_number, group.contact_phone) == (NUMBER, "083-123-4567")
    result = GroupResource().import_data(
        _dataset([_row("7000-0120-50002", name="二重の会"), _row("4010401022860", "abc", 2030, "悪い会")]),
        dry_run=False,
        raise_errors=False,
    )
    first, second = result.invalid_rows
    assert first.field_specific_errors["corporate_number"] == ["この法人番号の団体はすでに登録されています。"]
    assert "電話番号は" in second.field_specific_errors["contact_phone"][0]
    assert "未来の年" in second.field_specific_errors["founded_year"][0]
    assert Group.objects.count() == 1


def test_a_save_without_a_form_stores_the_canonical_forms_too():
    group = GroupFactory(corporate_number="７０００ ０１２０ ５０００２", contact_phone="（０８３）１２３－４５６７")
    group.refresh_from_db()
    assert (group.corporate_number, group.contact_phone) == (NUMBER, "083-123-4567")
