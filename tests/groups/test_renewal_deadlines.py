"""The renewal deadline kept by the scheduled jobs: reminders 30 and 7 days before it, each once a group, and the
lapse of groups that did not renew, the night after it; each job run twice through the worker acts once."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from groups.models import GroupStatus, GroupStatusChange, RenewalReminder, RenewalRound
from groups.services import registration as services
from groups.services.renewal import group_confirm_renewal
from groups.services.renewal_deadlines import reminder_stage, renewal_send_reminders
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
S = GroupStatus
TOKYO = dt.timezone(dt.timedelta(hours=9))
DEADLINE = dt.date(2026, 5, 31)


def jst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def scheduled(worker, *args) -> None:
    """`run_jobs` (with any arguments) as the hourly timer calls it; the worker runs the jobs, then sends their mail.
    Every task must succeed: a job that acted once only because its second run failed has not done its work."""
    with worker.after():
        call_command("run_jobs", *args, stdout=io.StringIO())
    worker.run()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) <= {TaskResultStatus.SUCCESSFUL}


@pytest.fixture
def renewal(people, worker):
    """FY2026's renewal of the people's groups, opened on 1 April with a deadline of 31 May; the opening mails are
    out of the way."""
    with time_machine.travel(jst(2026, 4, 1, 10), tick=False), worker.after():
        round_ = services.renewal_open(fiscal_year=2026, deadline=DEADLINE, by=StaffFactory())
    mail.outbox.clear()
    return round_


@pytest.fixture
def people():
    """Three registered groups (one renews in time, one stays silent, one has no manager) and a draft."""
    renewing_manager, silent_managers = UserFactory(), [UserFactory(), UserFactory()]
    return {
        "renewing": GroupFactory(managers=[renewing_manager]),
        "renewing_manager": renewing_manager,
        "silent": GroupFactory(managers=silent_managers),
        "silent_managers": silent_managers,
        "orphan": GroupFactory(),
        "draft": GroupFactory(status=S.DRAFT, managers=[UserFactory()]),
    }


def test_reminders_go_30_and_7_days_before_the_deadline_once_each(renewal, people, worker):
    with time_machine.travel(jst(2026, 4, 30, 9, 30), tick=False):  # 31 days before: nothing yet
        scheduled(worker)
    assert mail.outbox == []

    with time_machine.travel(jst(2026, 5, 1, 9, 0), tick=False):
        scheduled(worker)
        scheduled(worker)  # the same day again: the period has its run
        scheduled(worker, "--now", "renewal_reminders")  # and by hand: the stage has its reminder
    assert sorted(sorted(message.to) for message in mail.outbox) == sorted(
        [
            [people["renewing_manager"].email],
            sorted(user.email for user in people["silent_managers"]),
        ]
    )
    reminder = next(m for m in mail.outbox if people["renewing_manager"].email in m.to)
    assert reminder.subject == f"[市民活動ポータル] 「{people['renewing'].name}」の登録更新の期限まであと30日です"
    assert "更新期限: 令和8年5月31日（2026年5月31日）、あと30日" in reminder.body
    assert "/groups/mine/" in reminder.body

    mail.outbox.clear()
    with time_machine.travel(jst(2026, 5, 10, 14), tick=False):
        group_confirm_renewal(group=people["renewing"], by=StaffFactory())
    mail.outbox.clear()
    with time_machine.travel(jst(2026, 5, 23, 9, 0), tick=False):  # 8 days before: between the stages
        scheduled(worker)
    assert mail.outbox == []
    with time_machine.travel(jst(2026, 5, 24, 9, 0), tick=False):
        scheduled(worker)
        scheduled(worker, "--now", "renewal_reminders")
    assert [sorted(message.to) for message in mail.outbox] == [sorted(u.email for u in people["silent_managers"])]
    assert "あと7日" in mail.outbox[0].body
    recorded = set(RenewalReminder.objects.values_list("group__name", "days_before"))
    assert recorded == {
        (people["renewing"].name, 30),
        (people["silent"].name, 30),
        (people["orphan"].name, 30),  # recorded though nobody could be told, so it is not tried every day
        (people["silent"].name, 7),
        (people["orphan"].name, 7),
    }
    assert renewal.reminders.count() == len(recorded)


@pytest.mark.parametrize(
    ("opened", "today", "stage"),
    [
        (dt.date(2026, 4, 1), dt.date(2026, 4, 30), None),
        (dt.date(2026, 4, 1), dt.date(2026, 5, 1), 30),
        (dt.date(2026, 4, 1), dt.date(2026, 5, 23), 30),
        (dt.date(2026, 4, 1), dt.date(2026, 5, 24), 7),
        (dt.date(2026, 4, 1), DEADLINE, 7),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 1), None),
        # Opened 21 days before the deadline: the opening mail stands for the 30-day reminder.
        (dt.date(2026, 5, 10), dt.date(2026, 5, 11), None),
        (dt.date(2026, 5, 10), dt.date(2026, 5, 24), 7),
        # Opened on the day a stage begins: that day's opening mail is its reminder.
        (dt.date(2026, 5, 24), dt.date(2026, 5, 24), None),
    ],
)
def test_the_stage_due_on_a_day(opened, today, stage):
    renewal = RenewalRound(fiscal_year=2026, deadline=DEADLINE, opened_at=jst(opened.year, opened.month, opened.day))
    assert reminder_stage(renewal, today) == stage


@pytest.mark.parametrize("groups", [2, 12])
def test_reminders_take_the_same_queries_for_any_number_of_groups(groups, django_assert_max_num_queries):
    with time_machine.travel(jst(2026, 4, 1, 10), tick=False):
        RenewalRound.objects.create(fiscal_year=2026, deadline=DEADLINE)
    for _ in range(groups):
        GroupFactory(status=S.RENEWAL_DUE, managers=[UserFactory(), UserFactory()])
    with time_machine.travel(jst(2026, 5, 1, 9), tick=False), django_assert_max_num_queries(8):
        assert renewal_send_reminders() == groups


def test_groups_not_renewed_lapse_the_night_after_the_deadline_once(renewal, people, worker):
    with time_machine.travel(jst(2026, 5, 10, 14), tick=False):
        group_confirm_renewal(group=people["renewing"], by=StaffFactory())
    mail.outbox.clear()
    with time_machine.travel(jst(2026, 5, 31, 23, 30), tick=False):  # the deadline's last half hour
        scheduled(worker, "--now", "renewal_lapses")
    assert RenewalRound.objects.get().closed_at is None
    assert mail.outbox == []

    with time_machine.travel(jst(2026, 6, 1, 0, 30), tick=False):  # still 31 May in UTC
        scheduled(worker)
        scheduled(worker, "--now", "renewal_lapses")
    for name in ("renewing", "silent", "orphan", "draft"):
        people[name].refresh_from_db()
    assert people["silent"].status == people["orphan"].status == S.LAPSED
    assert people["silent"].lapsed_on == dt.date(2026, 6, 1)
    assert people["renewing"].status == S.REGISTERED
    assert people["draft"].status == S.DRAFT
    lapse = GroupStatusChange.objects.get(group=people["silent"], to_status=S.LAPSED)
    assert (lapse.from_status, lapse.changed_by) == (S.RENEWAL_DUE, None)
    assert GroupStatusChange.objects.filter(to_status=S.LAPSED).count() == 2
    assert [sorted(message.to) for message in mail.outbox] == [sorted(u.email for u in people["silent_managers"])]
    assert "登録失効" in mail.outbox[0].subject
    renewal.refresh_from_db()
    assert renewal.closed_at is not None
