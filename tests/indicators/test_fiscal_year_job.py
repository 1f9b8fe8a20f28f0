"""The fiscal-year close as a scheduled job: just after midnight on 1 April in Tokyo (still 31 March in UTC) the
year just ended is frozen once; values already final stay as they are; a missed close is not made months later."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus

from civic_portal.core.models import JobRun
from indicators.models import Observation
from tests.factories.groups import GroupFactory
from tests.factories.indicators import IndicatorFactory

pytestmark = pytest.mark.django_db
TOKYO = dt.timezone(dt.timedelta(hours=9))


def run_jobs(worker, *args) -> None:
    with worker.after():
        call_command("run_jobs", *args, stdout=io.StringIO())


def close_results():
    """Each fiscal-year close's task result, in the order the runs were made (through JobRun: under a frozen clock
    the tasks' enqueue times are equal, so they cannot give the order)."""
    runs = JobRun.objects.filter(job="fiscal_year_close").select_related("task").order_by("pk")
    return [(run.task.status, run.task.return_value) for run in runs]


def test_the_year_just_ended_is_closed_once_just_after_midnight_on_1_april(worker):
    GroupFactory(registered_on=dt.date(2025, 4, 1))
    GroupFactory(registered_on=dt.date(2025, 6, 1))
    registered = IndicatorFactory(code="1-3", computed_key="registered_groups", source="portal")
    with time_machine.travel(dt.datetime(2026, 3, 31, 23, 30, tzinfo=TOKYO), tick=False):
        run_jobs(worker)
    assert not Observation.objects.exists()
    assert not JobRun.objects.filter(job="fiscal_year_close").exists()

    with time_machine.travel(dt.datetime(2026, 4, 1, 0, 30, tzinfo=TOKYO), tick=False):
        run_jobs(worker)
        GroupFactory(registered_on=dt.date(2025, 7, 1))  # a late entry for the closed year
        run_jobs(worker)  # the same period: nothing enqueued
        run_jobs(worker, "--now", "fiscal_year_close")  # by hand: the final value stays
    observation = Observation.objects.get()
    assert (observation.indicator, observation.fiscal_year, observation.value, observation.is_final) == (
        registered,
        2025,
        Decimal(2),
        True,
    )
    assert close_results() == [
        (TaskResultStatus.SUCCESSFUL, {"fiscal_year": 2025, "frozen": 1}),
        (TaskResultStatus.SUCCESSFUL, {"fiscal_year": 2025, "frozen": 0}),
    ]
    assert list(JobRun.objects.filter(job="fiscal_year_close").values_list("period", "by_hand")) == [
        ("FY2025", True),
        ("FY2025", False),
    ]


def test_a_close_missed_for_more_than_thirty_days_is_left_to_staff(worker):
    IndicatorFactory(code="1-3", computed_key="registered_groups", source="portal")
    with time_machine.travel(dt.datetime(2026, 5, 1, 0, 30, tzinfo=TOKYO), tick=False):
        run_jobs(worker)
    assert close_results() == []
    assert not Observation.objects.exists()
