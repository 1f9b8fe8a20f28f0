"""Questions staff add to a round's application form without code, and the applicants' answers.

An answer is one row per application and question; `value` holds the typed value as JSON (text and choice as a
string, number and amount as an integer, a date as ISO 8601), a file answer points at its Attachment (private,
content-checked, downloaded through the attachment views). One model keeps the export and the reviewers' page to
one query, and the question's kind says how to read the value.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

SHORT_TEXT_MAX = 200


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("短い文章")
    LONG_TEXT = "long_text", _("長い文章（文字数の上限つき）")
    NUMBER = "number", _("数")
    AMOUNT = "amount", _("金額（円）")
    DATE = "date", _("日付")
    CHOICE = "choice", _("選択肢")
    FILE = "file", _("ファイル（PDF又は画像）")


class Question(models.Model):
    """A question of a round's application form: kind, required or not, order and its limits."""

    round = models.ForeignKey(
        "grants.Round", on_delete=models.CASCADE, related_name="questions", verbose_name=_("募集回")
    )
    label = models.CharField(_("質問"), max_length=200)
    help_text = models.CharField(_("説明"), max_length=300, blank=True)
    kind = models.CharField(_("回答の種類"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("必須"), default=False)
    max_length = models.PositiveIntegerField(
        _("文字数の上限"), null=True, blank=True, help_text=_("長い文章に必要（短い文章は200字まで）")
    )
    min_value = models.BigIntegerField(_("最小値"), null=True, blank=True, help_text=_("数・金額のみ"))
    max_value = models.BigIntegerField(_("最大値"), null=True, blank=True, help_text=_("数・金額のみ"))
    choices = models.TextField(_("選択肢"), blank=True, help_text=_("選択肢のみ。1行に1つ"))
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("申請書の質問")
        verbose_name_plural = _("申請書の質問")
        ordering = ["round", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="grants_question_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind=QuestionKind.LONG_TEXT) | Q(max_length__gt=0),
                name="grants_question_long_text_limit",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=F("max_value")),
                name="grants_question_min_le_max",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        if self.kind == QuestionKind.LONG_TEXT and not self.max_length:
            errors["max_length"] = _("長い文章には文字数の上限を入力してください。")
        if self.kind == QuestionKind.CHOICE and not self.choice_list:
            errors["choices"] = _("選択肢を1行に1つずつ入力してください。")
        if self.pk and self.answers.exists():
            stored = Question.objects.filter(pk=self.pk).values_list("kind", flat=True).first()
            if stored is not None and stored != self.kind:
                errors["kind"] = _("回答があるため、回答の種類は変更できません。新しい質問を追加してください。")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("最大値は最小値以上にしてください。")
        if errors:
            raise ValidationError(errors)

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def text_limit(self) -> int:
        if self.kind == QuestionKind.LONG_TEXT:
            return self.max_length or SHORT_TEXT_MAX
        return min(self.max_length or SHORT_TEXT_MAX, SHORT_TEXT_MAX)


class Answer(models.Model):
    """An application's answer to one question of its round (typed JSON value, or the attached file)."""

    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="answers", verbose_name=_("申請")
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("質問"))
    value = models.JSONField(_("回答"), null=True, blank=True)
    attachment = models.OneToOneField(
        "grants.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answer",
        verbose_name=_("添付ファイル"),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("質問への回答")
        verbose_name_plural = _("質問への回答")
        ordering = ["application", "question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="grants_answer_unique"),
        ]

    def __str__(self):
        return f"{self.question}: {self.display}"

    @property
    def display(self) -> str:
        """The answer as a reader sees it (amounts with separators and 円, the file's name)."""
        if self.question.kind == QuestionKind.FILE:
            return self.attachment.download_name if self.attachment else ""
        if self.value is None:
            return ""
        try:
            if self.question.kind == QuestionKind.AMOUNT:
                return f"{int(self.value):,}円"
            if self.question.kind == QuestionKind.NUMBER:
                return f"{int(self.value):,}"
            if self.question.kind == QuestionKind.DATE:
                return date_format(dt.date.fromisoformat(self.value), "DATE_FORMAT")
        except (TypeError, ValueError):
            pass  # a value stored under another kind is shown as it was given
        return str(self.value)
