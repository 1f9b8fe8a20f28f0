"""Yearly results of action items: the department records, center staff review, approve and publish."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civic_portal.core.workflow import transition

from .. import permissions
from ..models import ActionItem, ReviewStatus, Stage, YearPlan

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

EDITABLE = {ReviewStatus.DRAFT}
# Who may move a yearly result into each status.
STEP_RULES: dict[str, str] = {
    ReviewStatus.SUBMITTED: "department",
    ReviewStatus.REVIEWED: "center",
    ReviewStatus.APPROVED: "center",
    ReviewStatus.PUBLISHED: "center",
    ReviewStatus.DRAFT: "either",
}


def _year_plan_for_update(item: ActionItem, fiscal_year: int) -> YearPlan:
    year_plan, _created = YearPlan.objects.get_or_create(item=item, fiscal_year=fiscal_year)
    return YearPlan.objects.select_for_update().get(pk=year_plan.pk)


@transaction.atomic
def year_result_record(
    *,
    item: ActionItem,
    fiscal_year: int,
    actual_stage: str,
    progress_note: str,
    evidence: str,
    user: User,
    submit: bool,
) -> YearPlan:
    """A department user records an item's result for a fiscal year (and optionally submits it);
    PermissionDenied for other users, ValidationError once the result has left the draft status."""
    if not permissions.can_record_result(user, item):
        raise PermissionDenied
    if actual_stage and actual_stage not in Stage.values:
        raise ValidationError({"actual_stage": _("段階を選んでください。")})
    year_plan = _year_plan_for_update(item, fiscal_year)
    if year_plan.status not in EDITABLE:
        raise ValidationError(_("提出済みの実績は変更できません。センターに差し戻しを依頼してください。"))
    year_plan.actual_stage = actual_stage
    year_plan.progress_note = progress_note
    year_plan.evidence = evidence
    year_plan.save()
    if submit:
        _check_submittable(year_plan, ReviewStatus.SUBMITTED)
        transition(year_plan, to=ReviewStatus.SUBMITTED, by=user)
    return year_plan


def _check_submittable(year_plan: YearPlan, to_status: str) -> None:
    """A result is submitted with its stage (checked once the table allows the step, so an illegal one says so)."""
    if to_status == ReviewStatus.SUBMITTED and year_plan.can_move_to(to_status) and not year_plan.actual_stage:
        raise ValidationError({"actual_stage": _("提出する前に実績の段階を選んでください。")})


@transaction.atomic
def year_plan_transition(*, year_plan: YearPlan, to_status: str, user: User, note: str = "") -> YearPlan:
    """Move a yearly result along draft → submitted → reviewed → approved → published (or back to draft);
    PermissionDenied when the user may not take the step, ValidationError when the step is not allowed."""
    year_plan = YearPlan.objects.select_for_update().select_related("item").get(pk=year_plan.pk)
    rule = STEP_RULES.get(to_status, "")
    is_department = permissions.can_record_result(user, year_plan.item)
    is_center = permissions.can_review(user)
    allowed = {
        "department": is_department,
        "center": is_center,
        "either": is_center or (is_department and year_plan.status == ReviewStatus.SUBMITTED),
    }.get(rule, False)
    if not allowed:
        raise PermissionDenied
    _check_submittable(year_plan, to_status)
    return transition(year_plan, to=to_status, by=user, note=note)
