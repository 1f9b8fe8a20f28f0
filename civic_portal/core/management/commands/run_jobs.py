from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civic_portal.core.backup.language import terminal_language
from civic_portal.core.jobs import (
    JOBS,
    UnknownJob,
    current_periods,
    enqueue_due,
    enqueue_now,
    last_runs,
    result_text,
)


class Command(BaseCommand):
    help = (
        "Enqueue the scheduled jobs whose time has come, each once a period (call it every hour, on one server or "
        "several); --now JOB enqueues one job at once; --list shows the schedule and the last runs. See "
        "civic_portal/core/README.md, Scheduled jobs."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--now", metavar="JOB", help="enqueue this job now, whatever its schedule")
        action.add_argument(
            "--list", action="store_true", dest="show_list", help="show the schedule and each job's last run"
        )

    def handle(self, *args, now, show_list, **options):
        with translation.override(terminal_language()):
            if show_list:
                self._list()
            elif now:
                try:
                    run = enqueue_now(now)
                except UnknownJob as exc:
                    raise CommandError(str(exc)) from exc
                self.stdout.write(_("%(job)s を受け付けました（%(period)s、手動）。") % _names(run))
            else:
                for run in enqueue_due():
                    self.stdout.write(_("%(job)s を受け付けました（%(period)s）。") % _names(run))

    def _list(self):
        periods = current_periods(timezone.now())
        runs = last_runs()
        for job in JOBS:
            run = runs.get(job.name)
            period = periods.get(job.name)
            self.stdout.write(f"{job.name}  {job.label}  {job.schedule.describe()}")
            self.stdout.write(
                "    " + (_("今の期間: %(period)s") % {"period": period[1]} if period else _("今は対象外"))
            )
            if run is None:
                self.stdout.write("    " + _("前回: なし"))
                continue
            task = run.task
            self.stdout.write(
                "    "
                + _("前回: %(period)s%(by_hand)s、受付 %(at)s、%(state)s%(finished)s%(result)s")
                % {
                    "period": run.period,
                    "by_hand": _("（手動）") if run.by_hand else "",
                    "at": timezone.localtime(run.enqueued_at).strftime("%Y-%m-%d %H:%M"),
                    "state": task.get_status_display() if task else _("記録なし"),
                    "finished": f" {timezone.localtime(task.finished_at):%Y-%m-%d %H:%M}"
                    if task and task.finished_at
                    else "",
                    "result": f" {result_text(task.return_value)}" if task and task.return_value is not None else "",
                }
            )


def _names(run) -> dict:
    return {"job": run.job, "period": run.period}
