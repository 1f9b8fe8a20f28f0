"""Applicant-side services: save a draft, submit, withdraw, attach files, accept an award, report."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from groups.permissions import group_standing_problem

from .. import budget
from ..models import (
    EDITABLE_STATUSES,
    ActivityReport,
    Application,
    Attachment,
    AttachmentPurpose,
    BudgetLine,
    LineKind,
    LineStage,
    RequiredDocument,
    Round,
    Status,
)
from ..permissions import can_apply_for, can_manage_application
from ._workflow import lock, move
from .documents import documents_problem
from .questions import answers_save, questions_problem

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from civic_portal.accounts.models import User
    from groups.models import Group

PLAN_FIELDS = ("title", "purpose", "content", "schedule", "expected_results", "beneficiaries", "requested_amount")
REQUIRED_AT_SUBMIT = ("title", "purpose", "content", "schedule", "expected_results")


def _replace_lines(application: Application, *, stage: str, lines: list[dict]) -> None:
    application.budget_lines.filter(stage=stage).delete()
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                application=application,
                stage=stage,
                kind=line["kind"],
                category=line["category"],
                description=line.get("description", ""),
                amount=int(line["amount"]),
                eligible=bool(line.get("eligible")) and line["kind"] == LineKind.EXPENSE,
                order=index,
            )
            for index, line in enumerate(lines)
        ]
    )


def _check_lines(lines: list[dict]) -> None:
    for line in lines:
        if int(line["amount"]) < 0:
            raise ValidationError(_("金額は0円以上で入力してください。"), code="negative_amount")


@transaction.atomic
def application_save_draft(
    *,
    user: User,
    grant_round: Round,
    group: Group,
    fields: dict,
    lines: list[dict],
    application: Application | None = None,
    answers: dict[int, Any] | None = None,
    answer_files: dict[int, UploadedFile] | None = None,
) -> Application:
    """Create or update a draft (or a returned application) with its answers to the round's questions; only a
    manager of a registered group, before the close."""
    if problem := group_standing_problem(group):
        raise ValidationError(problem, code="suspended")
    if not can_apply_for(user, group):
        raise PermissionDenied(_("登録済み団体の管理者だけが申請できます。"))
    _check_lines(lines)
    if int(fields.get("requested_amount") or 0) < 0:
        raise ValidationError({"requested_amount": _("申請額は0円以上で入力してください。")})
    if application is None:
        if grant_round.phase() == "closed":
            raise ValidationError(_("この募集は締め切られています。"), code="closed")
        application = Application(round=grant_round, group=group, created_by=user)
    else:
        application = lock(application)
        if application.group_id != group.pk or application.round_id != grant_round.pk:
            raise PermissionDenied
        if application.status not in EDITABLE_STATUSES:
            raise ValidationError(_("提出後の申請は変更できません（差し戻された場合を除く）。"), code="read_only")
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(application, name, fields[name] if fields[name] is not None else "")
    application.requested_amount = int(fields.get("requested_amount") or 0)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ValidationError(_("この団体はこの募集にすでに申請しています。"), code="duplicate") from exc
    _replace_lines(application, stage=LineStage.PLANNED, lines=lines)
    if answers or answer_files:
        answers_save(application=application, user=user, values=answers or {}, files=answer_files)
    return application


def application_check(application: Application) -> list[str]:
    """Every reason the application cannot be submitted yet (empty when it can): plan, budget, limits, eligibility."""
    grant_round = application.round
    problems = []
    missing = [
        str(cast(Field, Application._meta.get_field(n)).verbose_name)
        for n in REQUIRED_AT_SUBMIT
        if not getattr(application, n)
    ]
    if missing:
        problems.append(_("未入力の項目があります: %(fields)s") % {"fields": "、".join(missing)})
    for problem in (questions_problem(application), documents_problem(application)):
        if problem:
            problems.append(problem)
    lines = list(application.budget_lines.filter(stage=LineStage.PLANNED))
    totals = budget.totals(grant=application.requested_amount, lines=lines)
    if not any(line.kind == LineKind.EXPENSE for line in lines):
        problems.append(_("支出の明細を1行以上入力してください。"))
    if application.requested_amount <= 0:
        problems.append(_("申請額を入力してください。"))
    if application.requested_amount > grant_round.max_per_award:
        problems.append(
            _("申請額 %(amount)s円 は上限額 %(max)s円 を超えています。")
            % {"amount": f"{application.requested_amount:,}", "max": f"{grant_round.max_per_award:,}"}
        )
    limit = budget.rate_of(totals.eligible_expenses, grant_round.rate)
    if application.requested_amount > limit:
        problems.append(
            _("申請額は補助対象経費 %(eligible)s円 の %(rate)s 以内（%(limit)s円 以内）にしてください。")
            % {"eligible": f"{totals.eligible_expenses:,}", "rate": grant_round.rate_label, "limit": f"{limit:,}"}
        )
    if not totals.balanced:
        problems.append(
            _("収入合計 %(income)s円 と支出合計 %(expenses)s円 を一致させてください。")
            % {"income": f"{totals.income:,}", "expenses": f"{totals.expenses:,}"}
        )
    group = application.group
    if problem := group_standing_problem(group):
        problems.append(problem)
    elif grant_round.registered_only and not group.is_public:
        problems.append(_("この募集は登録団体のみが申請できます。"))
    if grant_round.min_years_active:
        years = (grant_round.fiscal_year - group.founded_year) if group.founded_year else None
        if years is None or years < grant_round.min_years_active:
            problems.append(
                _("この募集は活動実績 %(years)s年以上の団体が対象です。") % {"years": grant_round.min_years_active}
            )
    return problems


@transaction.atomic
def application_submit(*, application: Application, user: User, now: dt.datetime | None = None) -> Application:
    """Submit (or resubmit) an application only inside the call period; ValidationError lists why not."""
    application = lock(application)
    if not can_manage_application(user, application):
        raise PermissionDenied
    now = now or timezone.now()
    grant_round = application.round
    if application.status == Status.DRAFT and not grant_round.is_open(now):
        when = date_format(timezone.localtime(grant_round.closes_at), "DATETIME_FORMAT")
        if now < grant_round.opens_at:
            message = _("募集開始前のため提出できません。下書きは保存されています。")
        else:
            message = _("募集期間（締切 %(when)s）を過ぎたため提出できません。下書きは保存されています。") % {
                "when": when
            }
        raise ValidationError(message, code="outside_call_period")
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError(_("この申請はすでに提出されています。"), code="already_submitted")
    problems = application_check(application)
    if problems:
        raise ValidationError(problems, code="incomplete")
    to = Status.SUBMITTED if application.status == Status.DRAFT else Status.RESUBMITTED
    application.submitted_at = now
    return move(application, to=to, by=user, fields=["submitted_at"])


@transaction.atomic
def application_withdraw(*, application: Application, user: User, note: str = "") -> Application:
    """The applicant withdraws; allowed wherever the table allows withdrawn."""
    application = lock(application)
    if not can_manage_application(user, application):
        raise PermissionDenied
    return move(application, to=Status.WITHDRAWN, by=user, note=note)


@transaction.atomic
def attachment_add(
    *,
    application: Application,
    user: User,
    title: str,
    file: UploadedFile,
    purpose: str,
    required_document: RequiredDocument | None = None,
) -> Attachment:
    """Attach a content-checked file: application documents while editable, photos and receipts while reporting.
    A file for one of the round's listed documents replaces the one attached for it before."""
    application = lock(application)
    if not can_manage_application(user, application):
        raise PermissionDenied
    if purpose == AttachmentPurpose.APPLICATION and not application.is_editable:
        raise ValidationError(_("提出後の申請には書類を追加できません。"), code="read_only")
    if purpose != AttachmentPurpose.APPLICATION and not application.is_report_due:
        raise ValidationError(_("実績報告の受付中ではありません。"), code="not_reporting")
    if required_document is not None:
        if required_document.round_id != application.round_id or purpose != AttachmentPurpose.APPLICATION:
            raise ValidationError(_("この募集回の提出書類を選んでください。"), code="wrong_document")
        for old in Attachment.objects.filter(application=application, required_document=required_document):
            old.file.delete(save=False)
            old.delete()
    original_name = (getattr(file, "name", "") or "").rsplit("/", 1)[-1][:200]
    return Attachment.objects.create(
        application=application,
        title=title or (required_document.name if required_document else ""),
        file=file,
        original_name=original_name,
        purpose=purpose,
        uploaded_by=user,
        required_document=required_document,
    )


@transaction.atomic
def attachment_delete(*, attachment: Attachment, user: User) -> None:
    """Remove an attachment while its part of the application can still be changed."""
    application = lock(attachment.application)
    if not can_manage_application(user, application):
        raise PermissionDenied
    editable = (
        application.is_editable if attachment.purpose == AttachmentPurpose.APPLICATION else application.is_report_due
    )
    if not editable:
        raise ValidationError(_("この書類は削除できません。"), code="read_only")
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def application_accept_award(*, application: Application, user: User) -> Application:
    """The group accepts an award or a runner-up offer of the remainder (交付申請)."""
    application = lock(application)
    if not can_manage_application(user, application):
        raise PermissionDenied
    return move(application, to=Status.ACCEPTED, by=user)


@transaction.atomic
def report_save(*, application: Application, user: User, fields: dict, lines: list[dict]) -> ActivityReport:
    """Save the activity report draft (outcomes and actual income/expenses) while a report is due."""
    application = lock(application)
    if not can_manage_application(user, application):
        raise PermissionDenied
    if not application.is_report_due:
        raise ValidationError(_("実績報告の受付中ではありません。"), code="not_reporting")
    _check_lines(lines)
    report, _created = ActivityReport.objects.update_or_create(
        application=application,
        defaults={
            "outcomes": fields.get("outcomes", ""),
            "participants": fields.get("participants"),
            "challenges": fields.get("challenges", ""),
        },
    )
    _replace_lines(application, stage=LineStage.ACTUAL, lines=lines)
    return report


@transaction.atomic
def report_submit(*, application: Application, user: User) -> Application:
    """Submit the activity report; needs outcomes and at least one actual expense."""
    application = lock(application)
    if not can_manage_application(user, application):
        raise PermissionDenied
    report = ActivityReport.objects.filter(application=application).first()
    if report is None or not report.outcomes:
        raise ValidationError(_("事業の成果を入力してください。"), code="no_outcomes")
    if not application.budget_lines.filter(stage=LineStage.ACTUAL, kind=LineKind.EXPENSE).exists():
        raise ValidationError(_("支出の実績を1行以上入力してください。"), code="no_actuals")
    report.submitted_at = timezone.now()
    report.save(update_fields=["submitted_at", "updated_at"])
    return move(application, to=Status.REPORTED, by=user)
