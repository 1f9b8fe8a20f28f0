"""Volunteer needs that end: the nightly job closes open needs whose dates have all passed, once, and the public
list stops showing them; needs with dates to come, or open to arrangement, stay."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from civic_portal.core.models import JobRun
from groups.models.volunteers import NeedStatus, VolunteerNeed
from groups.services.volunteers import need_expire_past
from tests.factories.volunteers import VolunteerNeedFactory

pytestmark = pytest.mark.django_db
TOKYO = dt.timezone(dt.timedelta(hours=9))
MAY_31, JUNE_1 = dt.date(2026, 5, 31), dt.date(2026, 6, 1)


@pytest.fixture
def needs():
    fixed = {"flexible": False}
    return {
        "past": VolunteerNeedFactory(title="済んだ清掃", dates=[dt.date(2026, 5, 3), MAY_31], **fixed),
        "today": VolunteerNeedFactory(title="今日の清掃", dates=[dt.date(2026, 5, 3), JUNE_1], **fixed),
        "unsorted": VolunteerNeedFactory(title="順不同", dates=[JUNE_1, dt.date(2026, 4, 1)], **fixed),
        "flexible": VolunteerNeedFactory(title="相談で", dates=[dt.date(2026, 4, 1)], flexible=True),
        "undated": VolunteerNeedFactory(title="いつでも", dates=[], flexible=True),
        "filled": VolunteerNeedFactory(title="充足済み", dates=[MAY_31], status=NeedStatus.FILLED, **fixed),
    }


def test_the_nightly_job_closes_needs_whose_dates_have_passed_once(needs, worker, client):
    # 31 May, 23:30 in Tokyo: the last date is today, so nothing has passed.
    with time_machine.travel(dt.datetime(2026, 5, 31, 23, 30, tzinfo=TOKYO), tick=False), worker.after():
        call_command("run_jobs", "--now", "volunteer_needs", stdout=io.StringIO())
    assert VolunteerNeed.objects.filter(status=NeedStatus.CLOSED).count() == 0

    # 00:30 on 1 June (still 31 May in UTC): the run of the day, then the same job again by hand.
    with time_machine.travel(dt.datetime(2026, 6, 1, 0, 30, tzinfo=TOKYO), tick=False):
        for args in ((), ("--now", "volunteer_needs")):
            with worker.after():
                call_command("run_jobs", *args, stdout=io.StringIO())
        page = client.get(reverse("groups:need_list"))
    # By run, not by enqueue time: the clock is frozen, so the two runs at 00:30 share one timestamp.
    runs = JobRun.objects.filter(job="volunteer_needs").select_related("task")
    assert sorted((run.period, run.by_hand, run.task.status, run.task.return_value["closed"]) for run in runs) == [
        ("2026-05-31", True, TaskResultStatus.SUCCESSFUL, 0),
        ("2026-06-01", False, TaskResultStatus.SUCCESSFUL, 1),
        ("2026-06-01", True, TaskResultStatus.SUCCESSFUL, 0),
    ]
    assert DBTaskResult.objects.filter(task_path="groups.tasks.expire_volunteer_needs").count() == 3
    statuses = dict(VolunteerNeed.objects.values_list("title", "status"))
    assert statuses == {
        "済んだ清掃": NeedStatus.CLOSED,
        "今日の清掃": NeedStatus.OPEN,
        "順不同": NeedStatus.OPEN,
        "相談で": NeedStatus.OPEN,
        "いつでも": NeedStatus.OPEN,
        "充足済み": NeedStatus.FILLED,
    }
    assert page.status_code == 200
    assert "済んだ清掃" not in page.text
    assert "今日の清掃" in page.text


@pytest.mark.parametrize("count", [1, 20])
def test_closing_takes_one_query_whatever_the_number(count, django_assert_num_queries):
    VolunteerNeedFactory.create_batch(count, flexible=False, dates=[MAY_31])
    with django_assert_num_queries(1):
        assert need_expire_past(today=JUNE_1) == count
