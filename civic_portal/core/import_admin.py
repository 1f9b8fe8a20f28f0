"""Admin imports in the background: one mixin for every ImportExportModelAdmin, and the list of imports.

The upload form, its permission check (the model's import permission from the roles table) and the resources are
django-import-export's. What changes is where the work happens: the upload is checked (size, format, encoding,
header row) and stored in the private storage as an ImportJob, and the dry run and the import run as tasks
(civic_portal.core.imports.tasks). Staff watch the job's page, which reloads itself while the worker is busy, read
the preview, press 「取り込む」, and get the result, with the errors as a CSV when there are any.

    import/                    the upload form (GET), the upload (POST) → the job's page
    import/<id>/               progress, preview (paginated), result
    import/<id>/confirm/       「取り込む」 (POST): only a preview without errors, of an unchanged file, by its uploader
    import/<id>/errors.csv     the error report
    process_import/            import-export's synchronous confirm: no longer used, sends back to the form
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

from .admin_lists import RecordAdmin
from .imports import files, summary, tasks
from .models import ImportJob, ImportStatus

if TYPE_CHECKING:
    from import_export.admin import ImportExportModelAdmin as _AdminBase
else:
    _AdminBase = object

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 3
PAGE_ROWS = 50
RECENT_JOBS = 10


class BackgroundImportForm(ImportForm):
    """import-export's upload form, and whether the job's page reloads itself (WCAG 2.2.1: the person chooses a
    timed reload before meeting it, and can stop it on the page)."""

    auto_refresh = forms.BooleanField(
        label=_("進み具合の画面を数秒ごとに自動で読み込み直す"),
        required=False,
        initial=True,
    )


class BackgroundImportMixin(_AdminBase):
    """Put it before ImportExportModelAdmin: the admin's import runs as background tasks with progress."""

    import_form_class = BackgroundImportForm
    import_start_template = "admin/import_start.html"
    import_job_template = "admin/import_job.html"

    def get_urls(self):
        info = self.get_model_info()
        wrap = self.admin_site.admin_view
        return [
            path("import/<int:job_id>/", wrap(self.import_job_view), name="{}_{}_import_job".format(*info)),
            path(
                "import/<int:job_id>/confirm/",
                wrap(self.import_confirm_view),
                name="{}_{}_import_confirm".format(*info),
            ),
            path(
                "import/<int:job_id>/errors.csv",
                wrap(self.import_errors_view),
                name="{}_{}_import_errors".format(*info),
            ),
            *super().get_urls(),
        ]

    def _job_url(self, job: ImportJob, view: str = "import_job", *, auto: bool = False) -> str:
        info = self.get_model_info()
        url = reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[job.pk], current_app=self.admin_site.name)
        return f"{url}?auto=1" if auto else url

    # --- upload --------------------------------------------------------------------------------------------------
    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        resource_classes = self.get_import_resource_classes(request)
        if request.method == "POST" and form.is_valid():
            index = self.get_resource_index(form)
            format_class = self.get_import_formats()[int(form.cleaned_data["format"])]
            resource = resource_classes[index](**self.get_import_resource_kwargs(request, form=form, **kwargs))
            upload = form.cleaned_data["import_file"]
            try:
                checked = files.check_upload(upload, format_class, _known_columns(resource))
            except ValidationError as exc:
                form.add_error("import_file", exc)
            else:
                job = self._start_job(request, upload.name, checked, resource_classes[index], index, format_class)
                return HttpResponseRedirect(self._job_url(job, auto=form.cleaned_data.get("auto_refresh", False)))
        resources = [cls(**self.get_import_resource_kwargs(request, form=form, **kwargs)) for cls in resource_classes]
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": _("インポート"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "fields_list": [
                (r.get_display_name(), [f.column_name for f in r.get_user_visible_fields()]) for r in resources
            ],
            "max_size": files.max_bytes(),
            "recent_jobs": [
                (job, self._job_url(job))
                for job in ImportJob.objects.filter(model_label=self.model._meta.label, created_by=request.user)
                .defer("errors", "preview")
                .order_by("-created_at", "-pk")[:RECENT_JOBS]
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_start_template], context)

    def _start_job(self, request, name, checked, resource_class, index, format_class) -> ImportJob:
        with transaction.atomic():
            job = ImportJob(
                model_label=self.model._meta.label,
                resource=resource_class.get_display_name(),
                resource_index=index,
                file_name=name[:255],
                file_size=len(checked.data),
                file_sha256=checked.sha256,
                format=format_class().get_title(),
                created_by=request.user,
            )
            job.file.save(name, ContentFile(checked.data), save=False)
            job.save()
            tasks.enqueue_preview(job)
        logger.info("import job %s (%s) uploaded by user %s: %s", job.pk, job.model_label, request.user.pk, name)
        return job

    def process_import(self, request, **kwargs):
        """import-export's synchronous confirm step: imports now go through the job's page."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        info = self.get_model_info()
        return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_import", current_app=self.admin_site.name))

    # --- the job ---------------------------------------------------------------------------------------------------
    def _job(self, request, job_id: int, *, defer=()) -> ImportJob:
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob.objects.defer(*defer), pk=job_id, model_label=self.model._meta.label)
        if job.created_by_id != request.user.pk and not request.user.is_superuser:
            raise Http404  # one's own imports only: the preview shows the file's content
        return job

    def import_job_view(self, request, job_id: int):
        job = self._job(request, job_id)
        info = self.get_model_info()
        auto = request.GET.get("auto") == "1"
        context = {
            **self.admin_site.each_context(request),
            "title": _("インポート: %(name)s") % {"name": job.file_name},
            "opts": self.model._meta,
            "job": job,
            "note": _phase_note(job),
            "auto": auto,
            "refresh_seconds": REFRESH_SECONDS if job.is_running and auto else None,
            "auto_seconds": REFRESH_SECONDS,
            "stalled": job.is_running and _stalled(job),
            "show_counts": job.previewed_at is not None,
            "may_confirm": job.is_ready and not job.error_count and job.created_by_id == request.user.pk,
            "job_url": self._job_url(job, auto=auto),
            "auto_url": self._job_url(job, auto=True),
            "manual_url": self._job_url(job),
            "confirm_url": self._job_url(job, "import_confirm"),
            "errors_url": self._job_url(job, "import_errors"),
            "import_url": reverse(f"admin:{info[0]}_{info[1]}_import", current_app=self.admin_site.name),
            "changelist_url": reverse(f"admin:{info[0]}_{info[1]}_changelist", current_app=self.admin_site.name),
        }
        page_number = request.GET.get("page") or 1
        rows = job.preview.get("rows", []) if job.is_ready else []
        if rows:
            page = Paginator(rows, PAGE_ROWS).get_page(page_number)
            for row in page:
                row["label"] = TYPE_LABELS.get(row["type"], row["type"])
                row["css"] = row["type"]
            total = job.new + job.updated + job.deleted + job.skipped
            context.update(
                rows_page=page,
                rows_count=len(rows),
                more_rows=len(rows) >= summary.preview_limit() and total > len(rows),
                has_diff=any(row["diff"] for row in rows),
                diff_headers=job.preview.get("headers", []),
            )
        if job.errors:
            context["errors_page"] = Paginator(job.errors, PAGE_ROWS).get_page(page_number)
            context["more_errors"] = job.error_count > len(job.errors)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_job_template], context)

    def import_confirm_view(self, request, job_id: int):
        job = self._job(request, job_id, defer=("errors", "preview"))
        auto = request.POST.get("auto") == "1"
        if request.method != "POST":  # a reload of the address: the job's page
            return HttpResponseRedirect(self._job_url(job))
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().defer("errors", "preview").get(pk=job.pk)
            refusal = _refusal(locked, request.user)
            if refusal is None:
                ImportJob.objects.filter(pk=locked.pk).update(
                    status=ImportStatus.IMPORTING, confirmed_at=timezone.now(), started_at=None, rows_done=0
                )
                tasks.enqueue_import(locked)
        if refusal is not None:
            self.message_user(request, refusal, messages.ERROR)
        else:
            logger.info("import job %s (%s) confirmed by user %s", job.pk, job.model_label, request.user.pk)
        return HttpResponseRedirect(self._job_url(job, auto=auto))

    def import_errors_view(self, request, job_id: int):
        job = self._job(request, job_id, defer=())
        if not job.errors:
            raise Http404
        return summary.error_report(job)


def _refusal(job: ImportJob, user) -> str | None:
    """Why 「取り込む」 cannot be pressed for this job now (None: it can)."""
    if job.created_by_id != user.pk:
        return gettext("取り込めるのはアップロードした本人だけです。")
    if job.status != ImportStatus.READY:
        return gettext("この取り込みは確認待ちではありません（%(status)s）。") % {"status": job.get_status_display()}
    if job.error_count:
        return gettext("プレビューにエラーがあるため取り込めません。")
    if not files.unchanged(job):
        return gettext("アップロードしたファイルがプレビューの後に変わりました。もう一度アップロードしてください。")
    return None


TYPE_LABELS = {"new": _("新規"), "update": _("更新"), "skip": _("変更なし"), "delete": _("削除")}


def _phase_note(job: ImportJob) -> str:
    """What the job is doing, in a sentence for its page."""
    if job.status == ImportStatus.QUEUED:
        return gettext("プレビューの順番を待っています。")
    if job.status == ImportStatus.PREVIEWING:
        return gettext("ファイルの全行を確かめています（まだ何も保存していません）。")
    if job.status == ImportStatus.IMPORTING:
        if job.started_at is None:
            return gettext("取り込みの順番を待っています。")
        return gettext("取り込んでいます。終わるまで、ほかの画面に移っても構いません。")
    if job.status == ImportStatus.READY:
        return gettext("プレビューができました。内容を確かめて「取り込む」を押してください。")
    if job.status == ImportStatus.DONE:
        return gettext("取り込みが終わりました。")
    return ""


def _known_columns(resource) -> set[str]:
    return {str(field.column_name) for field in resource.get_import_fields()}


def _stalled(job: ImportJob) -> bool:
    """No progress for a long time while running: the worker may have stopped (or none is running)."""
    last = job.progress_at or job.created_at
    return (timezone.now() - last).total_seconds() > 600


@admin.register(ImportJob)
class ImportJobAdmin(RecordAdmin):
    """Every import, read only: what, by whom, when, how far and with what result; the uploader opens its page."""

    list_display = ["created_at", "file_name", "target", "status", "progress", "counts", "created_by"]
    list_filter = ["status", "model_label"]
    search_fields = ["file_name"]
    list_select_related = ["created_by"]
    ordering = ["-created_at", "-pk"]
    fields = readonly_fields = (
        "target", "resource", "file_name", "file_size", "format", "created_by", "status", "progress", "counts",
        "message", "created_at", "started_at", "previewed_at", "confirmed_at", "finished_at", "page",
    )  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).defer("errors", "preview")

    @admin.display(description=_("取り込み先"), ordering="model_label")
    def target(self, job):
        try:
            return apps.get_model(job.model_label)._meta.verbose_name
        except LookupError:
            return job.model_label

    @admin.display(description=_("進捗"))
    def progress(self, job):
        return f"{job.rows_done:,} / {job.rows_total:,}"

    @admin.display(description=_("件数"))
    def counts(self, job):
        return gettext("新規 %(new)s・更新 %(updated)s・変更なし %(skipped)s・エラー %(errors)s") % {
            "new": f"{job.new:,}",
            "updated": f"{job.updated:,}",
            "skipped": f"{job.skipped:,}",
            "errors": f"{job.error_count:,}",
        }

    @admin.display(description=_("取り込みの画面"))
    def page(self, job):
        try:
            opts = apps.get_model(job.model_label)._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_import_job", args=[job.pk])
        except (LookupError, NoReverseMatch):  # a model no longer imported in the admin: no link
            return "-"
        return format_html('<a href="{}">{}</a>', url, gettext("開く（アップロードした本人）"))
