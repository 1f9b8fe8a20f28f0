import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from grants import selectors, services
from grants.models import Status
from groups.models import Membership
from tests.factories.accounts import UserFactory
from tests.factories.grants import ApplicationFactory, ReviewerFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _scores(grant_round, value, comment=""):
    return {c.pk: (value, comment) for c in grant_round.criteria.all()}


def _under_review(grant_round, **kwargs):
    return ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW, **kwargs)


@pytest.fixture
def grant_round():
    return RoundFactory()


def test_reviewer_belonging_to_an_applying_group_is_recused_automatically(grant_round):
    reviewer = ReviewerFactory(round=grant_round)
    mine = _under_review(grant_round)
    Membership.objects.create(group=mine.group, user=reviewer.user, role="member")
    other = _under_review(grant_round)
    assert list(selectors.reviewer_applications(reviewer.user)) == [other]
    assert selectors.is_recused(reviewer, mine)
    with pytest.raises(Http404):
        selectors.application_for_reviewer(reviewer.user, mine.pk)
    with pytest.raises(PermissionDenied):
        services.scoresheet_save(
            reviewer=reviewer, application=mine, points=_scores(grant_round, 3), comment="", submit=True
        )


def test_declared_conflict_recuses_from_that_application_only(grant_round):
    reviewer = ReviewerFactory(round=grant_round)
    first, second = _under_review(grant_round), _under_review(grant_round)
    services.conflict_declare(reviewer=reviewer, application=first, reason="代表者が親族")
    assert list(selectors.reviewer_applications(reviewer.user)) == [second]
    with pytest.raises(Http404):
        selectors.application_for_reviewer(reviewer.user, first.pk)
    with pytest.raises(ValidationError):
        services.conflict_declare(reviewer=reviewer, application=first, reason="重複")


def test_non_reviewers_and_reviewers_of_other_rounds_reach_nothing(grant_round):
    application = _under_review(grant_round)
    ReviewerFactory()  # another round
    for user in (UserFactory(), ReviewerFactory().user):
        with pytest.raises(Http404):
            selectors.application_for_reviewer(user, application.pk)


def test_drafts_are_not_shown_to_reviewers(grant_round):
    reviewer = ReviewerFactory(round=grant_round)
    ApplicationFactory(round=grant_round, status=Status.SUBMITTED)
    assert not selectors.reviewer_applications(reviewer.user).exists()


def test_scores_are_sealed_until_the_reviewer_submits(grant_round):
    alice, bob = ReviewerFactory(round=grant_round), ReviewerFactory(round=grant_round)
    application = _under_review(grant_round)
    services.scoresheet_save(
        reviewer=bob, application=application, points=_scores(grant_round, 4), comment="良い", submit=True
    )
    services.scoresheet_save(
        reviewer=alice, application=application, points=_scores(grant_round, 2), comment="", submit=False
    )
    assert selectors.other_sheets_visible(alice, application) == []
    services.scoresheet_save(
        reviewer=alice, application=application, points=_scores(grant_round, 3), comment="", submit=True
    )
    visible = selectors.other_sheets_visible(alice, application)
    assert [s.reviewer for s in visible] == [bob]
    assert {s.points for s in visible[0].scores.all()} == {4}
    with pytest.raises(ValidationError):  # submitted sheets are final
        services.scoresheet_save(
            reviewer=alice, application=application, points=_scores(grant_round, 5), comment="", submit=True
        )


def test_points_outside_zero_to_max_and_missing_points_are_refused(grant_round):
    reviewer = ReviewerFactory(round=grant_round)
    application = _under_review(grant_round)
    with pytest.raises(ValidationError) as info:
        services.scoresheet_save(
            reviewer=reviewer, application=application, points=_scores(grant_round, 6), comment="", submit=True
        )
    assert "0〜5 点" in " ".join(info.value.messages)
    with pytest.raises(ValidationError, match="得点を入力"):
        services.scoresheet_save(reviewer=reviewer, application=application, points={}, comment="", submit=True)


def test_ranking_is_weighted_mean_over_non_recused_reviewers():
    grant_round = RoundFactory(criteria=[("公益性", 2, 10), ("実現性", 1, 5)])
    first, second, third = (ReviewerFactory(round=grant_round) for _ in range(3))
    application = _under_review(grant_round)
    public, feasible = grant_round.criteria.all()
    services.scoresheet_save(
        reviewer=first,
        application=application,
        points={public.pk: (10, ""), feasible.pk: (5, "")},
        comment="",
        submit=True,
    )  # (2*10 + 1*5) / 25 = 100
    services.scoresheet_save(
        reviewer=second,
        application=application,
        points={public.pk: (5, ""), feasible.pk: (0, "")},
        comment="",
        submit=True,
    )  # 10 / 25 = 40
    services.scoresheet_save(
        reviewer=third,
        application=application,
        points={public.pk: (0, ""), feasible.pk: (0, "")},
        comment="",
        submit=True,
    )
    services.conflict_declare(reviewer=third, application=application, reason="後から判明")
    ranked = selectors.round_ranking(grant_round)
    assert str(ranked[0].score) == "70.00"
    assert ranked[0].sheets == 2


def test_allocation_awards_in_rank_order_offers_remainder_at_cut_off_and_declines_the_rest():
    result = selectors.allocate([(1, 400, True), (2, 400, True), (3, 300, True), (4, 100, True)], 1000)
    assert result == {1: ("awarded", 400), 2: ("awarded", 400), 3: ("runner_up", 200), 4: ("declined", 0)}
    assert selectors.allocate([(1, 500, True), (2, 100, True)], 500) == {1: ("awarded", 500), 2: ("declined", 0)}
    assert selectors.allocate([(1, 100, False)], 500) == {1: ("declined", 0)}


def test_full_round_ties_go_to_the_smaller_request_then_staff_confirm_and_letters_go_out(staff, worker):
    grant_round = RoundFactory(budget=500_000)
    reviewer = ReviewerFactory(round=grant_round)
    big = _under_review(grant_round, requested_amount=300_000, title="大")
    small = _under_review(grant_round, requested_amount=250_000, title="小")
    low = _under_review(grant_round, requested_amount=100_000, title="低")
    for application, value in ((big, 4), (small, 4), (low, 2)):
        services.scoresheet_save(
            reviewer=reviewer, application=application, points=_scores(grant_round, value), comment="", submit=True
        )
    ranked = services.round_allocate(grant_round=grant_round)
    assert [r.application.title for r in ranked] == ["小", "大", "低"]
    with worker.after():
        services.round_confirm_decisions(grant_round=grant_round, by=staff)
    for application in (big, small, low):
        application.refresh_from_db()
    assert (small.status, small.awarded_amount) == (Status.AWARDED, 250_000)
    assert (big.status, big.awarded_amount) == (Status.RUNNER_UP, 250_000)
    assert (low.status, low.awarded_amount) == (Status.DECLINED, None)
    assert "次点" in big.decision_letter
    assert "250,000円" in big.decision_letter
    assert len([m for m in mail.outbox if "審査結果" in m.subject]) == 3
    assert small.decided_at <= timezone.now()


def test_confirm_needs_proposals_first(staff, grant_round):
    _under_review(grant_round)
    with pytest.raises(ValidationError):
        services.round_confirm_decisions(grant_round=grant_round, by=staff)


def test_runner_up_may_accept_the_remainder(grant_round):
    application = ApplicationFactory(round=grant_round, status=Status.RUNNER_UP, awarded_amount=50_000)
    user = application.group.memberships.get().user
    services.application_accept_award(application=application, user=user)
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


def test_appointing_twice_is_refused(grant_round):
    user = UserFactory()
    services.reviewer_appoint(grant_round=grant_round, user=user, role="expert")
    assert user.groups.filter(name="grant_reviewers").exists()
    with pytest.raises(ValidationError):
        services.reviewer_appoint(grant_round=grant_round, user=user, role="citizen")


def test_confirm_refuses_proposals_over_the_budget_or_the_request(staff):
    grant_round = RoundFactory(budget=300_000)
    first = _under_review(grant_round, requested_amount=200_000, proposed_outcome="awarded", proposed_amount=200_000)
    second = _under_review(grant_round, requested_amount=200_000, proposed_outcome="awarded", proposed_amount=200_000)
    with pytest.raises(ValidationError, match="予算額"):
        services.round_confirm_decisions(grant_round=grant_round, by=staff)
    second.proposed_amount = 250_000
    second.save()
    with pytest.raises(ValidationError, match="申請額以下"):
        services.round_confirm_decisions(grant_round=grant_round, by=staff)
    second.proposed_outcome, second.proposed_amount = "runner_up", 100_000
    second.save()
    services.round_confirm_decisions(grant_round=grant_round, by=staff)
    first.refresh_from_db()
    assert first.status == Status.AWARDED


def test_confirm_counts_a_decided_application_without_an_amount_as_nothing(staff):
    # The column is nullable (a record kept from paper, an import): the budget check must not fail on it.
    grant_round = RoundFactory(budget=300_000)
    ApplicationFactory(round=grant_round, status=Status.AWARDED, awarded_amount=None)
    pending = _under_review(grant_round, requested_amount=200_000, proposed_outcome="awarded", proposed_amount=200_000)
    services.round_confirm_decisions(grant_round=grant_round, by=staff)
    pending.refresh_from_db()
    assert (pending.status, pending.awarded_amount) == (Status.AWARDED, 200_000)


def test_sheets_of_recused_reviewers_stay_hidden_from_the_others(grant_round, client, django_assert_num_queries):
    alice, member, declared, bob = (ReviewerFactory(round=grant_round) for _ in range(4))
    application = _under_review(grant_round)
    for reviewer in (member, declared, bob, alice):
        services.scoresheet_save(
            reviewer=reviewer, application=application, points=_scores(grant_round, 3), comment="", submit=True
        )
    Membership.objects.create(group=application.group, user=member.user, role="member")  # joined after scoring
    services.conflict_declare(reviewer=declared, application=application, reason="後から判明")
    visible = selectors.other_sheets_visible(alice, application)
    assert [sheet.reviewer for sheet in visible] == [bob]
    assert [s.reviewer for s in selectors.other_sheets_visible(alice, application, own_submitted=True)] == [bob]
    assert selectors.other_sheets_visible(alice, application, own_submitted=False) == []
    client.force_login(alice.user)
    url = reverse("grants:review_application", args=[application.pk])
    client.get(url)
    # session, user, application, seat, own sheet + scores, criteria, budget lines, attachments, answers to the
    # round's questions, others + scores
    with django_assert_num_queries(12):
        page = client.get(url).content.decode()
    assert "委員1の評価" in page  # bob's sheet, unnamed
    assert "委員2の評価" not in page
