"""The directory's pages: links that carry a cursor walk every group once in order, both ways, at a fixed number of
queries whatever the size of the register (the plans at 100,000 groups: tests/perf/test_query_plans.py)."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import ActivityField, Group, GroupStatus
from groups.models.volunteers import VolunteerNeed
from groups.selectors.register import DIRECTORY_PAGE_SIZE, MAX_OFFSET_PAGE
from tests.factories.groups import AreaFactory, GroupFactory
from tests.factories.volunteers import VolunteerNeedFactory

pytestmark = pytest.mark.django_db
URL = reverse("groups:group_list")


def _bulk_groups(n: int) -> None:
    """`n` registered groups whose readings sort as their numbers, every other one recruiting volunteers (an open
    need)."""
    area = AreaFactory(name="中央")
    groups = Group.objects.bulk_create(
        Group(
            name=f"団体{i}", name_kana=f"だんたい{i:05d}", purpose="目的", activities="活動",
            representative_name="代表", contact_name="連絡", contact_email=f"g{i}@example.jp",
            status=GroupStatus.REGISTERED, registration_number=f"B{i:06d}", registered_on=f"2024-04-{1 + i % 28:02d}",
            recruiting_volunteers=i % 2 == 0,
        )
        for i in range(n)
    )  # fmt: skip
    Group.areas.through.objects.bulk_create(Group.areas.through(group_id=g.pk, area_id=area.pk) for g in groups)
    review = timezone.localdate() + dt.timedelta(days=90)
    VolunteerNeed.objects.bulk_create(
        VolunteerNeed(group=g, title="募集", place="公園", description="説明", flexible=True, review_date=review)
        for i, g in enumerate(groups)
        if i % 2 == 0
    )


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', html)
    return unescape(found.group(1)) if found else None


def _walk(client, params: dict) -> tuple[list[str], list[str]]:
    """Every page's group names following 次へ from the first page, then 前へ back from the last."""
    response = client.get(URL, params)
    forward, pages = [], []
    while True:
        names = [group.name for group in response.context["page"].groups]
        forward += names
        pages.append(names)
        html = response.content.decode()
        if not (link := _link(html, "next")):
            break
        response = client.get(link)
    backward = list(pages.pop())
    while link := _link(html, "prev"):
        response = client.get(link)
        html = response.content.decode()
        backward = [group.name for group in response.context["page"].groups] + backward
    return forward, backward


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, lambda i: True),
        ({"order": "newest"}, lambda i: True),
        ({"q": "だんたい"}, lambda i: True),
        ({"recruiting": "volunteers", "order": "newest"}, lambda i: i % 2 == 0),
    ],
    ids=["kana", "newest", "search", "recruiting, newest"],
)
def test_next_and_previous_links_walk_every_group_once_in_order(client, params, expected):
    _bulk_groups(2 * DIRECTORY_PAGE_SIZE + 5)
    GroupFactory(name="下書きの会", status=GroupStatus.DRAFT)
    order = ("-registered_on", "-id") if params.get("order") == "newest" else ("kana_sort", "id")
    names = [name for name in Group.objects.public().order_by(*order).values_list("name", flat=True)
             if expected(int(name.removeprefix("団体")))]  # fmt: skip
    forward, backward = _walk(client, params)
    assert forward == names
    assert backward == names


def test_page_numbers_follow_the_cursor_and_a_typed_page_number_is_honoured_up_to_a_bound(client):
    _bulk_groups(3 * DIRECTORY_PAGE_SIZE)
    first = client.get(URL)
    second = client.get(_link(first.content.decode(), "next"))
    assert second.context["page"].number == 2
    assert "2 / 3 ページ" in second.content.decode()
    typed = client.get(URL, {"page": 3})
    assert [g.name for g in typed.context["page"].groups] == [f"団体{i}" for i in range(40, 60)]
    assert client.get(URL, {"page": MAX_OFFSET_PAGE + 10}).context["page"].number == 3  # the last page


def test_a_cursor_that_is_not_a_public_group_gives_the_first_page(client):
    _bulk_groups(DIRECTORY_PAGE_SIZE + 5)
    draft = GroupFactory(name="下書きの会", name_kana="だんたい00010", status=GroupStatus.DRAFT)
    for params in ({"after": draft.pk}, {"before": draft.pk}, {"after": 10**12}):
        page = client.get(URL, {**params, "page": 5}).context["page"]
        assert (page.number, page.groups[0].name) == (1, "団体0"), params
    for value in ("x", "-1", "1e3", "１", "9" * 30, ""):
        assert client.get(URL, {"after": value, "before": value, "page": value}).status_code == 200


@pytest.mark.parametrize("size", [30, pytest.param(10_000, marks=pytest.mark.slow)])
def test_directory_uses_a_fixed_number_of_queries_whatever_the_size(client, django_assert_num_queries, size):
    _bulk_groups(size)
    views = {
        "search": {"q": "だんたい"},
        "1-2 character search": {"q": "たい"},
        "recruiting, newest": {"recruiting": "volunteers", "order": "newest"},
        "typed page number": {"page": 2},
    }
    # count, page of groups, the cards' field and district names (one query); plus the form's two choice lists.
    for name, params in views.items():
        with django_assert_num_queries(5):
            response = client.get(URL, params)
        assert response.context["page"].count >= size // 2, name
    first = client.get(URL, {"q": "だんたい"}).content.decode()
    with django_assert_num_queries(5):  # the page after a cursor
        response = client.get(_link(first, "next"))
    assert response.context["page"].number == 2


def test_a_card_shows_the_group_with_its_fields_districts_and_what_it_recruits(client):
    group = GroupFactory(
        name="<b>子ども&親の会</b>", name_kana="こどもとおやのかい", legal_form="npo", is_intermediate_support=True,
        purpose="あ" * 130, fields=[13, 2], recruiting_partners=True,
    )  # fmt: skip
    VolunteerNeedFactory(group=group)  # ボランティア募集中 comes from an open need
    group.areas.add(AreaFactory(name="西部", sort_order=2), AreaFactory(name="東部", sort_order=1))
    GroupFactory(name="ほかの会", name_kana="ほかのかい", fields=[7])
    html = client.get(URL).content.decode()
    start = html.index('<li class="card">')
    card = html[start : html.index("</li>", start)]
    link = reverse("groups:group_detail", args=[group.pk])
    assert f'<a href="{link}">&lt;b&gt;子ども&amp;親の会&lt;/b&gt;</a>' in card
    assert "こどもとおやのかい ・ NPO法人 ・ 中間支援組織" in card
    assert f"<p>{'あ' * 119}…</p>" in card
    badges = re.findall(r'<span class="badge">([^<]*)</span>', card)
    assert badges == ["社会教育の推進を図る活動", "子どもの健全育成を図る活動", "東部", "西部"]
    recruiting = re.findall(r'<span class="badge badge--recruit">([^<]*)</span>', card)
    assert recruiting == ["ボランティア募集中", "協働先募集中"]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(URL).content.decode()
    assert '<span class="badge badge--recruit">Recruiting volunteers</span>' in english
    assert " ・ Intermediate support organisation</p>" in english


@pytest.mark.parametrize("size", [30, 300])
def test_filtering_by_field_and_district_reads_their_lists_once(client, django_assert_num_queries, size):
    _bulk_groups(size)
    area = AreaFactory(name="中央")
    field = ActivityField.objects.get(version="2012", code=13)
    for group in Group.objects.all()[:3]:
        group.activity_fields.add(field)
    # count, page, the cards' names, the form's two lists (which also check the chosen field and district)
    with django_assert_num_queries(5):
        response = client.get(URL, {"field": field.pk, "area": area.pk})
    assert response.context["page"].count == 3
    html = response.content.decode()
    assert f'<option value="{field.pk}" selected>' in html
    assert f'<option value="{area.pk}" selected>' in html
    for value in ("0", "x", str(10**6), f"0{field.pk}"):
        response = client.get(URL, {"field": value})
        expected = 3 if value == f"0{field.pk}" else size  # a zero-padded id is still the id; others are ignored
        assert response.context["page"].count == expected, value
