"""Background tasks in the admin, read only: what the worker ran, when, with what result or error."""

from django.contrib import admin
from django.tasks import task_backends
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult, get_date_max

from .admin_lists import PeriodFilter, RecordAdmin
from .jobs import JOBS
from .models import BackgroundTask

# Tasks named in the staff's words; any other shows its function's name.
TASK_LABELS = {
    "civic_portal.core.mail_tasks.send_queued_mail": _("メール送信"),
    "civic_portal.core.generated.build_generated_file": _("ファイルの作成（冊子・報告書・オープンデータ）"),
    "civic_portal.core.imports.tasks.preview_import": _("取り込みのプレビュー"),
    "civic_portal.core.imports.tasks.run_import": _("取り込み"),
    **{job.task_path: job.label for job in JOBS},
}

# One list of tasks, under Japanese labels (the package registers its own English one).
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class QueueFilter(admin.SimpleListFilter):
    """The queues the task backend accepts (a list of the values found would read the whole table)."""

    title = _("キュー")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [(name, name) for name in sorted(task_backends["default"].queues)]

    def queryset(self, request, queryset):
        return queryset.filter(queue_name=self.value()) if self.value() else queryset


class EnqueuedFilter(PeriodFilter):
    title = _("受付日")
    field_name = "enqueued_at"


class StatusFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("状態")


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(RecordAdmin):
    list_display = ["enqueued", "label", "state", "run_after_display", "started", "finished", "queue_display"]
    list_filter = [EnqueuedFilter, ("status", StatusFilter), QueueFilter]
    ordering = ["-enqueued_at"]  # served by core's index on the package's table (migration 0006)
    show_full_result_count = False
    fields = readonly_fields = (
        "label", "state", "arguments", "enqueued", "run_after_display", "started", "finished",
        "priority_display", "queue_display", "return_value_display", "error_class", "traceback_display",
    )  # fmt: skip

    @admin.display(description=_("処理"), ordering="task_path")
    def label(self, task):
        return TASK_LABELS.get(task.task_path) or task.task_path.rsplit(".", 1)[-1]

    @admin.display(description=_("状態"), ordering="status")
    def state(self, task):
        return task.get_status_display()

    @admin.display(description=_("受付日時"), ordering="enqueued_at")
    def enqueued(self, task):
        return task.enqueued_at

    @admin.display(description=_("開始日時"), ordering="started_at")
    def started(self, task):
        return task.started_at

    @admin.display(description=_("終了日時"), ordering="finished_at")
    def finished(self, task):
        return task.finished_at

    @admin.display(description=_("引数"))
    def arguments(self, task):
        args, kwargs = task.args_kwargs["args"], task.args_kwargs["kwargs"]
        return ", ".join([*map(repr, args), *(f"{name}={value!r}" for name, value in kwargs.items())])

    @admin.display(description=_("実行予定"), ordering="run_after")
    def run_after_display(self, task):
        return "-" if task.run_after == get_date_max() else task.run_after

    @admin.display(description=_("優先度"))
    def priority_display(self, task):
        return task.priority

    @admin.display(description=_("キュー"), ordering="queue_name")
    def queue_display(self, task):
        return task.queue_name

    @admin.display(description=_("結果"))
    def return_value_display(self, task):
        return "-" if task.return_value is None else task.return_value

    @admin.display(description=_("エラーの種類"))
    def error_class(self, task):
        return task.exception_class_path or "-"

    @admin.display(description=_("トレースバック"))
    def traceback_display(self, task):
        return format_html("<pre>{}</pre>", task.traceback) if task.traceback else "-"
