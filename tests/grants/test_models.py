import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from grants.models import TRANSITIONS, BudgetLine, Score, ScoreSheet, Status
from tests.factories.grants import ApplicationFactory, ReviewerFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _violates(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_every_status_is_in_the_transition_table_and_targets_are_statuses():
    assert set(TRANSITIONS) == set(Status.values)
    for targets in TRANSITIONS.values():
        assert targets <= set(Status.values)


def test_database_refuses_invalid_status_and_negative_amounts():
    application = ApplicationFactory()
    from grants.models import Application

    _violates(lambda: Application.objects.filter(pk=application.pk).update(status="bogus"))
    _violates(lambda: Application.objects.filter(pk=application.pk).update(requested_amount=-1))
    _violates(
        lambda: BudgetLine.objects.create(application=application, kind="expense", category="supplies", amount=-5)
    )


def test_award_cannot_exceed_request_nor_final_exceed_award():
    application = ApplicationFactory(status=Status.ACCEPTED, requested_amount=100_000, awarded_amount=100_000)
    from grants.models import Application

    _violates(lambda: Application.objects.filter(pk=application.pk).update(awarded_amount=100_001))
    _violates(lambda: Application.objects.filter(pk=application.pk).update(final_amount=100_001))


def test_rate_must_be_a_proper_fraction_and_period_ordered():
    now = timezone.now()
    _violates(lambda: RoundFactory(rate_numerator=4, rate_denominator=3, criteria=False))
    _violates(lambda: RoundFactory(opens_at=now, closes_at=now - dt.timedelta(days=1), criteria=False))
    with pytest.raises(ValidationError):
        RoundFactory.build(rate_numerator=0, programme=RoundFactory(criteria=False).programme).full_clean()


def test_one_live_application_per_group_and_round_but_withdrawn_does_not_block():
    first = ApplicationFactory(status=Status.WITHDRAWN)
    ApplicationFactory(round=first.round, group=first.group)
    _violates(lambda: ApplicationFactory(round=first.round, group=first.group))


def test_score_points_checked_against_max_by_the_database():
    reviewer = ReviewerFactory()
    application = ApplicationFactory(round=reviewer.round, status=Status.UNDER_REVIEW)
    sheet = ScoreSheet.objects.create(reviewer=reviewer, application=application)
    criterion = reviewer.round.criteria.first()
    _violates(lambda: Score.objects.create(sheet=sheet, criterion=criterion, points=6, max_points=5))
    Score.objects.create(sheet=sheet, criterion=criterion, points=5, max_points=5)


def test_eligible_flag_only_on_expenses():
    application = ApplicationFactory()
    _violates(
        lambda: BudgetLine.objects.create(
            application=application, kind="income", category="own_funds", amount=1, eligible=True
        )
    )


@pytest.mark.parametrize("from_status", Status.values)
def test_every_move_follows_the_table(from_status):
    from django.core.exceptions import ValidationError

    from grants.models import Application
    from grants.services._workflow import move

    application = ApplicationFactory(status=from_status, submitted_at=timezone.now())
    for to in Status.values:
        Application.objects.filter(pk=application.pk).update(status=from_status)
        application.refresh_from_db()
        if to in TRANSITIONS[from_status]:
            move(application, to=to, by=None, notify=False)
            assert application.status_changes.latest("id").to_status == to
        else:
            with pytest.raises(ValidationError):
                move(application, to=to, by=None, notify=False)
            application.refresh_from_db()
            assert application.status == from_status
