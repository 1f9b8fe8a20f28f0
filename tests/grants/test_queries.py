"""List pages run a fixed number of queries whatever the data size."""

import pytest
from django.urls import reverse
from django.utils import timezone

from civic_portal.accounts.models import User
from grants.models import Application, OtherFunderGrant, Reviewer, Round, Status
from groups.models import ActivityField, Group, Membership
from tests.factories.accounts import UserFactory
from tests.factories.grants import ProgrammeFactory, RoundFactory
from tests.factories.groups import GroupFactory, manager_with_group

pytestmark = pytest.mark.django_db


def _rounds(n, **kwargs):
    programme = ProgrammeFactory()
    template = RoundFactory.build(programme=programme)
    return Round.objects.bulk_create(
        [
            Round(
                programme=programme,
                title=f"募集{i}",
                category="activity",
                fiscal_year=2026,
                budget=1_000_000,
                max_per_award=300_000,
                opens_at=template.opens_at,
                closes_at=template.closes_at,
                guidelines="要項",
                **kwargs,
            )
            for i in range(n)
        ]
    )


def _groups(n, managers=()):
    groups = Group.objects.bulk_create([GroupFactory.build() for _ in range(n)])
    Membership.objects.bulk_create([Membership(group=g, user=u, role="manager") for g in groups for u in managers])
    return groups


def _users(n):
    start = User.objects.count()
    return User.objects.bulk_create([User(email=f"bulk{start + i}@example.jp", full_name=f"委員{i}") for i in range(n)])


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["grants:programme_list", "grants:funder_list", "grants:results"])
def test_public_lists_do_not_grow_with_data(client, django_assert_num_queries, url_name):
    def fill(n):
        rounds = _rounds(n, results_published=True, results_published_at=timezone.now())
        groups = _groups(n)
        Application.objects.bulk_create(
            [
                Application(
                    round=r,
                    group=g,
                    title="事業",
                    status=Status.ACCEPTED,
                    submitted_at=timezone.now(),
                    requested_amount=100,
                    awarded_amount=100,
                )
                for r, g in zip(rounds, groups, strict=True)
            ]
        )
        Reviewer.objects.bulk_create(
            [Reviewer(round=r, user=u, role="citizen") for r, u in zip(rounds, _users(n), strict=True)]
        )
        funders = OtherFunderGrant.objects.bulk_create(
            [
                OtherFunderGrant(funder_kind="company", funder_name="企業", title=f"助成{i}", url="https://example.org")
                for i in range(n)
            ]
        )
        field = ActivityField.objects.get(version="2012", code=1)
        for funder in funders:
            funder.fields.add(field)

    url = reverse(url_name)
    fill(2)
    client.get(url)  # the results page builds its stored body for the data it finds; the next request is served
    small = _count(client, url)
    fill(20)
    client.get(url)
    large = _count(client, url)
    assert small == large
    with django_assert_num_queries(large):
        client.get(url)


def test_my_applications_and_review_list_do_not_grow(client, django_assert_num_queries):
    user, _group = manager_with_group()
    reviewer_user = UserFactory()
    client.force_login(user)

    def fill(n):
        rounds = _rounds(n)
        groups = _groups(n, managers=[user])
        Application.objects.bulk_create(
            [
                Application(
                    round=r,
                    group=g,
                    title="事業",
                    status=Status.UNDER_REVIEW,
                    submitted_at=timezone.now(),
                    requested_amount=100,
                )
                for r, g in zip(rounds, groups, strict=True)
            ]
        )
        Reviewer.objects.bulk_create([Reviewer(round=r, user=reviewer_user, role="expert") for r in rounds])

    counts = []
    for n in (2, 15):
        fill(n)
        client.force_login(user)
        mine = _count(client, reverse("grants:application_list"))
        client.force_login(reviewer_user)
        review = _count(client, reverse("grants:review_list"))
        counts.append((mine, review))
    assert counts[0] == counts[1]
    client.force_login(user)
    with django_assert_num_queries(counts[1][0]):
        client.get(reverse("grants:application_list"))
