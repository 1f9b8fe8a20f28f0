"""Review committee services: appoint reviewers, declare conflicts, save and submit sealed score sheets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group as Role
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import GRANT_REVIEWERS

from ..models import Application, ConflictDeclaration, Reviewer, Round, Score, ScoreSheet
from ..selectors.review import is_recused

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


@transaction.atomic
def reviewer_appoint(*, grant_round: Round, user: User, role: str, publish_name: bool = False) -> Reviewer:
    """Appoint a user to a round's committee (once per round) and give them the reviewer role."""
    reviewer, created = Reviewer.objects.get_or_create(
        round=grant_round, user=user, defaults={"role": role, "publish_name": publish_name}
    )
    if not created:
        raise ValidationError(_("この方はすでにこの募集回の審査委員です。"), code="duplicate")
    user.groups.add(*Role.objects.filter(name=GRANT_REVIEWERS))
    return reviewer


@transaction.atomic
def conflict_declare(*, reviewer: Reviewer, application: Application, reason: str) -> ConflictDeclaration:
    """A reviewer declares a conflict of interest with an application of their round; they are recused from it."""
    if application.round_id != reviewer.round_id:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("理由を入力してください。")})
    try:
        with transaction.atomic():
            return ConflictDeclaration.objects.create(reviewer=reviewer, application=application, reason=reason)
    except IntegrityError as exc:
        raise ValidationError(_("すでに申告済みです。"), code="duplicate") from exc


@transaction.atomic
def scoresheet_save(
    *,
    reviewer: Reviewer,
    application: Application,
    points: dict[int, tuple[int | None, str]],
    comment: str,
    submit: bool,
) -> ScoreSheet:
    """Save (and optionally submit) a reviewer's scores, one per criterion within 0..max; refused when recused,
    when the application is not under review, or once the sheet was submitted."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.round_id != reviewer.round_id or is_recused(reviewer, application):
        raise PermissionDenied(_("この申請は審査できません（利害関係による除斥）。"))
    if not application.is_under_review:
        raise ValidationError(_("この申請は審査中ではありません。"), code="not_under_review")
    if reviewer.round.review_closed_at is not None:
        raise ValidationError(_("審査は締め切られました。評価票は変更できません。"), code="review_closed")
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(reviewer=reviewer, application=application)
    if sheet.submitted_at:
        raise ValidationError(_("提出済みの評価票は変更できません。"), code="submitted")
    criteria = list(reviewer.round.criteria.all())
    errors = {}
    for criterion in criteria:
        value = points.get(criterion.pk, (None, ""))[0]
        if value is None:
            if submit:
                errors[f"points_{criterion.pk}"] = _("%(name)s の得点を入力してください。") % {"name": criterion.name}
        elif not 0 <= int(value) <= criterion.max_points:
            errors[f"points_{criterion.pk}"] = _("%(name)s の得点は 0〜%(max)s 点で入力してください。") % {
                "name": criterion.name,
                "max": criterion.max_points,
            }
    if errors:
        raise ValidationError(errors)
    sheet.scores.all().delete()
    Score.objects.bulk_create(
        [
            Score(
                sheet=sheet,
                criterion=criterion,
                points=int(value),
                max_points=criterion.max_points,
                comment=points[criterion.pk][1] or "",
            )
            for criterion in criteria
            if (value := points.get(criterion.pk, (None, ""))[0]) is not None
        ]
    )
    sheet.comment = comment
    if submit:
        sheet.submitted_at = timezone.now()
    sheet.save()
    return sheet
