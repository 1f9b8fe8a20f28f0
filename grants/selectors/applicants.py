"""Reads for applicants: their applications, one application they may see (404 otherwise)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from civic_portal.accounts.roles import is_center_staff
from groups.models import Group

from ..models import Application, ApplicationStatusChange, Attachment, BudgetLine, Round

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


def my_applications(user: User) -> QuerySet[Application]:
    """Applications of every group the user manages, newest first."""
    return (
        Application.objects.for_manager(user).select_related("round__programme", "group").order_by("-created_at", "-id")
    )


def application_for_applicant(user: User, pk: int) -> Application:
    """One application of a group the user manages, with lines, attachments, history; 404 for anyone else."""
    application = (
        Application.objects.for_manager(user)
        .select_related("round__programme", "group")
        .prefetch_related(
            Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("stage", "kind", "order", "id")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("purpose", "id")),
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.order_by("changed_at", "id")),
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def groups_that_can_apply(user: User) -> QuerySet[Group]:
    """Registered groups the user manages (the groups they can apply for)."""
    return Group.objects.managed_by(user).public().order_by("name_kana", "id")


def standing_problem_of_managed(user: User) -> str | None:
    """Why a manager whose groups cannot apply may not (a suspended group), else None (one query)."""
    from groups.models import GroupStatus
    from groups.permissions import group_standing_problem

    suspended = Group.objects.managed_by(user).filter(status=GroupStatus.SUSPENDED).order_by("name_kana", "id").first()
    return group_standing_problem(suspended) if suspended else None


def attachment_for_applicant(user: User, pk: int, attachment_pk: int) -> Attachment:
    """An attachment of an application of a group the user manages, or any for center staff; 404 otherwise."""
    applications = Application.objects.all() if is_center_staff(user) else Application.objects.for_manager(user)
    attachment = (
        Attachment.objects.filter(application__in=applications, application_id=pk).filter(pk=attachment_pk).first()
    )
    if attachment is None:
        raise Http404
    return attachment


def live_application(group: Group, grant_round: Round) -> Application | None:
    """The group's application to the round that is not withdrawn, if any (there is at most one)."""
    return Application.objects.filter(group=group, round=grant_round).exclude(status="withdrawn").first()
