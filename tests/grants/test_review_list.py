"""The reviewer's list: 50 applications a page, filters and order kept in the page links, the reviewer's progress on
top, and the same number of queries whatever the number of applications."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, Reviewer, ScoreSheet, Status
from groups.models import Group, Membership
from tests.factories.accounts import UserFactory
from tests.factories.grants import ProgrammeFactory, RoundFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db

URL = reverse("grants:review_list")


def _applications(grant_round, n, *, status=Status.UNDER_REVIEW, start=0):
    groups = Group.objects.bulk_create([GroupFactory.build() for _ in range(n)])
    return Application.objects.bulk_create(
        [
            Application(
                round=grant_round,
                group=group,
                title=f"事業{start + i:03d}",
                status=status,
                submitted_at=timezone.now(),
                requested_amount=1000 * (start + i + 1),
            )
            for i, group in enumerate(groups)
        ]
    )


def _submit(reviewer, applications):
    ScoreSheet.objects.bulk_create(
        [ScoreSheet(reviewer=reviewer, application=a, submitted_at=timezone.now()) for a in applications]
    )


@pytest.fixture
def reviewer(client):
    user = UserFactory()
    grant_round = RoundFactory(programme=ProgrammeFactory(name="市民活動促進補助金"), title="第1回")
    seat = Reviewer.objects.create(round=grant_round, user=user, role="citizen")
    client.force_login(user)
    return seat


def _titles(response):
    return [application.title for application in response.context["page"]]


def test_fifty_a_page_with_links_that_keep_the_filters(client, reviewer):
    _applications(reviewer.round, 60)
    first = client.get(URL, {"state": "todo", "order": "title"})
    assert first.status_code == 200
    assert _titles(first) == [f"事業{i:03d}" for i in range(50)]
    html = first.content.decode()
    next_link = re.search(r'href="\?([^"]*)" rel="next"', html)
    assert next_link, "a plain link to the next page, usable without JavaScript"
    query = next_link.group(1).replace("&amp;", "&")
    assert set(query.split("&")) == {"state=todo", "order=title", "page=2"}
    second = client.get(f"{URL}?{query}")
    assert _titles(second) == [f"事業{i:03d}" for i in range(50, 60)]
    assert 'rel="prev"' in second.content.decode()


def test_progress_on_top_counts_what_is_under_review(client, reviewer):
    under_review = _applications(reviewer.round, 7)
    _applications(reviewer.round, 2, status=Status.AWARDED, start=7)  # decided: listed, no longer to score
    _submit(reviewer, under_review[:3])
    recused = under_review[6]
    Membership.objects.create(group=recused.group, user=reviewer.user, role="member")
    response = client.get(URL)
    progress = response.context["progress"]
    assert (progress.scored, progress.total, progress.remaining) == (3, 6, 3)
    html = response.content.decode()
    assert html.index("採点済み 3件 / 対象 6件（未提出 3件）") < html.index("<table>")
    assert response.context["page"].paginator.count == 8
    assert recused.title not in html


def test_filters_by_round_state_and_order(client, reviewer):
    other_round = RoundFactory(programme=reviewer.round.programme, title="第2回")
    Reviewer.objects.create(round=other_round, user=reviewer.user, role="citizen")
    first = _applications(reviewer.round, 3)
    second = _applications(other_round, 4, start=3)
    _submit(reviewer, [first[0], second[0]])
    in_round = client.get(URL, {"round": other_round.pk})
    assert _titles(in_round) == ["事業003", "事業004", "事業005", "事業006"]
    assert in_round.context["progress"].total == 4
    assert "採点の進み具合（市民活動促進補助金 第2回）" in in_round.content.decode()
    assert _titles(client.get(URL, {"state": "done"})) == ["事業000", "事業003"]
    assert _titles(client.get(URL, {"state": "todo", "round": reviewer.round.pk})) == ["事業001", "事業002"]
    assert _titles(client.get(URL, {"order": "amount"}))[:2] == ["事業006", "事業005"]


def test_other_rounds_and_bad_parameters_show_the_whole_list(client, reviewer):
    _applications(reviewer.round, 2)
    not_mine = RoundFactory()
    for params in ({"round": not_mine.pk}, {"round": "x", "state": "?", "order": "-id", "page": "zz"}, {"page": 99}):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert len(_titles(response)) == 2


def _count(client, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"state": "todo", "order": "amount", "page": "2"}])
def test_the_same_queries_at_two_sizes(client, reviewer, django_assert_num_queries, params):
    second_round = RoundFactory(programme=reviewer.round.programme, title="第2回")
    Reviewer.objects.create(round=second_round, user=reviewer.user, role="citizen")
    _submit(reviewer, _applications(reviewer.round, 55)[:5])
    _count(client, params)  # warms the per-process caches (content types)
    small = _count(client, params)
    for grant_round in (reviewer.round, second_round):
        _submit(reviewer, _applications(grant_round, 150, start=100)[:20])
    with django_assert_num_queries(small):
        response = client.get(URL, params)
    page = response.context["page"]
    assert page.paginator.count > 300
    assert len(page.object_list) == 50
