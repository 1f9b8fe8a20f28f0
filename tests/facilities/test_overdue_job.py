"""The hourly job marks loans past their return time 返却遅れ: run twice through the worker, each loan gets one
logged step, by no one (the system)."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from civic_portal.core.models import JobRun
from facilities.models import LoanStatus, LoanStatusChange
from facilities.services import loan_create, loan_hand_over
from facilities.services.equipment import loan_dates
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import EquipmentTypeFactory

pytestmark = pytest.mark.django_db
TOKYO = dt.timezone(dt.timedelta(hours=9))


def _handed_over(equipment_type, last_day: dt.date):
    start, end = loan_dates(dt.date(2026, 3, 30), last_day)
    loan = loan_create(user=UserFactory(), equipment_type=equipment_type, quantity=1, starts_at=start, ends_at=end)
    return loan_hand_over(loan=loan, by=StaffFactory())


def test_loans_past_their_return_time_become_overdue_once(worker):
    tables = EquipmentTypeFactory(stock=5)
    with time_machine.travel(dt.datetime(2026, 3, 30, 9, tzinfo=TOKYO), tick=False):
        late = _handed_over(tables, dt.date(2026, 3, 31))  # due back at 00:00 on 1 April, Tokyo time
        later = _handed_over(tables, dt.date(2026, 4, 1))
    with time_machine.travel(dt.datetime(2026, 3, 31, 23, 30, tzinfo=TOKYO), tick=False), worker.after():
        call_command("run_jobs", stdout=io.StringIO())
    late.refresh_from_db()
    assert late.status == LoanStatus.HANDED_OVER

    with time_machine.travel(dt.datetime(2026, 4, 1, 0, 30, tzinfo=TOKYO), tick=False):
        for args in ((), (), ("--now", "overdue_loans")):
            with worker.after():
                call_command("run_jobs", *args, stdout=io.StringIO())
    late.refresh_from_db()
    later.refresh_from_db()
    assert (late.status, later.status) == (LoanStatus.OVERDUE, LoanStatus.HANDED_OVER)
    steps = LoanStatusChange.objects.filter(to_status=LoanStatus.OVERDUE)
    assert [(step.loan_id, step.changed_by) for step in steps] == [(late.pk, None)]
    # By run, not by enqueue time: the clock is frozen, so the runs at 00:30 share one timestamp.
    runs = JobRun.objects.filter(job="overdue_loans").select_related("task")
    assert {(run.period, run.by_hand): (run.task.status, run.task.return_value) for run in runs} == {
        ("2026-03-31T23", False): (TaskResultStatus.SUCCESSFUL, {"overdue": 0}),
        ("2026-04-01T00", False): (TaskResultStatus.SUCCESSFUL, {"overdue": 1}),
        ("2026-04-01T00", True): (TaskResultStatus.SUCCESSFUL, {"overdue": 0}),
    }
    assert DBTaskResult.objects.filter(task_path="facilities.tasks.mark_overdue_loans").count() == 3
