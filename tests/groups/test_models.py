import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from groups.models import ActivityField, Group, GroupStatus
from groups.validators import validate_corporate_number, validate_kana
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["7000012050002", "1180301018771", "4010401022860"])
def test_real_corporate_numbers_pass_the_check_digit(number):
    validate_corporate_number(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("8000012050002", "チェックディジット"),
        ("700001205000", "13桁"),
        ("７０００１２０５０００２", "13桁"),
        ("70000120500O2", "13桁"),
    ],
)
def test_bad_corporate_numbers_are_refused_with_a_reason(number, message):
    with pytest.raises(ValidationError, match=message):
        validate_corporate_number(number)


@pytest.mark.parametrize("reading", ["みどりのかい", "ミドリノカイ", "えぬぴーおー みどり", "ﾐﾄﾞﾘ"])
def test_kana_readings_accept_hiragana_and_katakana(reading):
    validate_kana(reading)


def test_kana_reading_refuses_kanji():
    with pytest.raises(ValidationError, match="ひらがな又はカタカナ"):
        validate_kana("緑の会")


def test_the_twenty_npo_act_fields_are_loaded_as_a_versioned_code_list():
    fields = ActivityField.objects.filter(version="2012")
    assert fields.count() == 20
    assert fields.get(code=19).name.startswith("前各号に掲げる活動を行う団体の運営")


def test_search_text_folds_width_kana_and_case():
    group = GroupFactory(name="ＮＰＯ法人 みどりの会", name_kana="ミドリノカイ", activities="ｶﾀｶﾅ Cleanup")
    group.refresh_from_db()
    assert "npo法人" in group.search_text
    assert "みどりのかい" in group.search_text
    assert "かたかな cleanup" in group.search_text
    assert group.kana_sort == "みどりのかい"


def test_registered_group_needs_a_registration_number():
    with pytest.raises(IntegrityError):
        GroupFactory(status=GroupStatus.REGISTERED, registration_number=None, registered_on=None)


def test_status_outside_the_choices_is_refused_by_the_database():
    group = GroupFactory()
    with pytest.raises(IntegrityError):
        Group.objects.filter(pk=group.pk).update(status="approved")


def test_corporate_number_is_unique_but_blank_is_allowed_many_times():
    GroupFactory(corporate_number="")
    GroupFactory(corporate_number="")
    GroupFactory(corporate_number="7000012050002")
    with pytest.raises(IntegrityError):
        GroupFactory(corporate_number="7000012050002")


def test_public_value_hides_unconsented_personal_fields():
    group = GroupFactory.build(contact_phone="083-000-0000", publish_contact_phone=False, contact_name="連絡 花子",
                               publish_contact_name=True)  # fmt: skip
    assert group.public_value("contact_phone") == ""
    assert group.public_value("contact_name") == "連絡 花子"
    with pytest.raises(ValueError, match="not a personal field"):
        group.public_value("name")


def test_legal_form_and_corporate_number_must_agree():
    incorporated = GroupFactory.build(legal_form="npo", corporate_number="")
    with pytest.raises(ValidationError, match="法人の場合は法人番号"):
        incorporated.full_clean()
    unincorporated = GroupFactory.build(legal_form="voluntary", corporate_number="7000012050002")
    with pytest.raises(ValidationError, match="法人格のない団体"):
        unincorporated.full_clean()
