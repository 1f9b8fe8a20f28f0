"""Files built in the background from the database and served from storage: booklet PDFs, annual-report PDFs,
open-data files (civic_portal/core/README.md, "Generated files").

A `Spec` says what a key is built by and what the source data's version (fingerprint) is now. A page asks
`ensure()` for its specs: a key whose file is missing or was built from another version gets one build queued
(`request_build`: the key's row locked, pending, the task enqueued after commit), unless one is waiting or
running. The task claims the row pending → building under a fresh token in one UPDATE, so a second task for the
same key does nothing; the builder writes to a temporary file, which is hashed and streamed to storage (public
files to the default storage, private ones to the private storage), and only a build still holding its token
may record its file. A build lost with its worker (pending or building for over LOST_AFTER) may be asked for
again; a failed one is retried when its source changes or after RETRY_FAILED_AFTER.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.tasks import task
from django.utils import timezone
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import GeneratedFile
from .models import GeneratedFileStatus as S

logger = logging.getLogger(__name__)

LOST_AFTER = dt.timedelta(hours=1)
RETRY_FAILED_AFTER = dt.timedelta(minutes=15)
PROGRESS_EVERY_SECONDS = 1.0
# Long builds go after mail (50) and ordinary tasks (0) sharing the worker.
BUILD_PRIORITY = -10
ERROR_LENGTH = 4000
RETRY_AFTER_SECONDS = 30
CHUNK = 64 * 1024

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Spec:
    """A key, its builder (dotted path of `build(out, params, progress) -> Built`) and parameters, the download's
    name and type, where it is kept, and the version of its source data now ("" = built on request only).

    `serve_stale`: hand out the last file while the next one is built (open data, a frozen report); a booklet
    says 作成中 instead, so a group that left the register or withdrew consent is never printed again."""

    key: str
    builder: str
    title: str
    filename: str
    content_type: str
    params: dict = field(default_factory=dict, hash=False)
    fingerprint: str = ""
    private: bool = False
    serve_stale: bool = False


@dataclass(frozen=True)
class Built:
    """A builder's answer: the version of the source it read, and whether the source held nothing to publish."""

    fingerprint: str
    empty: bool = False


def files_for(keys: Iterable[str]) -> dict[str, GeneratedFile]:
    """The rows of these keys, by key (one query)."""
    return {row.key: row for row in GeneratedFile.objects.filter(key__in=list(keys))}


def servable(spec: Spec, row: GeneratedFile | None) -> bool:
    """The stored file may be handed out: built once, and from the current source unless the spec serves stale."""
    return (
        row is not None
        and row.built_at is not None
        and bool(row.file_name)
        and (spec.serve_stale or row.fingerprint == spec.fingerprint)
    )


def is_empty(spec: Spec, row: GeneratedFile | None) -> bool:
    """Built from the current source, which held nothing to publish (no file)."""
    return row is not None and row.built_at is not None and not row.file_name and row.fingerprint == spec.fingerprint


def needs_build(spec: Spec, row: GeneratedFile | None, now: dt.datetime | None = None) -> bool:
    """No file for the spec's current source, and no build waiting or running for it (or that one was lost)."""
    now = now or timezone.now()
    if row is None:
        return True
    if row.is_in_progress:
        return _lost(row, now)
    if row.status == S.FAILED:
        return row.requested_fingerprint != spec.fingerprint or (row.requested_at or now) <= now - RETRY_FAILED_AFTER
    return row.built_at is None or row.fingerprint != spec.fingerprint


def _lost(row: GeneratedFile, now: dt.datetime) -> bool:
    since = row.started_at if row.status == S.BUILDING else row.requested_at
    return since is None or since <= now - LOST_AFTER


def ensure(specs: Iterable[Spec], rows: dict[str, GeneratedFile] | None = None) -> dict[str, GeneratedFile]:
    """Queue one build for each spec whose file is missing or stale and not being built; the rows, by key."""
    specs = list(specs)
    rows = files_for(spec.key for spec in specs) if rows is None else dict(rows)
    now = timezone.now()
    for spec in specs:
        if needs_build(spec, rows.get(spec.key), now):
            rows[spec.key] = request_build(spec)
    return rows


def request_build(spec: Spec, *, force: bool = False) -> GeneratedFile:
    """Queue a build of the spec's key after commit unless one is waiting or running (decided under the row's lock);
    without `force`, only when the file is missing or stale."""
    now = timezone.now()
    with transaction.atomic():
        row = GeneratedFile.objects.select_for_update().filter(key=spec.key).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = GeneratedFile.objects.create(
                        key=spec.key,
                        status=S.PENDING,
                        requested_at=now,
                        requested_fingerprint=spec.fingerprint,
                        **_described(spec),
                    )
            except IntegrityError:  # another request made it first: wait for its lock, then decide as below
                row = GeneratedFile.objects.select_for_update().get(key=spec.key)
            else:
                _enqueue(spec.key)
                return row
        if (row.is_in_progress and not _lost(row, now)) or not (force or needs_build(spec, row, now)):
            return row
        for name, value in _described(spec).items():
            setattr(row, name, value)
        row.status, row.requested_at, row.requested_fingerprint = S.PENDING, now, spec.fingerprint
        row.build_token, row.progress_done, row.progress_total, row.error = None, 0, 0, ""
        row.save()
        _enqueue(spec.key)
    return row


def current_file(spec: Spec) -> GeneratedFile | None:
    """The row to serve for a spec that serves stale files (open data): the stored file, with a rebuild queued
    when its source has changed; built now when no file is stored yet; None while another process builds it."""
    row = files_for([spec.key]).get(spec.key)
    if row is not None and row.built_at is not None and (row.file_name or row.fingerprint == spec.fingerprint):
        if needs_build(spec, row):
            request_build(spec)
        return row
    return build_now(spec)


def build_now(spec: Spec) -> GeneratedFile | None:
    """Build in this process (a first build a request waits for); None when another build is waiting or running
    for the key, or when this one failed (the error is kept on the row and logged)."""
    token, now = uuid.uuid4(), timezone.now()
    try:
        with transaction.atomic():
            row = GeneratedFile.objects.create(
                key=spec.key,
                status=S.BUILDING,
                build_token=token,
                requested_at=now,
                started_at=now,
                requested_fingerprint=spec.fingerprint,
                **_described(spec),
            )
    except IntegrityError:
        # Claim a row nobody is building: queued but not started, built, or failed long enough ago.
        claimable = Q(status__in=[S.PENDING, S.READY]) | Q(status=S.FAILED, requested_at__lte=now - RETRY_FAILED_AFTER)
        claimed = GeneratedFile.objects.filter(claimable, key=spec.key).update(
            status=S.BUILDING,
            build_token=token,
            requested_at=now,
            started_at=now,
            requested_fingerprint=spec.fingerprint,
            progress_done=0,
            progress_total=0,
            **_described(spec),
        )
        if not claimed:
            return None
        row = GeneratedFile.objects.get(key=spec.key)
    try:
        _run(row, token)
    except Exception:  # logged and kept on the row by _run; the caller answers that the file is not ready
        return None
    return GeneratedFile.objects.get(pk=row.pk)


def _described(spec: Spec) -> dict:
    return {
        "title": spec.title[:300],
        "builder": spec.builder,
        "params": spec.params,
        "private": spec.private,
        "filename": spec.filename,
        "content_type": spec.content_type,
    }


def _enqueue(key: str) -> None:
    transaction.on_commit(partial(build_generated_file.enqueue, key))


@task(priority=BUILD_PRIORITY)
def build_generated_file(key: str) -> str:
    """Build one key's file if its row is still waiting for a build; a second task for the key does nothing."""
    token = uuid.uuid4()
    row = _claim(key, token)
    if row is None:
        return "skipped"
    _run(row, token)
    return "built"


def _claim(key: str, token: uuid.UUID) -> GeneratedFile | None:
    claimed = GeneratedFile.objects.filter(key=key, status=S.PENDING).update(
        status=S.BUILDING, build_token=token, started_at=timezone.now(), progress_done=0, progress_total=0
    )
    return GeneratedFile.objects.get(key=key) if claimed else None


class _Progress:
    """The builder's progress callback: written to the row at most once a second (and at the end)."""

    def __init__(self, pk: int, token: uuid.UUID):
        self.pk, self.token = pk, token
        self.last: float | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.last is not None and now - self.last < PROGRESS_EVERY_SECONDS and done < total:
            return
        self.last = now
        rows = GeneratedFile.objects.filter(pk=self.pk, build_token=self.token)
        rows.update(progress_done=done, progress_total=total)


def _run(row: GeneratedFile, token: uuid.UUID) -> None:
    """Run the builder into a temporary file, store it, record it if this build still holds the row."""
    logger.info("generated file %s: build started", row.key)
    try:
        builder = import_string(row.builder)
        with tempfile.TemporaryFile() as out:
            built = builder(out, row.params, _Progress(row.pk, token))
            name, size, digest = _store(row, out, built)
    except Exception as exc:
        error = "".join(traceback.format_exception_only(exc)).strip()[:ERROR_LENGTH]
        GeneratedFile.objects.filter(pk=row.pk, build_token=token).update(
            status=S.FAILED, error=error, build_token=None
        )
        logger.exception("generated file %s: build failed", row.key)
        raise
    recorded = GeneratedFile.objects.filter(pk=row.pk, build_token=token).update(
        status=S.READY,
        file_name=name,
        size=size,
        sha256=digest,
        fingerprint=built.fingerprint,
        built_at=timezone.now(),
        error="",
        build_token=None,
    )
    if recorded and row.file_name and row.file_name != name:
        _delete(row.private, row.file_name)  # the file this one replaces
    elif not recorded and name and not GeneratedFile.objects.filter(file_name=name).exists():
        _delete(row.private, name)  # a newer request took the row over: this file is nobody's
    logger.info("generated file %s: %s (%s bytes)", row.key, "built" if recorded else "superseded", size)


def _store(row: GeneratedFile, out: BinaryIO, built: Built) -> tuple[str, int | None, str]:
    """Hash the built file and stream it to storage (unless the row already holds these very bytes)."""
    if built.empty:
        return "", None, ""
    out.seek(0)
    digest = hashlib.sha256()
    while chunk := out.read(CHUNK):
        digest.update(chunk)
    size, sha = out.tell(), digest.hexdigest()
    if row.file_name and row.sha256 == sha:
        return row.file_name, size, sha
    out.seek(0)
    suffix = PurePosixPath(row.filename).suffix.lower()
    # Public names carry the content hash (a new file, a new name: caches never see a half-written file).
    stem = uuid.uuid4().hex if row.private else f"{_slug(row.key)}-{sha[:16]}"
    name = storage_for(row.private).save(f"generated/{stem}{suffix}", File(out))
    return name, size, sha


def _slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")[:120]


def _delete(private: bool, name: str) -> None:
    try:
        storage_for(private).delete(name)
    except OSError:
        logger.warning("generated file %s could not be deleted", name)


def storage_for(private: bool) -> Storage:
    return storages["private" if private else "default"]


def file_response(request, row: GeneratedFile, *, inline: bool = False) -> FileResponse | HttpResponseNotModified:
    """The stored file streamed from storage with its type and name, an ETag (304 when the client has it) and
    nosniff. Raises FileNotFoundError when storage lost it."""
    etag = f'"{row.sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        return not_modified
    handle = storage_for(row.private).open(row.file_name, "rb")
    response = FileResponse(handle, as_attachment=not inline, filename=row.filename, content_type=row.content_type)
    response["ETag"] = etag
    if row.built_at:
        response["Last-Modified"] = http_date(row.built_at.timestamp())
    response["Cache-Control"] = "private, no-cache" if row.private else "public, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def retry_later(seconds: int = RETRY_AFTER_SECONDS) -> HttpResponse:
    """503 with Retry-After: the file is being built (a machine client comes back; a person reads why)."""
    response = HttpResponse(
        _("ファイルを作成中です。しばらくしてから、もう一度お試しください。"),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response


def lost_file(spec: Spec, row: GeneratedFile) -> GeneratedFile:
    """Storage no longer holds the row's file: forget it and queue a new build."""
    GeneratedFile.objects.filter(pk=row.pk, file_name=row.file_name).update(file_name="", fingerprint="")
    logger.warning("generated file %s: %s missing from storage, rebuilding", row.key, row.file_name)
    return request_build(spec, force=True)
