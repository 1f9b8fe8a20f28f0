"""Scheduled jobs: what runs when (Japan time), and the one entry point that enqueues each job once a period.

`manage.py run_jobs`, called every hour by a systemd timer, enqueues the task of every job whose current period
has no JobRun row yet. The row is written with the task in one transaction, and (job, period) is unique, so two
servers' timers or a rerun in the same period never enqueue it twice. A period missed while the site was down is
caught up at the next call (only the latest one: each job's service acts on everything that is due, however late).
The worker runs the task; the task calls an idempotent service, so a job that does run twice still acts once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import Task
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .fiscal import FISCAL_YEAR_START_MONTH, fiscal_year
from .models import JobRun

logger = logging.getLogger(__name__)


def _local(now: dt.datetime) -> dt.datetime:
    return timezone.localtime(now)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Hourly:
    """Every hour, on the hour."""

    def start(self, now: dt.datetime) -> dt.datetime:
        return _local(now).replace(minute=0, second=0, microsecond=0)

    def key(self, start: dt.datetime) -> str:
        return start.strftime("%Y-%m-%dT%H")

    def describe(self) -> str:
        return gettext("毎時")


@dataclass(frozen=True)
class Daily:
    """Every day at an hour (Japan time); the period is the day."""

    hour: int

    def start(self, now: dt.datetime) -> dt.datetime:
        local = _local(now)
        day = local.date() if local.hour >= self.hour else local.date() - dt.timedelta(days=1)
        return _at(day, self.hour)

    def key(self, start: dt.datetime) -> str:
        return start.date().isoformat()

    def describe(self) -> str:
        return gettext("毎日 %(hour)d時") % {"hour": self.hour}


@dataclass(frozen=True)
class FiscalYearEnd:
    """Once a year when the fiscal year has ended (1 April, Japan time); the period is the year just closed. Only
    within `window` of that day: a year missed for longer is closed by hand, from the admin."""

    hour: int = 0
    window: dt.timedelta = dt.timedelta(days=30)

    def start(self, now: dt.datetime) -> dt.datetime:
        local = _local(now)
        year = local.year if local.month >= FISCAL_YEAR_START_MONTH else local.year - 1
        start = _at(dt.date(year, FISCAL_YEAR_START_MONTH, 1), self.hour)
        return start if start <= local else _at(dt.date(year - 1, FISCAL_YEAR_START_MONTH, 1), self.hour)

    def key(self, start: dt.datetime) -> str:
        return f"FY{fiscal_year(start) - 1}"

    def describe(self) -> str:
        return gettext("毎年4月1日 %(hour)d時（前年度を締める。%(days)d日以内）") % {
            "hour": self.hour,
            "days": self.window.days,
        }


Schedule = Hourly | Daily | FiscalYearEnd


@dataclass(frozen=True)
class Job:
    """One scheduled job: its name (for `run_jobs --now`), the staff's word for it, when, and its task."""

    name: str
    label: Promise
    schedule: Schedule
    task_path: str
    # The task's keyword arguments for a period (its start), if it takes any.
    arguments: Callable[[dt.datetime], dict] = field(default=lambda start: {})

    @property
    def task(self) -> Task:
        return import_string(self.task_path)

    def period(self, now: dt.datetime) -> tuple[dt.datetime, str] | None:
        """(start, key) of the period `now` falls in, or None when the job is not due (outside its window)."""
        start = self.schedule.start(now)
        window = getattr(self.schedule, "window", None)
        if window is not None and now - start > window:
            return None
        return start, self.schedule.key(start)


def _closed_fiscal_year(start: dt.datetime) -> dict:
    return {"fiscal_year": fiscal_year(start) - 1}


JOBS: tuple[Job, ...] = (
    Job("overdue_loans", _("返却遅れの備品の記録"), Hourly(), "facilities.tasks.mark_overdue_loans"),
    Job("renewal_lapses", _("更新されなかった団体の登録失効"), Daily(hour=0), "groups.tasks.lapse_unrenewed_groups"),
    Job("volunteer_needs", _("活動日が過ぎた募集の終了"), Daily(hour=0), "groups.tasks.expire_volunteer_needs"),
    Job("renewal_reminders", _("登録更新の督促メール"), Daily(hour=9), "groups.tasks.send_renewal_reminders"),
    Job(
        "fiscal_year_close",
        _("年度締め（成果指標の確定）"),
        FiscalYearEnd(),
        "indicators.tasks.close_fiscal_year",
        arguments=_closed_fiscal_year,
    ),
    Job("clean_up", _("期限切れデータの削除"), Daily(hour=3), "civic_portal.core.tasks.clean_up"),
    Job(
        "consultation_erasure",
        _("保存期間を過ぎた相談記録の個人情報の消去"),
        Daily(hour=2),
        "civic_portal.center.tasks.erase_expired_consultations",
    ),
    Job(
        "booking_holds",
        _("期限切れの仮予約・未払い予約の取消"),
        Daily(hour=0),
        "facilities.tasks.release_expired_holds",
    ),
    Job(
        "event_reminders",
        _("イベント前日のお知らせメール"),
        Daily(hour=10),
        "civic_portal.center.tasks.send_event_reminder_mails",
    ),
)
JOBS_BY_NAME = {job.name: job for job in JOBS}


class UnknownJob(LookupError):
    pass


def get_job(name: str) -> Job:
    """The job of that name; UnknownJob (its message names the jobs there are) otherwise."""
    try:
        return JOBS_BY_NAME[name]
    except KeyError:
        raise UnknownJob(
            gettext("定期処理「%(name)s」はありません。あるのは %(names)s です。")
            % {"name": name, "names": ", ".join(JOBS_BY_NAME)}
        ) from None


def current_periods(now: dt.datetime) -> dict[str, tuple[dt.datetime, str]]:
    """Each due job's current period: name -> (start, key)."""
    return {job.name: period for job in JOBS if (period := job.period(now)) is not None}


def current_runs_q(periods: dict[str, tuple[dt.datetime, str]]) -> Q:
    """The scheduled JobRun rows of these periods (matches nothing for no periods)."""
    return reduce(or_, (Q(job=name, period=key) for name, (_start, key) in periods.items()), Q(pk__in=[]))


def enqueue_due(now: dt.datetime | None = None) -> list[JobRun]:
    """Enqueue every job whose current period has no run yet; returns the runs written (none for the others)."""
    periods = current_periods(now or timezone.now())
    done = set(JobRun.objects.filter(current_runs_q(periods), by_hand=False).values_list("job", flat=True))
    runs = []
    for name, (start, key) in periods.items():
        if name in done:
            continue
        try:
            runs.append(_enqueue(JOBS_BY_NAME[name], start=start, key=key, by_hand=False))
        except IntegrityError:  # another server's timer enqueued this period first
            continue
    return runs


def enqueue_now(name: str, now: dt.datetime | None = None) -> JobRun:
    """Enqueue one job at once, whatever its schedule (the run by hand does not count as its period's run)."""
    job = get_job(name)
    now = now or timezone.now()
    start = job.schedule.start(now)
    return _enqueue(job, start=start, key=job.schedule.key(start), by_hand=True)


def _enqueue(job: Job, *, start: dt.datetime, key: str, by_hand: bool) -> JobRun:
    """The task and its run in one transaction: IntegrityError (and neither) when the period has its run."""
    with transaction.atomic():
        result = job.task.enqueue(**job.arguments(start))
        run = JobRun.objects.create(job=job.name, period=key, by_hand=by_hand, task_id=result.id)
    logger.info(
        "scheduled job %s enqueued for %s%s (task %s)", job.name, key, " by hand" if by_hand else "", run.task_id
    )
    return run


def last_runs() -> dict[str, JobRun]:
    """Each job's latest run (scheduled or by hand) with its task, in one query."""
    runs = (
        JobRun.objects.filter(job__in=list(JOBS_BY_NAME))
        .select_related("task")
        .order_by("job", "-enqueued_at", "-pk")
        .distinct("job")
    )
    return {run.job: run for run in runs}


def result_text(value) -> str:
    """A task's return value as staff read it: "overdue=2, …" for the jobs' counts, "-" for none."""
    if value is None:
        return "-"
    if isinstance(value, dict):
        return ", ".join(f"{name}={count}" for name, count in value.items())
    return str(value)
