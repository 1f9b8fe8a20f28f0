"""The scheduled jobs' runs in the admin, read only: which job ran for which period, when, and how it ended."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_lists import PeriodFilter, RecordAdmin
from .jobs import JOBS_BY_NAME, result_text
from .models import JobRun


class JobFilter(admin.SimpleListFilter):
    title = _("定期処理")
    parameter_name = "job"

    def lookups(self, request, model_admin):
        return [(name, job.label) for name, job in JOBS_BY_NAME.items()]

    def queryset(self, request, queryset):
        return queryset.filter(job=self.value()) if self.value() else queryset


class EnqueuedFilter(PeriodFilter):
    title = _("受付日")
    field_name = "enqueued_at"


@admin.register(JobRun)
class JobRunAdmin(RecordAdmin):
    list_display = ["enqueued_at", "job_label", "period", "by_hand", "state", "finished", "result"]
    list_filter = [EnqueuedFilter, JobFilter, "by_hand"]
    list_select_related = ["task"]
    fields = readonly_fields = (
        "job_label", "period", "by_hand", "enqueued_at", "state", "finished", "result", "task_link",
    )  # fmt: skip

    @admin.display(description=_("定期処理"), ordering="job")
    def job_label(self, run):
        job = JOBS_BY_NAME.get(run.job)
        return job.label if job else run.job

    @admin.display(description=_("状態"))
    def state(self, run):
        return run.task.get_status_display() if run.task else _("記録なし")

    @admin.display(description=_("終了日時"))
    def finished(self, run):
        return run.task.finished_at if run.task and run.task.finished_at else "-"

    @admin.display(description=_("結果"))
    def result(self, run):
        return result_text(run.task.return_value) if run.task else "-"

    @admin.display(description=_("バックグラウンド処理"))
    def task_link(self, run):
        if run.task_id is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:core_backgroundtask_change", args=[run.task_id]), run.task_id
        )
