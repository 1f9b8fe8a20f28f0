"""Answers to a round's questions: one check of each value, saved with the draft, required ones at submission."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Answer, Application, Attachment, AttachmentPurpose, Question, QuestionKind

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from civic_portal.accounts.models import User

NUMBER_LIMIT = 10_000_000_000


def field_name(question: Question) -> str:
    """The form field (and service error key) of a question."""
    return f"q_{question.pk}"


def check_answer(question: Question, value: Any) -> Any:
    """The answer as stored (JSON) after checking it against the question's limits; None when left blank."""
    if value is None or value == "":
        return None
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        text = str(value).strip()
        if len(text) > question.text_limit:
            raise ValidationError(
                _("「%(label)s」は%(limit)s字以内で入力してください（いまは%(count)s字です）。")
                % {"label": question.label, "limit": f"{question.text_limit:,}", "count": f"{len(text):,}"},
                code="too_long",
            )
        return text or None
    if kind in (QuestionKind.NUMBER, QuestionKind.AMOUNT):
        number = int(value)
        low = question.min_value if question.min_value is not None else (0 if kind == QuestionKind.AMOUNT else None)
        high = question.max_value if question.max_value is not None else NUMBER_LIMIT
        unit = _("円") if kind == QuestionKind.AMOUNT else ""
        if low is not None and number < low:
            raise ValidationError(
                _("「%(label)s」は%(low)s%(unit)s以上で入力してください。")
                % {"label": question.label, "low": f"{low:,}", "unit": unit},
                code="too_small",
            )
        if number > high:
            raise ValidationError(
                _("「%(label)s」は%(high)s%(unit)s以下で入力してください。")
                % {"label": question.label, "high": f"{high:,}", "unit": unit},
                code="too_large",
            )
        return number
    if kind == QuestionKind.DATE:
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise ValidationError(
                _("「%(label)s」は日付（例: 2026-05-01）で入力してください。") % {"label": question.label},
                code="invalid_date",
            ) from exc
    if kind == QuestionKind.CHOICE:
        if str(value) not in question.choice_list:
            raise ValidationError(
                _("「%(label)s」は選択肢から選んでください。") % {"label": question.label}, code="invalid_choice"
            )
        return str(value)
    raise ValidationError(_("「%(label)s」はファイルを添付してください。") % {"label": question.label})


def answers_save(
    *, application: Application, user: User, values: dict[int, Any], files: dict[int, UploadedFile] | None = None
) -> None:
    """Store the answers given (question id -> value) and any file answers, every value checked; the caller holds
    the application's lock inside its transaction (application_save_draft)."""
    questions = {q.pk: q for q in Question.objects.filter(round_id=application.round_id)}
    errors: dict[str, list[ValidationError]] = {}
    rows = []
    for pk, value in values.items():
        question = questions.get(pk)
        if question is None or question.kind == QuestionKind.FILE:
            continue
        try:
            rows.append(Answer(application=application, question=question, value=check_answer(question, value)))
        except ValidationError as exc:
            errors[field_name(question)] = [exc]
    if errors:
        raise ValidationError(errors)
    if rows:
        Answer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["application", "question"],
            update_fields=["value", "updated_at"],
        )
    for pk, upload in (files or {}).items():
        question = questions.get(pk)
        if question is not None and question.kind == QuestionKind.FILE:
            _replace_file_answer(application=application, user=user, question=question, upload=upload)


def _replace_file_answer(*, application: Application, user: User, question: Question, upload: UploadedFile) -> None:
    """A file answer is an application attachment (private, downloaded through the attachment views)."""
    answer = Answer.objects.select_related("attachment").filter(application=application, question=question).first()
    old = answer.attachment if answer else None
    attachment = Attachment.objects.create(
        application=application,
        title=question.label,
        file=upload,
        original_name=(getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200],
        purpose=AttachmentPurpose.APPLICATION,
        uploaded_by=user,
    )
    Answer.objects.update_or_create(application=application, question=question, defaults={"attachment": attachment})
    if old is not None:
        old.file.delete(save=False)
        old.delete()


def unanswered_required(application: Application) -> list[Question]:
    """The round's required questions the application has not answered (one query)."""
    answered = Answer.objects.filter(application=application).exclude(value__isnull=True, attachment__isnull=True)
    return list(
        Question.objects.filter(round_id=application.round_id, required=True)
        .exclude(answers__in=answered)
        .order_by("order", "id")
    )


def questions_problem(application: Application) -> str | None:
    """The submission problem naming the unanswered required questions, or None."""
    missing = unanswered_required(application)
    if not missing:
        return None
    return _("未回答の質問があります: %(labels)s") % {"labels": "、".join(q.label for q in missing)}
