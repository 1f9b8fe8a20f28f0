"""What the register's forms show before anything is typed: required marks, empty options, help in the reader's
language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from groups.models import Group
from tests.factories.accounts import UserFactory
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db


def _field_html(html: str, name: str) -> str:
    match = re.search(rf'<div class="field[^"]*">(?:(?!<div class="field).)*?name="{name}".*?</div>', html, re.S)
    assert match, name
    return match.group(0)


def test_required_fields_carry_the_attribute_and_a_visible_mark_inside_their_label(client):
    assert client.get(reverse("groups:group_create")).status_code == 302  # anonymous: sent to sign in
    client.force_login(UserFactory())
    html = client.get(reverse("groups:group_create")).content.decode()
    for name in ("name", "name_kana", "purpose", "representative_name", "contact_email"):
        field = _field_html(html, name)
        assert re.search(rf'<label for="id_{name}">[^<]+ <span class="required-mark">必須</span></label>', field)
        assert re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*\brequired\b', field), name
    for name in ("fees", "founded_year", "contact_phone", "publish_contact_phone"):
        field = _field_html(html, name)
        assert "必須" not in field
        assert not re.search(r"\brequired\b", field), name


def test_the_required_mark_is_english_for_an_english_reader(client):
    client.force_login(UserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("groups:group_create")).content.decode()
    assert '<span class="required-mark">Required</span>' in html
    assert "必須" not in html


def test_needs_selects_offer_a_japanese_empty_option(client):
    manager, group = manager_with_group()
    listing = client.get(reverse("groups:need_list")).content.decode()
    client.force_login(manager)
    form = client.get(reverse("groups:need_create", args=[group.pk])).content.decode()
    for html in (listing, form):
        assert "Select an option" not in html
        assert "---------" not in html
    assert listing.count('<option value="" selected>すべて</option>') == 2
    assert '<option value="" selected>（選択してください）</option>' in form


def test_tag_help_text_follows_the_readers_language(client):
    manager, group = manager_with_group()
    client.force_login(manager)
    url = reverse("groups:need_create", args=[group.pk])
    assert "「、」またはカンマで区切って入力してください（1つ" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Separate with 「、」 or commas (up to" in english
    assert "区切って" not in english
    assert "- Select an option -" in english
    profile = client.get(reverse("groups:volunteer_profile")).content.decode()
    assert "Separate with 「、」 or commas (up to" in profile


def test_each_publish_box_follows_the_field_it_publishes(client):
    client.force_login(UserFactory())
    html = client.get(reverse("groups:group_create")).content.decode()
    personal = re.findall(r'name="((?:publish_)?(?:representative|contact)_\w+)"', html)
    expected = [n for name in Group.PERSONAL_FIELDS for n in (name, f"publish_{name}")]
    assert personal == expected
    label = re.search(r'<label for="id_publish_contact_phone">([^<]+)</label>', html)
    assert label
    assert label.group(1) == "連絡先電話番号を公開する"
