"""core.workflow.transition(): the one way a workflow object changes status, on any workflow model."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civic_portal.core.models import StatusChangeBase, WorkflowModel
from civic_portal.core.workflow import transition
from facilities.models import Loan, LoanStatus
from facilities.services import loan_create
from facilities.services.equipment import loan_dates
from groups.models import Group, GroupStatus
from indicators.models import ReviewStatus
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import EquipmentTypeFactory
from tests.factories.groups import GroupFactory
from tests.factories.indicators import YearPlanFactory

pytestmark = pytest.mark.django_db

WORKFLOW_MODELS = [m for m in apps.get_models() if issubclass(m, WorkflowModel)]


def _updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]


def _loan():
    day = timezone.localdate() + dt.timedelta(days=3)
    start, end = loan_dates(day, day)
    return loan_create(
        user=UserFactory(), equipment_type=EquipmentTypeFactory(stock=3), quantity=1, starts_at=start, ends_at=end
    )


def _set_columns(update_sql: str) -> list[str]:
    set_clause = update_sql.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    return sorted(part.split("=")[0].strip().strip('"') for part in set_clause.split(", "))


def test_every_workflow_model_has_a_full_table_and_a_uniform_status_log():
    names = {m.__name__ for m in WORKFLOW_MODELS}
    assert names == {
        "Booking", "Loan", "Group", "VolunteerApplication", "Application", "YearPlan",
        "ActivityRecord", "TalentRequest", "LectureRequest", "Event", "LotteryWindow",
    }  # fmt: skip
    for model in WORKFLOW_MODELS:
        statuses = {value for value, _label in model._meta.get_field("status").flatchoices}
        assert set(model.TRANSITIONS) == statuses, model
        assert all(targets <= statuses and isinstance(targets, frozenset) for targets in model.TRANSITIONS.values())
        relation = model._meta.get_field(model.STATUS_LOG)
        log = relation.related_model
        assert issubclass(log, StatusChangeBase), log
        # The same rules on every log: statuses checked, history and moves-into-a-status indexed, one name prefix.
        [check] = log._meta.constraints
        prefix = check.name.removesuffix("_valid")
        assert [(i.name, i.fields) for i in log._meta.indexes] == [
            (f"{prefix}_obj_at", [relation.field.name, "changed_at"]),
            (f"{prefix}_to_at", ["to_status", "changed_at"]),
        ]
        assert log._meta.ordering == [relation.field.name, "changed_at", "id"]


def test_a_legal_move_saves_the_status_and_only_the_named_fields_and_logs_one_step():
    group = GroupFactory(status=GroupStatus.REGISTERED)
    staff = StaffFactory()
    before = Group.objects.get(pk=group.pk).updated_at
    group.name = "保存されない名前"  # changed in memory, not named: must not be written
    group.lapsed_on = dt.date(2026, 3, 31)
    with CaptureQueriesContext(connection) as queries:
        returned = transition(group, to=GroupStatus.WITHDRAWN, by=staff, note="解散のため", fields=["lapsed_on"])
    assert returned is group
    [update] = _updates(queries.captured_queries)
    assert _set_columns(update) == ["lapsed_on", "status", "updated_at"]
    saved = Group.objects.get(pk=group.pk)
    assert (saved.status, saved.lapsed_on) == (GroupStatus.WITHDRAWN, dt.date(2026, 3, 31))
    assert saved.name != "保存されない名前"
    assert saved.updated_at > before
    [step] = group.status_changes.filter(from_status=GroupStatus.REGISTERED)
    assert (step.to_status, step.changed_by, step.note) == (GroupStatus.WITHDRAWN, staff, "解散のため")
    assert group.status_changes.count() == 1


def test_a_model_without_updated_at_saves_just_the_status_and_logs_a_system_step():
    loan = _loan()
    assert not any(f.name == "updated_at" for f in Loan._meta.concrete_fields)
    with CaptureQueriesContext(connection) as queries:
        transition(loan, to=LoanStatus.CANCELLED, by=None, note="自動")
    [update] = _updates(queries.captured_queries)
    assert _set_columns(update) == ["status"]
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.CANCELLED
    step = loan.status_changes.latest("id")
    assert (step.from_status, step.to_status, step.changed_by, step.note) == ("reserved", "cancelled", None, "自動")


@pytest.mark.parametrize(
    ("make", "to", "message"),
    [
        (
            lambda: GroupFactory(status=GroupStatus.REGISTERED),
            GroupStatus.DRAFT,
            "「登録済」から「下書き」には進めません。",
        ),
        (_loan, LoanStatus.RETURNED, "「予約済」から「返却済」には進めません。"),
        (lambda: YearPlanFactory(), ReviewStatus.PUBLISHED, "「入力中」から「公開済」には進めません。"),
    ],
    ids=["group", "loan", "year_plan"],
)
def test_an_illegal_move_raises_one_code_and_one_japanese_message_and_changes_nothing(make, to, message):
    obj = make()
    status, logged, staff = obj.status, obj.status_changes.count(), StaffFactory()
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as error:
        transition(obj, to=to, by=staff, note="無効")
    assert error.value.code == "illegal_transition"
    assert error.value.messages == [message]
    assert obj.status == status
    assert not _updates(queries.captured_queries)
    obj.refresh_from_db()
    assert obj.status == status
    assert obj.status_changes.count() == logged


def test_an_unknown_status_is_illegal_too():
    group = GroupFactory(status=GroupStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        transition(group, to="archived", by=None)
    assert error.value.code == "illegal_transition"
    assert error.value.messages == ["「下書き」から「archived」には進めません。"]
