"""Review management: the seal chosen per round (until one's own submission, or until staff close the review), the
staff's page of reviewer progress with reminders sent after commit, and the ranking shown only when the seal allows."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grants import selectors, services
from grants.models import ScoreSeal, Status
from groups.models import Membership
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.grants import ApplicationFactory, ReviewerFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _scores(grant_round, value):
    return {c.pk: (value, "") for c in grant_round.criteria.all()}


def _submit(reviewer, application, value=4):
    return services.scoresheet_save(
        reviewer=reviewer, application=application, points=_scores(reviewer.round, value), comment="", submit=True
    )


def _committee(seal=ScoreSeal.OWN_SUBMISSION):
    """Three reviewers, three applications under review: alice manages the first applicant (recused), bob declared
    a conflict with the second, carol has none."""
    grant_round = RoundFactory(score_seal=seal)
    first, second, third = (
        ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW, title=t) for t in ("一", "二", "三")
    )
    alice, bob, carol = (ReviewerFactory(round=grant_round, user=UserFactory(full_name=n)) for n in "ABC")
    Membership.objects.create(group=first.group, user=alice.user, role="manager")
    services.conflict_declare(reviewer=bob, application=second, reason="親族が代表")
    return grant_round, (first, second, third), (alice, bob, carol)


def test_progress_counts_assigned_conflicts_submitted_and_outstanding_per_reviewer():
    grant_round, (first, second, third), (alice, bob, carol) = _committee()
    _submit(alice, second)
    _submit(bob, first)
    _submit(bob, third)
    _submit(carol, first)
    progress = selectors.round_progress(grant_round)
    rows = {
        row.reviewer.pk: (row.assigned, row.conflicts, row.submitted, row.outstanding) for row in progress.reviewers
    }
    assert rows == {alice.pk: (2, 0, 1, 1), bob.pk: (2, 1, 2, 0), carol.pk: (3, 0, 1, 2)}
    assert progress.under_review == 3


def test_the_page_is_for_center_staff_only(client):
    grant_round, _applications, (alice, _bob, _carol) = _committee()
    url = reverse("grants:review_progress", args=[grant_round.pk])
    assert client.get(url).status_code == 302
    for user in (UserFactory(), alice.user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reviewer": ""}).status_code == 403
    client.force_login(StaffFactory())
    page = client.get(url).content.decode()
    assert "審査委員ごとの進み具合" in page
    assert client.get(reverse("grants:review_progress", args=[999999])).status_code == 404


def test_staff_remind_those_who_owe_sheets_and_the_mail_leaves_after_commit(client, worker):
    grant_round, (first, _second, third), (alice, bob, carol) = _committee()
    _submit(bob, first)
    _submit(bob, third)
    client.force_login(StaffFactory())
    url = reverse("grants:review_progress", args=[grant_round.pk])
    with worker.after():
        response = client.post(url, {"reviewer": ""}, follow=True)
    assert "2人の審査委員に督促のメールを送りました。" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.user.email, carol.user.email])
    reminder = next(m for m in mail.outbox if m.to == [carol.user.email])
    assert "3件" in reminder.body
    assert f"/grants/review/?round={grant_round.pk}&state=todo" in reminder.body
    mail.outbox.clear()
    with worker.after():
        client.post(url, {"reviewer": str(alice.pk)})
    assert [m.to for m in mail.outbox] == [[alice.user.email]]
    mail.outbox.clear()
    with worker.after():
        page = client.post(url, {"reviewer": str(bob.pk)}, follow=True).content.decode()
    assert "未提出の評価票がある審査委員はいません。" in page
    assert mail.outbox == []


def test_a_bad_reviewer_choice_is_answered_in_japanese(client):
    grant_round, _applications, _reviewers = _committee()
    client.force_login(StaffFactory())
    response = client.post(reverse("grants:review_progress", args=[grant_round.pk]), {"reviewer": "999999"})
    assert response.status_code == 200
    assert "一覧の審査委員から選んでください。" in response.content.decode()


def test_own_submission_seal_reviewers_see_others_after_their_own_and_staff_once_all_are_in(client):
    grant_round, (first, _second, third), (alice, bob, carol) = _committee(ScoreSeal.OWN_SUBMISSION)
    _submit(carol, third, 5)
    assert selectors.other_sheets_visible(bob, third) == []  # bob has not submitted
    _submit(bob, third, 3)
    assert [s.reviewer for s in selectors.other_sheets_visible(bob, third)] == [carol]
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("grants:review_progress", args=[grant_round.pk])
    page = client.get(url).content.decode()
    assert "すべての審査委員が担当する評価票を提出した後に表示されます" in page
    assert "評価点による順位" not in page
    for reviewer, application in [(alice, third), (alice, _second), (bob, first), (carol, first), (carol, _second)]:
        _submit(reviewer, application)
    page = client.get(url).content.decode()
    assert "評価点による順位" in page


def test_review_closed_seal_hides_others_and_the_ranking_until_staff_close_the_review(client):
    grant_round, (_first, _second, third), (alice, bob, carol) = _committee(ScoreSeal.REVIEW_CLOSED)
    _submit(carol, third, 5)
    _submit(bob, third, 3)
    assert selectors.other_sheets_visible(bob, third) == []  # submitted, yet sealed until the review closes
    client.force_login(bob.user)
    page = client.get(reverse("grants:review_application", args=[third.pk])).content.decode()
    assert "他の委員の評価は審査の締切後に表示されます" in page
    assert "委員1の評価" not in page
    staff = StaffFactory()
    with pytest.raises(ValidationError, match="審査を締め切るまで"):
        services.round_allocate(grant_round=grant_round)
    client.force_login(staff)
    url = reverse("grants:review_progress", args=[grant_round.pk])
    assert "順位は審査の締切後に表示されます" in client.get(url).content.decode()
    with pytest.raises(PermissionDenied):
        services.round_close_review(grant_round=grant_round, by=alice.user)
    response = client.post(
        reverse("admin:grants_round_changelist"),
        {"action": "close_review", "_selected_action": [grant_round.pk]},
        follow=True,
    )
    assert "1件の募集回の審査を締め切りました。" in response.content.decode()
    grant_round.refresh_from_db()
    assert grant_round.review_closed_at is not None
    assert [s.reviewer for s in selectors.other_sheets_visible(bob, third)] == [carol]
    assert "評価点による順位" in client.get(url).content.decode()
    with pytest.raises(ValidationError, match="審査は締め切られました"):
        _submit(alice, third)
    with pytest.raises(ValidationError, match="すでに締め切られています"):
        services.round_close_review(grant_round=grant_round, by=staff)
    with pytest.raises(ValidationError, match="督促できません"):
        services.reviewers_remind(grant_round=grant_round, by=staff)
    assert services.round_allocate(grant_round=grant_round)


def test_applicants_never_see_the_progress_or_the_ranking(client):
    grant_round, (_first, _second, third), _reviewers = _committee()
    manager = third.group.memberships.get(role="manager").user
    client.force_login(manager)
    assert client.get(reverse("grants:review_progress", args=[grant_round.pk])).status_code == 403


@pytest.mark.parametrize("size", [2, 8])
def test_the_progress_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    grant_round = RoundFactory(score_seal=ScoreSeal.OWN_SUBMISSION)
    applications = [ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW) for _ in range(size)]
    reviewers = [ReviewerFactory(round=grant_round) for _ in range(size)]
    for reviewer in reviewers:
        for application in applications:
            _submit(reviewer, application)
    services.conflict_declare(reviewer=reviewers[0], application=applications[0], reason="役員")
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(18):
        page = client.get(reverse("grants:review_progress", args=[grant_round.pk])).content.decode()
    assert "評価点による順位" in page  # the ranking's queries are counted too
