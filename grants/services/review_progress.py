"""Staff steps of review management: close the review, remind reviewers of the sheets they still owe."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.mail import send_templated_mail

from ..models import Round
from ..selectors.review_progress import round_progress

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def round_close_review(*, grant_round: Round, by: User) -> Round:
    """審査の締切: no sheet is saved after it, and the seal opens (others' scores and the staff's ranking)."""
    if not is_center_staff(by):
        raise PermissionDenied
    grant_round = Round.objects.select_for_update().get(pk=grant_round.pk)
    if grant_round.review_closed_at is not None:
        raise ValidationError(_("この募集回の審査はすでに締め切られています。"), code="already_closed")
    grant_round.review_closed_at = timezone.now()
    grant_round.save(update_fields=["review_closed_at"])
    logger.info("review of round %s closed by user %s", grant_round.pk, by.pk)
    return grant_round


@transaction.atomic
def reviewers_remind(*, grant_round: Round, by: User, reviewer_ids: set[int] | None = None) -> int:
    """Email each reviewer (of `reviewer_ids`, or all) who still owes sheets; the mail leaves once this commits.
    Returns how many were reminded."""
    if not is_center_staff(by):
        raise PermissionDenied
    if grant_round.review_closed_at is not None:
        raise ValidationError(_("審査が締め切られているため、督促できません。"), code="closed")
    progress = round_progress(grant_round)
    due = [
        row
        for row in progress.reviewers
        if row.outstanding > 0 and row.reviewer.user.email and (reviewer_ids is None or row.reviewer.pk in reviewer_ids)
    ]
    url = reverse("grants:review_list") + f"?round={grant_round.pk}&state=todo"
    for row in due:
        send_templated_mail(
            to=[row.reviewer.user.email],
            template="grants/email/review_reminder",
            context={"round": grant_round, "reviewer": row.reviewer, "outstanding": row.outstanding, "url": url},
        )
    logger.info("round %s: %d reviewers reminded by user %s", grant_round.pk, len(due), by.pk)
    return len(due)
