"""The staff's view of a round's review: each reviewer's progress, and whether the seal lets staff see the ranking."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone

from groups.models import Membership

from ..models import ConflictDeclaration, Reviewer, Round, ScoreSeal, ScoreSheet, Status


@dataclass(frozen=True)
class ReviewerProgress:
    """One committee member: applications to score (not recused), declared conflicts, sheets submitted."""

    reviewer: Reviewer
    assigned: int
    conflicts: int
    submitted: int

    @property
    def outstanding(self) -> int:
        return self.assigned - self.submitted


@dataclass(frozen=True)
class RoundProgress:
    grant_round: Round
    under_review: int
    reviewers: list[ReviewerProgress]

    @property
    def outstanding(self) -> int:
        return sum(r.outstanding for r in self.reviewers)

    @property
    def submitted(self) -> int:
        return sum(r.submitted for r in self.reviewers)


def round_for_staff(pk: int) -> Round:
    """A round with its programme (the progress page's heading); 404 when there is none."""
    return get_object_or_404(Round.objects.select_related("programme"), pk=pk)


def round_progress(grant_round: Round) -> RoundProgress:
    """Per reviewer of the round, over the applications under review: assigned (minus recusals), declared conflicts,
    submitted and outstanding sheets; five queries whatever the size of the committee or the call."""
    reviewers = list(grant_round.reviewers.select_related("user").order_by("role", "id"))
    applications = dict(
        grant_round.applications.filter(status=Status.UNDER_REVIEW).values_list("id", "group_id").order_by()
    )
    members = set(
        Membership.objects.filter(
            group_id__in=set(applications.values()), user_id__in=[r.user_id for r in reviewers]
        ).values_list("group_id", "user_id")
    )
    declared = set(
        ConflictDeclaration.objects.filter(reviewer__round=grant_round).values_list("reviewer_id", "application_id")
    )
    submitted = set(
        ScoreSheet.objects.filter(application_id__in=list(applications), submitted_at__isnull=False).values_list(
            "reviewer_id", "application_id"
        )
    )
    rows = []
    for reviewer in reviewers:
        mine = [
            pk
            for pk, group_id in applications.items()
            if (group_id, reviewer.user_id) not in members and (reviewer.pk, pk) not in declared
        ]
        rows.append(
            ReviewerProgress(
                reviewer=reviewer,
                assigned=len(mine),
                conflicts=sum(1 for reviewer_id, _pk in declared if reviewer_id == reviewer.pk),
                submitted=sum(1 for pk in mine if (reviewer.pk, pk) in submitted),
            )
        )
    return RoundProgress(grant_round=grant_round, under_review=len(applications), reviewers=rows)


def review_is_closed(grant_round: Round) -> bool:
    """Staff closed the review (審査の締切), or the round's decisions are made (Round.objects.review_closed)."""
    if grant_round.review_closed_at is not None:
        return True
    return Round.objects.review_closed(timezone.now()).filter(pk=grant_round.pk).exists()


def ranking_unsealed(grant_round: Round, progress: RoundProgress) -> bool:
    """Whether staff may see the ranking: once the review is closed; under the own-submission seal also as soon as
    every member has submitted every sheet they owe (the committee's own submission)."""
    if review_is_closed(grant_round):
        return True
    return (
        grant_round.score_seal == ScoreSeal.OWN_SUBMISSION
        and progress.under_review > 0
        and progress.outstanding == 0
        and progress.submitted > 0
    )
