"""The part of the application form a round adds without code: one field per question, checked by the service's
own rule (services.check_answer), so the form and the service give the same message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from civic_portal.core.forms import Form
from civic_portal.core.uploads import clean_document

from .models import Answer, Question, QuestionKind
from .services.questions import check_answer, field_name


def _field(question: Question) -> forms.Field:
    kind = question.kind
    help_text = question.help_text
    common: dict[str, Any] = {"label": question.label, "required": False}
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        limit = question.text_limit
        help_text = " ".join(filter(None, [help_text, _("%(limit)s字以内") % {"limit": f"{limit:,}"}]))
        widget = forms.Textarea(attrs={"rows": 5}) if kind == QuestionKind.LONG_TEXT else forms.TextInput()
        return forms.CharField(**common, help_text=help_text, widget=widget, strip=True)
    if kind in (QuestionKind.NUMBER, QuestionKind.AMOUNT):
        message = (
            _("半角数字（円）で入力してください。")
            if kind == QuestionKind.AMOUNT
            else _("半角数字で入力してください。")
        )
        return forms.IntegerField(
            **common,
            help_text=help_text,
            error_messages={"invalid": message},
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        )
    if kind == QuestionKind.DATE:
        return forms.DateField(
            **common,
            help_text=help_text,
            error_messages={"invalid": _("日付（例: 2026-05-01）で入力してください。")},
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
    if kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            **common,
            help_text=help_text,
            choices=[("", _("選んでください")), *[(c, c) for c in question.choice_list]],
            error_messages={"invalid_choice": _("選択肢から選んでください。")},
        )
    return forms.FileField(
        **common,
        help_text=" ".join(filter(None, [help_text, _("PDF又は画像、10MBまで")])),
        error_messages={"invalid": _("ファイルを選んでください。")},
    )


class QuestionsForm(Form):
    """The round's questions; values are kept when the page comes back with errors (a file must be chosen again)."""

    def __init__(self, *args, questions: list[Question], answers: Sequence[Answer] = (), **kwargs):
        stored = {a.question_id: a for a in answers}
        initial = {field_name(a.question): a.value for a in answers if a.value is not None}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.stored_files = {
            q.pk: stored[q.pk].attachment for q in questions if q.pk in stored and stored[q.pk].attachment
        }
        for question in questions:
            field = _field(question)
            if question.required:
                field.label = _("%(label)s（必須）") % {"label": question.label}
            self.fields[field_name(question)] = field

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for question in self.questions:
            name = field_name(question)
            if name in self.errors:
                continue
            value = data.get(name)
            try:
                if question.kind == QuestionKind.FILE:
                    if value:
                        data[name] = clean_document(value)
                else:
                    check_answer(question, value)
            except ValidationError as exc:
                self.add_error(name, exc)
        return data

    def values(self) -> dict[int, Any]:
        """Question id -> value for the service (files apart)."""
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions if q.kind != QuestionKind.FILE}

    def files_given(self) -> dict[int, Any]:
        return {
            q.pk: upload
            for q in self.questions
            if q.kind == QuestionKind.FILE and (upload := self.cleaned_data.get(field_name(q)))
        }

    def rows(self):
        """(bound field, stored attachment or None) per question, for the template."""
        return [(self[field_name(q)], self.stored_files.get(q.pk)) for q in self.questions]
