"""Scheduled jobs: the periods in Japan time, `run_jobs` enqueueing each job once a period, runs by hand, the list,
and the clean-up job (run twice through the real worker, it deletes once)."""

import datetime as dt
import io
import threading
import time

import pytest
import time_machine
from allauth.account.models import EmailAddress, EmailConfirmation
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connections, transaction
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from civic_portal.core import jobs
from civic_portal.core.jobs import JOBS, Daily, FiscalYearEnd, Hourly, current_periods, enqueue_due
from civic_portal.core.models import ImportJob, ImportStatus, JobRun, MailStatus, OutgoingMail
from civic_portal.core.tasks import clean_up
from groups.models import ManagerInvitation
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db

TOKYO = dt.timezone(dt.timedelta(hours=9))
ALL_JOBS = {job.name for job in JOBS}
NOT_FISCAL = ALL_JOBS - {"fiscal_year_close"}


def jst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def run_jobs(*args) -> str:
    out = io.StringIO()
    call_command("run_jobs", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("moment", "hourly", "at_midnight", "at_nine", "fiscal"),
    [
        # The last half hour of a fiscal year, in Tokyo (14:30 UTC): the year is not over yet.
        (jst(2026, 3, 31, 23, 30), "2026-03-31T23", "2026-03-31", "2026-03-31", None),
        # Half an hour into the new one (still 31 March in UTC): FY2025 is closed.
        (jst(2026, 4, 1, 0, 30), "2026-04-01T00", "2026-04-01", "2026-03-31", "FY2025"),
        # The first of a month, 00:30 in Tokyo (the last day of the previous month in UTC); 30 days after 1 April
        # and half an hour, so past the fiscal-year close's window.
        (jst(2026, 5, 1, 0, 30), "2026-05-01T00", "2026-05-01", "2026-04-30", None),
        (jst(2027, 1, 1, 9, 0), "2027-01-01T09", "2027-01-01", "2027-01-01", None),
        (jst(2027, 3, 31, 8, 59), "2027-03-31T08", "2027-03-31", "2027-03-30", None),
    ],
)
def test_periods_are_counted_in_japan_time(moment, hourly, at_midnight, at_nine, fiscal):
    assert Hourly().key(Hourly().start(moment)) == hourly
    assert Daily(hour=0).key(Daily(hour=0).start(moment)) == at_midnight
    assert Daily(hour=9).key(Daily(hour=9).start(moment)) == at_nine
    periods = {name: key for name, (_start, key) in current_periods(moment.astimezone(dt.UTC)).items()}
    assert periods.get("fiscal_year_close") == fiscal
    assert periods["overdue_loans"] == hourly
    assert periods["renewal_reminders"] == at_nine


def test_the_fiscal_year_close_is_due_for_thirty_days_after_1_april():
    schedule = FiscalYearEnd()
    job = jobs.get_job("fiscal_year_close")
    assert job.period(jst(2026, 4, 30, 23, 59)) == (jst(2026, 4, 1), "FY2025")
    assert job.period(jst(2026, 5, 1, 0, 1)) is None
    assert schedule.start(jst(2027, 3, 31, 23, 59)) == jst(2026, 4, 1)
    assert job.arguments(jst(2026, 4, 1)) == {"fiscal_year": 2025}


def test_run_jobs_enqueues_each_due_job_once_a_period():
    with time_machine.travel(jst(2026, 4, 1, 0, 30), tick=False):
        first = run_jobs()
        again = run_jobs()
    assert set(JobRun.objects.values_list("job", flat=True)) == ALL_JOBS
    assert DBTaskResult.objects.count() == len(ALL_JOBS)
    assert "overdue_loans を受け付けました（2026-04-01T00）。" in first
    assert "fiscal_year_close を受け付けました（FY2025）。" in first
    assert again == ""
    assert set(JobRun.objects.values_list("task__task_path", flat=True)) == {job.task_path for job in JOBS}
    assert DBTaskResult.objects.get(task_path="indicators.tasks.close_fiscal_year").args_kwargs == {
        "args": [],
        "kwargs": {"fiscal_year": 2025},
    }

    with time_machine.travel(jst(2026, 4, 1, 1, 5), tick=False):  # the next hour: only the hourly job
        assert run_jobs() == "overdue_loans を受け付けました（2026-04-01T01）。\n"
    with time_machine.travel(jst(2026, 4, 1, 9, 0), tick=False):  # the clean-up's day began at 3, the reminders'
        assert run_jobs().splitlines() == [
            "overdue_loans を受け付けました（2026-04-01T09）。",
            "renewal_reminders を受け付けました（2026-04-01）。",
            "clean_up を受け付けました（2026-04-01）。",
            "consultation_erasure を受け付けました（2026-04-01）。",  # its day began at 2
        ]
    with time_machine.travel(jst(2026, 4, 2, 3, 0), tick=False):  # the next day: every daily job again
        run_jobs()
    # lapses, needs, holds, clean-up, consultation erasure (reminders at 9)
    assert JobRun.objects.filter(period="2026-04-02").count() == 5
    assert JobRun.objects.filter(job="fiscal_year_close").count() == 1


def test_a_period_already_enqueued_elsewhere_is_not_enqueued_again():
    """Two servers' timers at once: the second one's row breaks the unique constraint and its task goes with it."""
    job = jobs.get_job("clean_up")
    start = jst(2026, 6, 1, 3)
    jobs._enqueue(job, start=start, key="2026-06-01", by_hand=False)
    with pytest.raises(IntegrityError):
        jobs._enqueue(job, start=start, key="2026-06-01", by_hand=False)
    assert JobRun.objects.count() == DBTaskResult.objects.count() == 1


def test_a_run_by_hand_runs_at_once_and_leaves_the_period_to_the_schedule(worker):
    with time_machine.travel(jst(2026, 6, 1, 10, 15), tick=False):
        with worker.after():
            out = run_jobs("--now", "clean_up")
        assert out == "clean_up を受け付けました（2026-06-01、手動）。\n"
        run = JobRun.objects.get()
        assert (run.by_hand, run.task.status) == (True, TaskResultStatus.SUCCESSFUL)
        enqueue_due()
    assert JobRun.objects.filter(job="clean_up", by_hand=False, period="2026-06-01").exists()


def test_an_unknown_job_is_one_clear_line():
    with pytest.raises(CommandError) as error:
        run_jobs("--now", "overdue")
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("定期処理「overdue」はありません。あるのは overdue_loans, ")
    assert not JobRun.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_list_shows_the_schedule_and_each_jobs_last_run(worker):
    with time_machine.travel(jst(2026, 6, 1, 10, 15), tick=False):
        with worker.after():
            run_jobs()
        listing = run_jobs("--list")
    assert "overdue_loans  返却遅れの備品の記録  毎時" in listing
    assert "renewal_reminders  登録更新の督促メール  毎日 9時" in listing
    assert "fiscal_year_close  年度締め（成果指標の確定）  毎年4月1日 0時" in listing
    assert "今の期間: 2026-06-01T10" in listing
    assert "今は対象外" in listing  # the fiscal-year close in June
    assert "前回: 2026-06-01T10、受付 2026-06-01 10:15、完了 2026-06-01 10:15 overdue=0" in listing
    assert "前回: なし" in listing


def test_the_list_and_the_run_answer_in_english_for_an_english_terminal(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en")
    with time_machine.travel(jst(2026, 6, 1, 10, 15), tick=False):
        assert "overdue_loans enqueued (2026-06-01T10)." in run_jobs()
        listing = run_jobs("--list")
    assert "Hourly" in listing
    assert "Daily at 9:00" in listing
    with pytest.raises(CommandError, match="There is no scheduled job"):
        run_jobs("--now", "nope")


@pytest.fixture
def expired_things():
    """One of each thing the clean-up removes, beside one it must keep; the clock is 2026-06-01 03:00 (JST)."""
    now = jst(2026, 6, 1, 3)
    old, recent = now - dt.timedelta(days=91), now - dt.timedelta(days=89)
    Session.objects.create(session_key="gone", session_data="", expire_date=now - dt.timedelta(seconds=1))
    Session.objects.create(session_key="kept", session_data="", expire_date=now + dt.timedelta(days=1))
    address = EmailAddress.objects.create(user=UserFactory(), email="new@example.jp", verified=False)
    EmailConfirmation.objects.create(email_address=address, key="old", sent=now - dt.timedelta(days=4))
    EmailConfirmation.objects.create(email_address=address, key="new", sent=now - dt.timedelta(hours=1))
    group = GroupFactory()
    for email, expires_at, accepted_at in [
        ("late@example.jp", now - dt.timedelta(minutes=1), None),
        ("open@example.jp", now + dt.timedelta(days=1), None),
        ("taken@example.jp", now - dt.timedelta(days=100), now - dt.timedelta(days=110)),
    ]:
        ManagerInvitation.objects.create(
            group=group, email=email, token=email, expires_at=expires_at, accepted_at=accepted_at
        )
    for status, sent_at, created in [
        (MailStatus.SENT, old, old),
        (MailStatus.SENT, recent, recent),
        (MailStatus.FAILED, None, old),
    ]:
        mail = OutgoingMail.objects.create(status=status, sent_at=sent_at, from_email="a@example.jp", to=["b@x.jp"])
        OutgoingMail.objects.filter(pk=mail.pk).update(created_at=created)
    for status, finished_at in [
        (TaskResultStatus.SUCCESSFUL, old),
        (TaskResultStatus.SUCCESSFUL, recent),
        (TaskResultStatus.FAILED, old),
    ]:
        result = clean_up.enqueue()
        DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished_at)
    ImportJob.objects.create(
        model_label="groups.Group", resource="GroupResource", file_name="g.csv", file_sha256="0" * 64, format="csv",
        status=ImportStatus.READY, previewed_at=now - dt.timedelta(days=8),
    )  # fmt: skip
    run = JobRun.objects.create(job="overdue_loans", period="2026-03-01T10", task_id=result.id)
    JobRun.objects.filter(pk=run.pk).update(enqueued_at=old)
    return now


def test_the_clean_up_job_deletes_what_has_expired_once(worker, expired_things):
    with time_machine.travel(expired_things, tick=False):
        with worker.after():
            run_jobs("--now", "clean_up")
        with worker.after():
            run_jobs("--now", "clean_up")
    first, second = (run.task.return_value for run in JobRun.objects.filter(job="clean_up").order_by("pk"))
    assert first == {
        "sessions": 1,
        "email_confirmations": 1,
        "invitations": 1,
        "mails": 1,
        "job_runs": 1,
        "tasks": 1,
        "import_jobs": 1,
    }
    assert set(second.values()) == {0}
    assert list(Session.objects.values_list("session_key", flat=True)) == ["kept"]
    assert list(EmailConfirmation.objects.values_list("key", flat=True)) == ["new"]
    assert set(ManagerInvitation.objects.values_list("email", flat=True)) == {"open@example.jp", "taken@example.jp"}
    assert sorted(OutgoingMail.objects.values_list("status", flat=True)) == [MailStatus.FAILED, MailStatus.SENT]
    # The failed task and the recent one stay, with the two clean-up runs' own.
    assert DBTaskResult.objects.filter(task_path="civic_portal.core.tasks.clean_up").count() == 4
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 1


def test_the_clean_up_keeps_the_run_of_a_current_period_however_old(settings):
    """With a retention shorter than the fiscal-year close's window, the close's row must stay, or the job would be
    enqueued again for the year it has closed."""
    settings.CLEANUP_RETENTION_DAYS = 7
    with time_machine.travel(jst(2026, 4, 1, 0, 5), tick=False):
        enqueue_due()
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL, finished_at=jst(2026, 4, 1, 0, 6))
    with time_machine.travel(jst(2026, 4, 20, 3, 0), tick=False):
        clean_up.call()
        close = JobRun.objects.get()
        assert (close.job, close.period, close.task) == ("fiscal_year_close", "FY2025", None)  # its task is gone
        assert "前回: FY2025、受付 2026-04-01 00:05、記録なし" in run_jobs("--list")
        enqueue_due()
    assert JobRun.objects.filter(job="fiscal_year_close").count() == 1
    assert JobRun.objects.filter(job="overdue_loans").count() == 1


def test_staff_read_the_runs_in_the_admin(client, worker):
    with time_machine.travel(jst(2026, 6, 1, 10, 15), tick=False):
        with worker.after():
            run_jobs("--now", "overdue_loans")
        client.force_login(StaffFactory())
        page = client.get(reverse("admin:core_jobrun_changelist"))
        run = JobRun.objects.get()
        detail = client.get(reverse("admin:core_jobrun_change", args=[run.pk]))
    assert page.status_code == detail.status_code == 200
    assert "定期処理の実行記録" in page.text
    assert "返却遅れの備品の記録" in page.text
    assert "完了" in page.text
    assert "overdue=0" in page.text
    assert reverse("admin:core_backgroundtask_change", args=[run.task_id]) in detail.text


def _until(condition, tries: int = 400) -> bool:
    """Poll with plain sleeps: a wait with a timeout (Event.wait, Thread.join) uses an absolute deadline that
    faketime's moved clock puts months away, so under `make test-dates` it would never time out."""
    for _ in range(tries):
        if condition():
            return True
        time.sleep(0.025)
    return False


def _waiting_on_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_servers_timers_at_once_enqueue_each_job_once():
    """Server A's run_jobs has written its rows but not committed when server B's starts: B waits on the unique
    index, then finds every period taken and enqueues nothing."""
    inserted, go = threading.Event(), threading.Event()
    found = {}

    def server(name, hold):
        try:
            with transaction.atomic():
                found[name] = enqueue_due()
                if hold:
                    inserted.set()
                    _until(go.is_set)
        finally:
            connections.close_all()

    with time_machine.travel(jst(2026, 6, 1, 10, 15), tick=False):
        a = threading.Thread(target=server, args=("a", True))
        a.start()
        assert _until(inserted.is_set)
        b = threading.Thread(target=server, args=("b", False))
        b.start()
        assert _until(_waiting_on_a_lock)  # B is blocked on A's uncommitted rows
        go.set()
        assert _until(lambda: not a.is_alive() and not b.is_alive())
    assert len(found["a"]) == len(NOT_FISCAL)
    assert found["b"] == []
    assert JobRun.objects.count() == DBTaskResult.objects.count() == len(NOT_FISCAL)
