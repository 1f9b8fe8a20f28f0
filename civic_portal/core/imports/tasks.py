"""The two background tasks of an admin import: the preview (a dry run) and the import, each one transaction.

Both call the admin's own resource (the class, its kwargs and its validation are the admin's, resolved from
admin.site) with import-export's import_data, as the admin did in the request before: `dry_run=True` for the
preview, then `dry_run=False` once staff confirm. Every row is checked each time; any error rolls the whole file
back. A task claims its job by its status in a short transaction first, so a task that runs twice does nothing the
second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from functools import partial
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.signals import post_import

from .. import audit
from ..models import ImportJob, ImportStatus
from . import files, summary
from .progress import Progress
from .resource import task_resource

logger = logging.getLogger(__name__)

IMPORT_PRIORITY = 0  # after mail (50)


class ImportFailed(Exception):
    """A reason the file cannot be imported, said to staff as it is."""


def enqueue_preview(job: ImportJob) -> None:
    """Start the preview once the upload's transaction commits."""
    transaction.on_commit(partial(preview_import.enqueue, job.pk))


def enqueue_import(job: ImportJob) -> None:
    transaction.on_commit(partial(run_import.enqueue, job.pk))


@task(priority=IMPORT_PRIORITY)
def preview_import(job_id: int) -> str:
    """The dry run of an uploaded file: counts, the first rows of the diff and of the errors; nothing is saved."""
    return _run(job_id, dry_run=True)


@task(priority=IMPORT_PRIORITY)
def run_import(job_id: int) -> str:
    """The confirmed import: every row again, in one transaction; any error and nothing is saved."""
    return _run(job_id, dry_run=False)


def _claim(job_id: int, *, dry_run: bool) -> ImportJob | None:
    now = timezone.now()
    waiting = ImportJob.objects.filter(pk=job_id)
    if dry_run:
        claimed = waiting.filter(status=ImportStatus.QUEUED).update(
            status=ImportStatus.PREVIEWING, started_at=now, progress_at=now, rows_done=0
        )
    else:
        claimed = waiting.filter(status=ImportStatus.IMPORTING, started_at__isnull=True).update(
            started_at=now, progress_at=now, rows_done=0
        )
    return ImportJob.objects.select_related("created_by").get(pk=job_id) if claimed else None


def _run(job_id: int, *, dry_run: bool) -> str:
    job = _claim(job_id, dry_run=dry_run)
    if job is None:
        return "skipped"
    progress = Progress(job)
    try:
        outcome = _import(job, dry_run=dry_run, progress=progress)
    except ImportFailed as exc:
        _fail(job, str(exc))
        return "failed"
    except Exception as exc:  # an unexpected error: rolled back, logged with its traceback, said to staff briefly
        logger.exception("import job %s (%s) failed", job.pk, job.model_label)
        _fail(
            job,
            _("取り込み中にエラーが起きたため、何も保存していません（%(error)s）。") % {"error": type(exc).__name__},
        )
        return "failed"
    finally:
        progress.close()
    return outcome


def _import(job: ImportJob, *, dry_run: bool, progress: Progress) -> str:
    model = apps.get_model(job.model_label)
    model_admin: Any = admin.site._registry.get(model)  # an ImportMixin admin (django-import-export has no types)
    if model_admin is None or job.created_by is None:
        raise ImportFailed(_("この取り込みは続けられません。もう一度アップロードしてください。"))
    request = HttpRequest()
    request.user = job.created_by
    try:
        resource_class = model_admin.get_import_resource_classes(request)[job.resource_index]
        format_class = next(f for f in model_admin.get_import_formats() if f().get_title() == job.format)
    except (IndexError, StopIteration):
        raise ImportFailed(_("この取り込みは続けられません。もう一度アップロードしてください。")) from None
    data = _read(job)
    try:
        dataset = files.read_dataset(data, format_class)
    except ValidationError as exc:
        raise ImportFailed(" ".join(exc.messages)) from None
    if not len(dataset):
        raise ImportFailed(_("取り込む行がありません。1行目の列名の下にデータの行を入れてください。"))
    headers = [str(h) for h in dataset.headers or []]
    ImportJob.objects.filter(pk=job.pk).update(rows_total=len(dataset))
    job.rows_total = len(dataset)
    resource = task_resource(resource_class)(**model_admin.get_import_resource_kwargs(request))
    resource.progress = progress
    kwargs = model_admin.get_import_data_kwargs(request=request)
    with audit.context("import", user=job.created_by_id, import_job=job.pk), transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=job.file_name,
            user=job.created_by,
            retain_instance_in_row_result=not dry_run,
            **kwargs,
        )
        ok = not result.has_errors() and not result.has_validation_errors()
        if dry_run or not ok:
            transaction.set_rollback(True)
        else:
            model_admin.generate_log_entries(result, request)
    if ok and not dry_run:
        post_import.send(sender=None, model=model)
    _finish(job, result, headers, resource, dry_run=dry_run, ok=ok)
    return ("previewed" if dry_run else "imported") if ok else "refused"


def _read(job: ImportJob) -> bytes:
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        raise ImportFailed(_("アップロードしたファイルが見つかりません。もう一度アップロードしてください。")) from None
    if hashlib.sha256(data).hexdigest() != job.file_sha256:
        raise ImportFailed(
            _("アップロードしたファイルがプレビューの後に変わりました。もう一度アップロードしてください。")
        )
    return data


def _finish(job: ImportJob, result, headers, resource, *, dry_run: bool, ok: bool) -> None:
    now = timezone.now()
    fields: dict[str, Any] = {**summary.counts(result)}
    fields.update(
        rows_done=job.rows_total,
        progress_at=now,
        errors=summary.error_rows(result, headers, resource.raw_rows),
        message="",
    )
    if dry_run:
        warnings = [
            _("ファイルの次の列は取り込みません: %(columns)s") % {"columns": "、".join(map(str, unknown))}
            for unknown in [getattr(result, "unknown_columns", None)]
            if unknown
        ]
        fields.update(preview=summary.preview(result, headers, warnings), previewed_at=now)
        fields["status"] = ImportStatus.READY if ok else ImportStatus.FAILED
        if not ok:
            fields["message"] = _(
                "エラーがあるため取り込めません。ファイルを直して、もう一度アップロードしてください。"
            )
    else:
        fields["status"] = ImportStatus.DONE if ok else ImportStatus.FAILED
        if not ok:
            fields["message"] = _("エラーがあったため、何も保存していません。")
    if fields["status"] != ImportStatus.READY:
        fields["finished_at"] = now
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    if fields["status"] != ImportStatus.READY:
        _delete_file(job)
    logger.info(
        "import job %s (%s) %s: %s rows, %s new, %s updated, %s in error",
        job.pk,
        job.model_label,
        "preview" if dry_run else "import",
        job.rows_total,
        fields["new"],
        fields["updated"],
        fields["error_count"],
    )


def _fail(job: ImportJob, message: str) -> None:
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, message=message, finished_at=now)
    _delete_file(job)


def _delete_file(job: ImportJob) -> None:
    """An ended job keeps its counts and errors, not the file (it may hold personal data)."""
    if job.file and job.file.name:
        job.file.storage.delete(job.file.name)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def discard_stale(*, now=None, days: int = 7) -> int:
    """Jobs left 確認待ち for `days`, or running with no progress for a day (a worker that stopped): ended as 失敗,
    their uploads deleted; returns how many. For the nightly clean-up."""
    now = now or timezone.now()
    unconfirmed = ImportJob.objects.filter(status=ImportStatus.READY, previewed_at__lt=now - dt.timedelta(days=days))
    stopped = ImportJob.objects.filter(
        status__in=[ImportStatus.QUEUED, ImportStatus.PREVIEWING, ImportStatus.IMPORTING],
        created_at__lt=now - dt.timedelta(days=1),
    ).exclude(progress_at__gte=now - dt.timedelta(days=1))
    count = 0
    for queryset, message in (
        (unconfirmed, _("確認されないまま日が経ったため、取り消しました。")),
        (stopped, _("処理が止まったため、取り消しました。何も保存していません。")),
    ):
        for job in queryset.defer("errors", "preview"):
            _fail(job, str(message))
            count += 1
    return count
