"""What a reviewer may reach, sealed scores, and the ranking of a round."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from groups.models import Group, Membership

from ..models import (
    AWARD_STATUSES,
    DECIDED_STATUSES,
    REVIEW_STATUSES,
    Application,
    Attachment,
    AttachmentPurpose,
    ConflictDeclaration,
    Reviewer,
    Round,
    Score,
    ScoreSeal,
    ScoreSheet,
    Status,
)
from ..querysets import sheets_visible_to

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

# Reviewers see applications from the opening of review onwards (decided ones stay readable).
REVIEWER_VISIBLE = REVIEW_STATUSES | DECIDED_STATUSES | AWARD_STATUSES


def recused_reviewer_ids(application: Application) -> set[int]:
    """Reviewers of the application's round who are recused: members/managers of the group, or a declared conflict."""
    member_users = Membership.objects.filter(group_id=application.group_id).values("user_id")
    automatic = Reviewer.objects.filter(round_id=application.round_id, user_id__in=member_users)
    declared = ConflictDeclaration.objects.filter(application=application).values("reviewer_id")
    return set(automatic.values_list("id", flat=True)) | set(declared.values_list("reviewer_id", flat=True))


def is_recused(reviewer: Reviewer, application: Application) -> bool:
    """True when the reviewer belongs to the applying group or declared a conflict with the application."""
    if Membership.objects.filter(group_id=application.group_id, user_id=reviewer.user_id).exists():
        return True
    return ConflictDeclaration.objects.filter(reviewer=reviewer, application=application).exists()


def _reviewable(user: User) -> QuerySet[Application]:
    member_of_group = Membership.objects.filter(group_id=OuterRef("group_id"), user=user)
    declared = ConflictDeclaration.objects.filter(application_id=OuterRef("pk"), reviewer__user=user)
    return (
        Application.objects.filter(round__reviewers__user=user, status__in=REVIEWER_VISIBLE)
        .exclude(Exists(member_of_group))
        .exclude(Exists(declared))
    )


def _own_submitted_sheet(user: User) -> Exists:
    return Exists(
        ScoreSheet.objects.filter(application_id=OuterRef("pk"), reviewer__user=user, submitted_at__isnull=False)
    )


def reviewer_applications(user: User) -> QuerySet[Application]:
    """Applications under review (or decided) in rounds the user reviews, minus those they are recused from."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        _reviewable(user)
        .annotate(scored=_own_submitted_sheet(user))
        .select_related("round__programme", "group")
        .order_by("round_id", "id")
    )


def reviewer_rounds(user: User) -> QuerySet[Round]:
    """The rounds the user reviews, newest first, with their programme (the review list's filter names them)."""
    return Round.objects.filter(reviewers__user=user).select_related("programme").order_by("-opens_at", "id")


REVIEW_LIST_FIELDS = (
    "title", "status", "requested_amount", "group_id", "round__title", "round__programme__name",
)  # fmt: skip
# The review list's orders; the application's id last, so that pages never overlap.
REVIEW_ORDERS = {
    "": ("round_id", "id"),
    "title": ("title", "id"),
    "amount": ("-requested_amount", "id"),
}


def reviewer_list(
    user: User, *, grant_round: Round | None = None, state: str = "", order: str = ""
) -> QuerySet[Application]:
    """The review list: the user's applications (reviewer_applications), of one round, still to score or scored."""
    # The groups' names come in a second query for the page's rows only: joined here, PostgreSQL would read the
    # whole register to sort the list.
    applications = reviewer_applications(user).select_related(None).select_related("round__programme")
    applications = applications.prefetch_related(Prefetch("group", queryset=Group.objects.only("name")))
    # The list's columns only (an application's texts are long).
    applications = applications.only(*REVIEW_LIST_FIELDS)
    if grant_round is not None:
        applications = applications.filter(round=grant_round)
    if state == "todo":
        applications = applications.filter(~_own_submitted_sheet(user), status__in=REVIEW_STATUSES)
    elif state == "done":
        applications = applications.filter(_own_submitted_sheet(user))
    return applications.order_by(*REVIEW_ORDERS.get(order, REVIEW_ORDERS[""]))


@dataclass(frozen=True)
class ReviewProgress:
    """How far a reviewer is: of the applications under review (to score now), how many they submitted."""

    total: int
    scored: int

    @property
    def remaining(self) -> int:
        return self.total - self.scored


def reviewer_progress(user: User, *, grant_round: Round | None = None) -> ReviewProgress:
    """The reviewer's progress over the applications under review (of one round if given), in one query."""
    applications = _reviewable(user).filter(status__in=REVIEW_STATUSES)
    if grant_round is not None:
        applications = applications.filter(round=grant_round)
    counts = applications.aggregate(total=Count("pk"), scored=Count("pk", filter=_own_submitted_sheet(user)))
    return ReviewProgress(total=counts["total"], scored=counts["scored"])


def application_for_reviewer(user: User, pk: int) -> tuple[Application, Reviewer]:
    """The application and the user's reviewer seat; 404 when not a reviewer of its round or recused."""
    application = reviewer_applications(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    reviewer = Reviewer.objects.get(round_id=application.round_id, user=user)
    return application, reviewer


def reviewer_sheet(reviewer: Reviewer, application: Application) -> ScoreSheet | None:
    """The reviewer's own sheet with its scores, if any."""
    return (
        ScoreSheet.objects.filter(reviewer=reviewer, application=application)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .first()
    )


def score_sheets_visible_to(user: User, queryset: QuerySet[ScoreSheet] | None = None) -> QuerySet[ScoreSheet]:
    """Score sheets the user may read (their own; others' once the round's review is closed), for the admin."""
    queryset = ScoreSheet.objects.all() if queryset is None else queryset
    return queryset.filter(sheets_visible_to(user))


def scores_visible_to(user: User, queryset: QuerySet[Score] | None = None) -> QuerySet[Score]:
    """Scores the user may read, by the same rule as their sheets (`sheets_visible_to`)."""
    queryset = Score.objects.all() if queryset is None else queryset
    return queryset.filter(sheets_visible_to(user, via="sheet__"))


def other_sheets_visible(
    reviewer: Reviewer, application: Application, *, own_submitted: bool | None = None
) -> list[ScoreSheet]:
    """Sealed scores: others' submitted sheets, only once the reviewer submitted their own (else empty); under the
    round's review-closed seal only once the review is closed as well.

    `own_submitted`: whether the reviewer has submitted, when the caller knows (its reviewer_sheet); else asked.
    Recused reviewers (members of the group, declared conflicts) are left out in the same query.
    """
    from .review_progress import review_is_closed

    grant_round = application.round
    if grant_round.score_seal == ScoreSeal.REVIEW_CLOSED and not review_is_closed(grant_round):
        return []
    if own_submitted is None:
        own = ScoreSheet.objects.filter(reviewer=reviewer, application=application, submitted_at__isnull=False)
        own_submitted = own.exists()
    if not own_submitted:
        return []
    member = Membership.objects.filter(group_id=application.group_id, user_id=OuterRef("reviewer__user_id"))
    declared = ConflictDeclaration.objects.filter(application=application, reviewer_id=OuterRef("reviewer_id"))
    return list(
        ScoreSheet.objects.filter(application=application, submitted_at__isnull=False)
        .exclude(reviewer=reviewer)
        .exclude(Exists(member))
        .exclude(Exists(declared))
        .select_related("reviewer__user")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


@dataclass
class Ranked:
    application: Application
    score: Decimal | None
    sheets: int
    rank: int = 0


HUNDRED = Decimal(100)


def round_ranking(grant_round: Round) -> list[Ranked]:
    """Applications under review ranked by the mean, over non-recused reviewers, of weighted scores out of 100.

    Ties go to the smaller request, then the earlier submission; applications nobody scored come last.
    """
    criteria = {c.pk: c for c in grant_round.criteria.all()}
    applications = list(
        Application.objects.filter(round=grant_round, status__in=REVIEW_STATUSES | DECIDED_STATUSES).select_related(
            "group"
        )
    )
    ids = [a.pk for a in applications]
    sheets = (
        ScoreSheet.objects.filter(application_id__in=ids, submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related("scores")
    )
    reviewers = {r.pk: r.user_id for r in grant_round.reviewers.all()}
    memberships = set(
        Membership.objects.filter(
            group_id__in={a.group_id for a in applications}, user_id__in=reviewers.values()
        ).values_list("group_id", "user_id")
    )
    declared = set(
        ConflictDeclaration.objects.filter(application_id__in=ids).values_list("application_id", "reviewer_id")
    )
    group_of = {a.pk: a.group_id for a in applications}
    per_app: dict[int, list[Decimal]] = {pk: [] for pk in ids}
    full = sum((c.weight * c.max_points for c in criteria.values()), Decimal(0))
    for sheet in sheets:
        user_id = reviewers.get(sheet.reviewer_id)
        if (group_of[sheet.application_id], user_id) in memberships:
            continue
        if (sheet.application_id, sheet.reviewer_id) in declared:
            continue
        got = sum((criteria[s.criterion_id].weight * s.points for s in sheet.scores.all()), Decimal(0))
        if full:
            per_app[sheet.application_id].append(got / full * HUNDRED)
    ranked = []
    for application in applications:
        values = per_app[application.pk]
        score = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP) if values else None
        ranked.append(Ranked(application=application, score=score, sheets=len(values)))
    ranked.sort(
        key=lambda r: (
            r.score is None,
            -(r.score or 0),
            r.application.requested_amount,
            r.application.submitted_at,
            r.application.pk,
        )
    )
    for index, item in enumerate(ranked, start=1):
        item.rank = index
    return ranked


def allocate(ranked: list[tuple[int, int, bool]], budget: int) -> dict[int, tuple[str, int]]:
    """Allocation rule on (id, requested, scored) in rank order: award while the budget lasts; the first request that
    does not fit is offered the remainder as runner-up (次点); everyone after it, and anyone unscored, is declined."""
    remaining = budget
    cut = False
    result: dict[int, tuple[str, int]] = {}
    for pk, requested, scored in ranked:
        if cut or not scored:
            result[pk] = (Status.DECLINED, 0)
        elif requested <= remaining:
            result[pk] = (Status.AWARDED, requested)
            remaining -= requested
        else:
            cut = True
            result[pk] = (Status.RUNNER_UP, remaining) if remaining > 0 else (Status.DECLINED, 0)
    return result


def attachment_for_reviewer(user: User, pk: int, attachment_pk: int) -> Attachment:
    """An application document of an application the user may review (not recused); 404 otherwise."""
    attachment = Attachment.objects.filter(
        application__in=reviewer_applications(user).filter(pk=pk),
        purpose=AttachmentPurpose.APPLICATION,
        pk=attachment_pk,
    ).first()
    if attachment is None:
        raise Http404
    return attachment
