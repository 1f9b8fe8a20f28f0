"""The hourly job marks loans past their return time 返却遅れ: run twice through the worker, each loan gets one
logged step, by no one (the system)."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

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
    results = DBTaskResult.objects.filter(task_path="facilities.tasks.mark_overdue_loans").order_by("enqueued_at")
    assert [(r.status, r.return_value) for r in results] == [
        (TaskResultStatus.SUCCESSFUL, {"overdue": 0}),
        (TaskResultStatus.SUCCESSFUL, {"overdue": 1}),
        (TaskResultStatus.SUCCESSFUL, {"overdue": 0}),
    ]
