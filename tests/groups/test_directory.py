"""The directory's pages: links that carry a cursor walk every group once in order, both ways, at a fixed number of
queries whatever the size of the register (the plans at 100,000 groups: tests/perf/test_query_plans.py)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from groups.models import Group, GroupStatus
from groups.selectors.register import DIRECTORY_PAGE_SIZE, MAX_OFFSET_PAGE
from tests.factories.groups import AreaFactory, GroupFactory

pytestmark = pytest.mark.django_db
URL = reverse("groups:group_list")


def _bulk_groups(n: int) -> None:
    """`n` registered groups whose readings sort as their numbers, every other one recruiting volunteers."""
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
    # count, page of groups, activity fields prefetch, areas prefetch; plus the form's two choice lists.
    for name, params in views.items():
        with django_assert_num_queries(6):
            response = client.get(URL, params)
        assert response.context["page"].count >= size // 2, name
    first = client.get(URL, {"q": "だんたい"}).content.decode()
    with django_assert_num_queries(6):  # the page after a cursor
        response = client.get(_link(first, "next"))
    assert response.context["page"].number == 2
