"""Reads of a round's form additions: its questions, its required documents, an application's answers."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Answer, Application, Question, RequiredDocument, Round


def questions_of(grant_round: Round) -> list[Question]:
    """The round's questions in order."""
    return list(Question.objects.filter(round=grant_round).order_by("order", "id"))


def required_documents_of(grant_round: Round) -> list[RequiredDocument]:
    """The round's listed documents in order."""
    return list(RequiredDocument.objects.filter(round=grant_round).order_by("order", "id"))


def answers_for(application: Application) -> QuerySet[Answer]:
    """The application's answers with their questions and files, in the questions' order."""
    return (
        Answer.objects.filter(application=application)
        .select_related("question", "attachment")
        .order_by("question__order", "question_id")
    )
