import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from grants import services
from grants.models import ApplicationStatusChange, LineStage, Status
from groups.models import GroupStatus
from tests.factories.accounts import UserFactory
from tests.factories.grants import ApplicationFactory, RoundFactory, add_lines, manager_of
from tests.factories.groups import GroupFactory, manager_with_group

pytestmark = pytest.mark.django_db
TOKYO = dt.timezone(dt.timedelta(hours=9))
EXPENSES = [{"kind": "expense", "category": "supplies", "amount": 300_000, "eligible": True}]
INCOME = [{"kind": "income", "category": "own_funds", "amount": 100_000}]
PLAN = {
    "title": "子ども食堂",
    "purpose": "孤食を防ぐ",
    "content": "月2回",
    "schedule": "通年",
    "expected_results": "延べ500人",
}


def _fixed_round(**kwargs):
    return RoundFactory(
        opens_at=dt.datetime(2026, 5, 1, 9, 0, tzinfo=TOKYO),
        closes_at=dt.datetime(2026, 6, 1, 17, 0, tzinfo=TOKYO),
        **kwargs,
    )


def _draft(grant_round, **fields):
    user, group = manager_with_group()
    application = services.application_save_draft(
        user=user,
        grant_round=grant_round,
        group=group,
        fields={**PLAN, "requested_amount": 200_000, **fields},
        lines=EXPENSES + INCOME,
    )
    return user, application


def test_save_draft_then_resume_keeps_plan_and_lines():
    user, application = _draft(RoundFactory())
    assert application.status == Status.DRAFT
    services.application_save_draft(
        user=user,
        grant_round=application.round,
        group=application.group,
        application=application,
        fields={**PLAN, "title": "改題", "requested_amount": 150_000},
        lines=[{**EXPENSES[0], "amount": 225_000}, {**INCOME[0], "amount": 75_000}],
    )
    application.refresh_from_db()
    assert application.title == "改題"
    assert sorted(application.budget_lines.values_list("amount", flat=True)) == [75_000, 225_000]


def test_only_a_manager_of_a_registered_group_may_apply():
    grant_round = RoundFactory()
    outsider = UserFactory()
    group = GroupFactory(managers=[UserFactory()])
    with pytest.raises(PermissionDenied):
        services.application_save_draft(user=outsider, grant_round=grant_round, group=group, fields=PLAN, lines=[])
    user = UserFactory()
    pending = GroupFactory(status=GroupStatus.SUBMITTED, managers=[user])
    with pytest.raises(PermissionDenied):
        services.application_save_draft(user=user, grant_round=grant_round, group=pending, fields=PLAN, lines=[])


def test_submit_inside_the_call_period_sets_status_logs_and_emails(worker):
    grant_round = _fixed_round()
    with time_machine.travel(dt.datetime(2026, 5, 10, 12, 0, tzinfo=TOKYO), tick=False):
        user, application = _draft(grant_round)
        with worker.after():
            services.application_submit(application=application, user=user)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.submitted_at == dt.datetime(2026, 5, 10, 12, 0, tzinfo=TOKYO)
    change = ApplicationStatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == (Status.DRAFT, Status.SUBMITTED, user)
    assert application.group.contact_email in mail.outbox[-1].to
    assert "申請済" in mail.outbox[-1].subject


@pytest.mark.parametrize(
    ("moment", "phrase"),
    [
        (dt.datetime(2026, 6, 1, 17, 0, tzinfo=TOKYO), "過ぎた"),  # exactly at the close: too late
        (dt.datetime(2026, 7, 1, 9, 0, tzinfo=TOKYO), "過ぎた"),
        (dt.datetime(2026, 4, 30, 23, 59, tzinfo=TOKYO), "募集開始前"),
    ],
)
def test_submit_outside_the_call_period_is_refused_and_the_draft_is_intact(moment, phrase):
    grant_round = _fixed_round()
    with time_machine.travel(dt.datetime(2026, 5, 10, tzinfo=TOKYO), tick=False):
        user, application = _draft(grant_round)
    with time_machine.travel(moment, tick=False), pytest.raises(ValidationError) as info:
        services.application_submit(application=application, user=user)
    assert phrase in info.value.messages[0]
    assert "下書きは保存されています" in info.value.messages[0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.title == PLAN["title"]
    assert application.budget_lines.count() == 2


def test_one_second_before_the_close_is_in_time():
    grant_round = _fixed_round()
    with time_machine.travel(dt.datetime(2026, 6, 1, 16, 59, 59, tzinfo=TOKYO), tick=False):
        user, application = _draft(grant_round)
        application = services.application_submit(application=application, user=user)
    assert application.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("requested", "lines", "message"),
    [
        (350_000, [{**EXPENSES[0], "amount": 600_000}, {**INCOME[0], "amount": 250_000}], "上限額"),
        (200_001, [{**EXPENSES[0], "amount": 300_000}, {**INCOME[0], "amount": 99_999}], "2/3"),
        (150_000, [{**EXPENSES[0], "amount": 300_000}, {**INCOME[0], "amount": 100_000}], "一致"),
        (0, EXPENSES, "申請額を入力"),
        (100_000, INCOME, "支出の明細"),
    ],
)
def test_submit_refuses_amounts_out_of_range_with_a_clear_message(requested, lines, message):
    user, application = _draft(RoundFactory(), requested_amount=requested)
    services.application_save_draft(
        user=user,
        grant_round=application.round,
        group=application.group,
        application=application,
        fields={**PLAN, "requested_amount": requested},
        lines=lines,
    )
    with pytest.raises(ValidationError) as info:
        services.application_submit(application=application, user=user)
    assert any(message in m for m in info.value.messages)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_ineligible_cost_does_not_count_towards_the_two_thirds():
    user, application = _draft(RoundFactory())
    services.application_save_draft(
        user=user,
        grant_round=application.round,
        group=application.group,
        application=application,
        fields={**PLAN, "requested_amount": 200_000},
        lines=[
            {"kind": "expense", "category": "supplies", "amount": 150_000, "eligible": True},
            {"kind": "expense", "category": "food", "amount": 150_000, "eligible": False},
            INCOME[0],
        ],
    )
    with pytest.raises(ValidationError, match="100,000円 以内"):
        services.application_submit(application=application, user=user)


def test_minimum_years_active_and_required_plan_fields():
    grant_round = RoundFactory(min_years_active=3, fiscal_year=2026)
    user, application = _draft(grant_round, purpose="")
    with pytest.raises(ValidationError) as info:
        services.application_submit(application=application, user=user)
    text = " ".join(info.value.messages)
    assert "事業の目的" in text
    assert "3年以上" in text


def test_negative_amounts_refused_by_the_service():
    user, group = manager_with_group()
    with pytest.raises(ValidationError):
        services.application_save_draft(
            user=user,
            grant_round=RoundFactory(),
            group=group,
            fields={**PLAN, "requested_amount": 1},
            lines=[{**EXPENSES[0], "amount": -1}],
        )


def test_returned_application_can_be_edited_and_resubmitted_even_after_the_close(staff, worker):
    grant_round = _fixed_round()
    with time_machine.travel(dt.datetime(2026, 5, 10, tzinfo=TOKYO), tick=False):
        user, application = _draft(grant_round)
        services.application_submit(application=application, user=user)
    with pytest.raises(ValidationError):  # read-only after submission
        services.application_save_draft(
            user=user,
            grant_round=grant_round,
            group=application.group,
            application=application,
            fields=PLAN,
            lines=EXPENSES,
        )
    with time_machine.travel(dt.datetime(2026, 6, 5, tzinfo=TOKYO), tick=False):
        with pytest.raises(ValidationError):
            services.application_return(application=application, by=staff, note="")
        with worker.after():
            services.application_return(application=application, by=staff, note="予算の内訳を詳しく")
        assert "予算の内訳を詳しく" in mail.outbox[-1].body
        services.application_save_draft(
            user=user,
            grant_round=grant_round,
            group=application.group,
            application=application,
            fields={**PLAN, "requested_amount": 200_000},
            lines=[{**EXPENSES[0], "description": "詳細"}, INCOME[0]],
        )
        services.application_submit(application=application, user=user)
    application.refresh_from_db()
    assert application.status == Status.RESUBMITTED
    steps = list(application.status_changes.values_list("to_status", flat=True))
    assert steps == [Status.SUBMITTED, Status.RETURNED, Status.RESUBMITTED]


def test_illegal_transitions_are_refused(staff):
    application = ApplicationFactory()
    with pytest.raises(ValidationError, match="には進めません"):
        services.application_transition(application=application, to=Status.UNDER_REVIEW, by=staff)
    with pytest.raises(ValidationError):  # decisions only through the committee's confirmation
        services.application_transition(application=application, to=Status.AWARDED, by=staff)
    closed = ApplicationFactory(status=Status.DECLINED)
    with pytest.raises(ValidationError):
        services.application_withdraw(application=closed, user=manager_of(closed))
    with pytest.raises(ValidationError):
        services.application_accept_award(application=application, user=manager_of(application))


def test_legal_staff_path_through_eligibility_check_to_review(staff):
    application = ApplicationFactory(status=Status.SUBMITTED)
    services.application_transition(application=application, to=Status.ELIGIBILITY_CHECK, by=staff)
    assert services.round_open_review(grant_round=application.round, by=staff) == 1
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW


def test_withdraw_a_draft_and_apply_again():
    user, application = _draft(RoundFactory())
    services.application_withdraw(application=application, user=user)
    again = services.application_save_draft(
        user=user, grant_round=application.round, group=application.group, fields=PLAN, lines=[]
    )
    assert again.pk != application.pk


def test_only_the_groups_manager_may_submit():
    _user, application = _draft(RoundFactory())
    with pytest.raises(PermissionDenied):
        services.application_submit(application=application, user=UserFactory())


def test_report_then_final_amount_with_refund(staff, worker):
    application = ApplicationFactory(
        status=Status.ACCEPTED, requested_amount=200_000, awarded_amount=200_000, decided_at=timezone.now()
    )
    user = manager_of(application)
    services.application_request_report(application=application, by=staff, advance_paid=200_000)
    with pytest.raises(ValidationError):
        services.report_submit(application=application, user=user)
    services.report_save(
        application=application,
        user=user,
        fields={"outcomes": "延べ300人が参加"},
        lines=[
            {"kind": "expense", "category": "supplies", "amount": 240_000, "eligible": True},
            {"kind": "expense", "category": "food", "amount": 10_000, "eligible": False},
        ],
    )
    services.report_submit(application=application, user=user)
    with worker.after():
        services.application_confirm_final_amount(application=application, by=staff)
    application.refresh_from_db()
    assert (application.status, application.final_amount, application.refund_due) == (Status.CLOSED, 160_000, 40_000)
    assert application.budget_lines.filter(stage=LineStage.ACTUAL).count() == 2
    assert "160000" in mail.outbox[-1].body.replace(",", "")


def test_final_amount_capped_by_award():
    application = ApplicationFactory(status=Status.REPORTED, requested_amount=200_000, awarded_amount=150_000)
    add_lines(application, expenses=((600_000, True),), stage=LineStage.ACTUAL)
    services.application_confirm_final_amount(application=application, by=None)
    application.refresh_from_db()
    assert (application.final_amount, application.refund_due) == (150_000, 0)
