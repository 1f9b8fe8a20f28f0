"""Abstract building blocks shared by the apps' models, and the core app's own: audit trail, mail queue, tasks."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, cast

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from pghistory import core as pghistory_core
from pghistory.models import Events

from .storage import RandomName, private_storage
from .validators import validate_kana

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from civic_portal.accounts.models import User


class WorkflowModel(models.Model):
    """A model whose `status` moves only along its TRANSITIONS table (from-status -> statuses it may move to).

    civic_portal.core.workflow.transition() is the one way it moves; each step is written to the StatusChangeBase
    model whose ForeignKey to it has the reverse name STATUS_LOG.
    """

    TRANSITIONS: ClassVar[Mapping[str, frozenset[str]]]
    STATUS_LOG: ClassVar[str] = "status_changes"
    if TYPE_CHECKING:  # each workflow model declares the field with its own choices
        status = models.CharField[str, str]()

    class Meta:
        abstract = True

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    def transition_problem(self, to: str) -> str | None:
        """Why a move the table allows cannot be made now (a rule of time or data), in the user's language; None when
        it can. transition() refuses the move with this message; models override it for such rules."""
        return None


def actor_field(
    verbose_name: "StrOrPromise", *, blank: bool = False, related_name: str | None = "+"
) -> "models.ForeignKey[User | None, User | None]":
    """The user who did something: the record stays, without a name, when that account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class StatusChangeBase(models.Model):
    """A workflow step's who / when / note; each app adds the object it logs (LOGGED names the field) and its
    from/to status fields (status_fields()), and takes its Meta from status_change_meta()."""

    LOGGED: ClassVar[str]

    changed_by = actor_field(_("変更者"), blank=True)
    changed_at = models.DateTimeField(_("変更日時"), auto_now_add=True)
    note = models.TextField(_("メモ"), blank=True)

    class Meta:
        abstract = True

    if TYPE_CHECKING:  # each log declares them with its workflow's choices
        from_status = models.CharField[str, str]()
        to_status = models.CharField[str, str]()

    def __str__(self) -> str:
        return f"{getattr(self, self.LOGGED)}: {self.from_status or '-'} → {self.to_status}"


def status_fields(statuses: type[models.TextChoices], *, max_length: int) -> tuple[models.CharField, models.CharField]:
    """A status log's from/to fields over one workflow's statuses (from is empty for the row of a new object)."""
    return (
        models.CharField(_("変更前"), max_length=max_length, choices=statuses.choices, blank=True),
        models.CharField(_("変更後"), max_length=max_length, choices=statuses.choices),
    )


def status_change_meta(
    logged: str, statuses: type[models.TextChoices], *, prefix: str, name: "StrOrPromise"
) -> type[StatusChangeBase.Meta]:
    """A status log's Meta: the logged object's history in order, its valid statuses and its two indexes."""
    options = {
        "verbose_name": name,
        "verbose_name_plural": name,
        "ordering": [logged, "changed_at", "id"],
        "constraints": status_change_constraints(statuses, prefix=prefix),
        "indexes": status_change_indexes(logged, prefix=prefix),
    }
    return cast("type[StatusChangeBase.Meta]", type("Meta", (StatusChangeBase.Meta,), options))


def status_change_constraints(statuses: type[models.TextChoices], *, prefix: str) -> list[models.BaseConstraint]:
    """A status log holds only the workflow's statuses (from_status is empty for the row of a new object)."""
    return [
        models.CheckConstraint(
            condition=Q(to_status__in=statuses.values) & (Q(from_status="") | Q(from_status__in=statuses.values)),
            name=f"{prefix}_valid",
        ),
    ]


def status_change_indexes(obj: str, *, prefix: str) -> list[models.Index]:
    """One object's history in order, and the moves into a status over a period (figures, reports)."""
    return [
        models.Index(fields=[obj, "changed_at"], name=f"{prefix}_obj_at"),
        models.Index(fields=["to_status", "changed_at"], name=f"{prefix}_to_at"),
    ]


class AuditEvent(Events):
    """Every tracked change across the portal, with who made it, from where and from which address (read only)."""

    user = pghistory_core.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, verbose_name=_("変更者"), related_name="+"
        ),
    )
    url = pghistory_core.ProxyField("pgh_context__url", models.TextField(_("画面"), null=True))
    source = pghistory_core.ProxyField("pgh_context__source", models.TextField(_("経路"), null=True))
    ip = pghistory_core.ProxyField("pgh_context__ip", models.TextField(_("接続元"), null=True))

    class Meta:
        proxy = True
        verbose_name = _("変更履歴")
        verbose_name_plural = _("変更履歴")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("送信待ち")
    SENDING = "sending", _("送信中")
    SENT = "sent", _("送信済み")
    FAILED = "failed", _("送信失敗")


class OutgoingMail(models.Model):
    """One message as it was handed to Django's mailer, kept until the worker has sent it or given up.

    The queue mailer (civic_portal.core.mail_backend) writes it inside the caller's transaction; the send task
    (civic_portal.core.mail_tasks) moves it pending → sending → sent, back to pending for a retry, or to failed.
    """

    status = models.CharField(_("状態"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    from_email = models.TextField(_("差出人"))
    to = ArrayField(models.TextField(), verbose_name=_("宛先"), default=list, blank=True)
    cc = ArrayField(models.TextField(), verbose_name=_("CC"), default=list, blank=True)
    bcc = ArrayField(models.TextField(), verbose_name=_("BCC"), default=list, blank=True)
    reply_to = ArrayField(models.TextField(), verbose_name=_("返信先"), default=list, blank=True)
    subject = models.TextField(_("件名"), blank=True)
    body = models.TextField(_("本文"), blank=True)
    # "html" for a message whose body itself is HTML (the message's content_subtype).
    content_subtype = models.CharField(_("本文の形式"), max_length=20, default="plain")
    # [{"mimetype": ..., "text" or "base64": ...}]: an HTML version of the body, for instance.
    alternatives = models.JSONField(_("別形式の本文"), default=list, blank=True)
    # [{"filename", "mimetype", "text" or "base64"}], or {"mime": base64} for a ready-made MIME part.
    attachments = models.JSONField(_("添付ファイル"), default=list, blank=True)
    headers = models.JSONField(_("ヘッダー"), default=dict, blank=True)
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("送信試行回数"), default=0)
    next_attempt_at = models.DateTimeField(_("次の送信試行"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("最後の送信試行"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    last_error = models.TextField(_("最後のエラー"), blank=True)

    class Meta:
        verbose_name = _("送信メール")
        verbose_name_plural = _("送信メール")
        ordering = ["-created_at", "-pk"]
        permissions = [("resend_outgoingmail", _("送信に失敗したメールを再送できる"))]
        indexes = [
            models.Index(fields=["status", "created_at"], name="core_mail_status_at"),
            models.Index(fields=["-created_at", "-id"], name="core_mail_created"),  # the admin's list
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MailStatus.values), name="core_mail_status_valid"),
            models.CheckConstraint(
                condition=Q(status=MailStatus.SENT, sent_at__isnull=False) | ~Q(status=MailStatus.SENT),
                name="core_mail_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to + self.cc + self.bcc)}"


class BackgroundTask(DBTaskResult):
    """A task the worker ran or will run (django_tasks_db's row), shown to staff read-only under Japanese labels."""

    class Meta:
        proxy = True
        verbose_name = _("バックグラウンド処理")
        verbose_name_plural = _("バックグラウンド処理")


class Area(models.Model):
    """A city district (地区) groups, volunteers and facilities are in; the list is kept by staff."""

    name = models.CharField(_("地区名"), max_length=50, unique=True)
    name_kana = models.CharField(_("ふりがな"), max_length=100, blank=True, validators=[validate_kana])
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("活動地区")
        verbose_name_plural = _("活動地区")
        ordering = ["sort_order", "name_kana"]

    def __str__(self):
        return self.name


class JobRun(models.Model):
    """One period's run of a scheduled job (civic_portal.core.jobs): written when its task is enqueued.

    (job, period) is unique for scheduled runs, so two servers' timers or a rerun of `run_jobs` in the same period
    never enqueue it twice; a run by hand (`run_jobs --now`) is recorded beside it and does not count. State,
    finish time and result are the task's own (its row in バックグラウンド処理).
    """

    job = models.CharField(_("定期処理"), max_length=40)
    # The period the run belongs to, in the site's time zone: "2026-04-01" (daily), "2026-04-01T13" (hourly),
    # "FY2025" (the fiscal year closed).
    period = models.CharField(_("対象期間"), max_length=20)
    by_hand = models.BooleanField(_("手動実行"), default=False)
    enqueued_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    # Set to NULL by the database when the clean-up job (or prune_db_task_results) deletes the task row.
    task = models.ForeignKey(
        DBTaskResult,
        on_delete=models.DB_SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("バックグラウンド処理"),
    )

    class Meta:
        verbose_name = _("定期処理の実行記録")
        verbose_name_plural = _("定期処理の実行記録")
        ordering = ["-enqueued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period"], condition=Q(by_hand=False), name="core_jobrun_once_per_period"
            ),
        ]
        indexes = [models.Index(fields=["job", "-enqueued_at"], name="core_jobrun_job_latest")]

    def __str__(self):
        return f"{self.job} {self.period}"


class GeneratedFileStatus(models.TextChoices):
    PENDING = "pending", _("作成待ち")
    BUILDING = "building", _("作成中")
    READY = "ready", _("作成済み")
    FAILED = "failed", _("作成失敗")


class GeneratedFile(models.Model):
    """A file the worker builds from the database and keeps in storage until its source changes (a booklet PDF, an
    annual-report PDF, an open-data file); civic_portal.core.generated builds and serves it.

    One row per key ("booklet:all", "report:<plan>:<year>:<edition>", "opendata:grants-360giving" …): the key is
    unique, a build claims the row pending → building under its own token, so one key never has two builds at once.
    """

    key = models.CharField(_("キー"), max_length=200, unique=True)
    title = models.CharField(_("名称"), max_length=300)
    builder = models.CharField(_("作成処理"), max_length=200)
    params = models.JSONField(_("作成条件"), default=dict, blank=True)
    private = models.BooleanField(_("非公開"), default=False, help_text=_("非公開の保存場所に置き、権限を確かめて渡す"))
    status = models.CharField(
        _("状態"), max_length=10, choices=GeneratedFileStatus.choices, default=GeneratedFileStatus.PENDING
    )
    progress_done = models.PositiveIntegerField(_("進捗（済み）"), default=0)
    progress_total = models.PositiveIntegerField(_("進捗（全体）"), default=0)
    # The storage name of the current file; empty until built, or when the source holds nothing to publish.
    file_name = models.CharField(_("保存名"), max_length=300, blank=True)
    filename = models.CharField(_("ファイル名"), max_length=200)
    content_type = models.CharField(_("形式"), max_length=100)
    size = models.PositiveBigIntegerField(_("サイズ（バイト）"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # The version of the source data the current file was built from, and the one the latest request asked for.
    fingerprint = models.CharField(_("元データの版"), max_length=200, blank=True)
    requested_fingerprint = models.CharField(_("依頼時の元データの版"), max_length=200, blank=True)
    build_token = models.UUIDField(_("作成番号"), null=True, blank=True)
    requested_at = models.DateTimeField(_("依頼日時"), null=True, blank=True)
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    built_at = models.DateTimeField(_("作成日時"), null=True, blank=True)
    error = models.TextField(_("エラー"), blank=True)

    class Meta:
        verbose_name = _("生成ファイル")
        verbose_name_plural = _("生成ファイル")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GeneratedFileStatus.values), name="core_generatedfile_status_valid"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_in_progress(self) -> bool:
        return self.status in (GeneratedFileStatus.PENDING, GeneratedFileStatus.BUILDING)

    @property
    def is_failed(self) -> bool:
        return self.status == GeneratedFileStatus.FAILED


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("待機中")
    PREVIEWING = "previewing", _("プレビュー作成中")
    READY = "ready", _("確認待ち")
    IMPORTING = "importing", _("取り込み中")
    DONE = "done", _("完了")
    FAILED = "failed", _("失敗")


class ImportJob(models.Model):
    """One admin import (civic_portal.core.import_admin): the uploaded file, its preview, its import and its result.

    Upload → 待機中 → (preview task, a dry run) プレビュー作成中 → 確認待ち, or 失敗 when a row is wrong →
    (「取り込む」) 取り込み中 → (import task, one transaction) 完了, or 失敗 with nothing saved. The file stays in
    the private storage until the job ends. Row errors and preview rows are kept up to a bound (counts are whole).
    """

    model_label = models.CharField(_("取り込み先"), max_length=100)  # "groups.Group"
    resource = models.CharField(_("取り込み形式"), max_length=200)
    resource_index = models.PositiveSmallIntegerField(_("取り込み形式の番号"), default=0)
    file = models.FileField(
        _("ファイル"), storage=private_storage, upload_to=RandomName("imports"), max_length=200, blank=True
    )
    file_name = models.CharField(_("元のファイル名"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("サイズ（バイト）"), default=0)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64)
    format = models.CharField(_("形式"), max_length=10)
    created_by = actor_field(_("実行者"))
    status = models.CharField(_("状態"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(_("行数"), default=0)
    rows_done = models.PositiveIntegerField(_("処理済みの行"), default=0)
    new = models.PositiveIntegerField(_("新規"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    deleted = models.PositiveIntegerField(_("削除"), default=0)
    skipped = models.PositiveIntegerField(_("変更なし"), default=0)
    error_count = models.PositiveIntegerField(_("エラーの行"), default=0)
    # [{"row": n or null, "errors": [[column, message], ...], "values": [...]}], the first IMPORT_ERROR_ROWS rows.
    errors = models.JSONField(_("エラー"), default=list, blank=True)
    # {"headers": [...], "rows": [{"row", "type", "repr", "diff"}], "warnings": [...], "columns": [...]}.
    preview = models.JSONField(_("プレビュー"), default=dict, blank=True)
    message = models.TextField(_("メッセージ"), blank=True)
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    progress_at = models.DateTimeField(_("進捗の更新日時"), null=True, blank=True)
    previewed_at = models.DateTimeField(_("プレビュー完了日時"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("取り込み")
        verbose_name_plural = _("取り込み")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["model_label", "created_by", "-created_at"], name="core_importjob_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="core_importjob_status_valid"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        """Waiting for the worker or being worked on: the page reloads itself."""
        return self.status in (ImportStatus.QUEUED, ImportStatus.PREVIEWING, ImportStatus.IMPORTING)

    @property
    def is_ready(self) -> bool:
        return self.status == ImportStatus.READY

    @property
    def is_done(self) -> bool:
        return self.status == ImportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ImportStatus.FAILED

    @property
    def progress_percent(self) -> int:
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0
