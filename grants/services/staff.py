"""Staff services: the workflow steps of the office, ranking and allocation, decisions, final amount, publishing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.core.mail import render_text

from .. import budget, opendata
from ..models import AWARD_STATUSES, Application, LineStage, Outcome, Round, ScoreSeal, Status
from ..selectors.review import allocate, round_ranking
from ._workflow import lock, move, notify_applicant

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

# Steps staff take one application at a time (the applicant's own steps are in applications.py).
STAFF_STEPS = frozenset(
    {
        Status.RETURNED,
        Status.ELIGIBILITY_CHECK,
        Status.UNDER_REVIEW,
        Status.DECLINED,
        Status.REPORT_DUE,
        Status.WITHDRAWN,
    }
)


@transaction.atomic
def application_transition(*, application: Application, to: str, by: User, note: str = "") -> Application:
    """A staff step along the workflow table (return, eligibility check, open review, ask for the report, ...)."""
    if to not in STAFF_STEPS:
        raise ValidationError(_("この操作は専用の手続きで行ってください。"), code="not_a_staff_step")
    application = lock(application)
    if to == Status.RETURNED and not note.strip():
        raise ValidationError({"note": _("差し戻しの理由を入力してください。")})
    return move(application, to=to, by=by, note=note)


def application_return(*, application: Application, by: User, note: str) -> Application:
    """差し戻し: send a submitted application back to the applicant for changes, with the reason."""
    return application_transition(application=application, to=Status.RETURNED, by=by, note=note)


@transaction.atomic
def round_open_review(*, grant_round: Round, by: User) -> int:
    """Move every application of the round that passed the eligibility check into review; returns how many."""
    moved = 0
    for application in Application.objects.select_for_update().filter(
        round=grant_round, status=Status.ELIGIBILITY_CHECK
    ):
        move(application, to=Status.UNDER_REVIEW, by=by)
        moved += 1
    return moved


@transaction.atomic
def round_allocate(*, grant_round: Round) -> list:
    """Rank the round and write each application's score, rank and proposed outcome/amount (not yet decided);
    under the review-closed seal only once staff closed the review."""
    if grant_round.score_seal == ScoreSeal.REVIEW_CLOSED and grant_round.review_closed_at is None:
        raise ValidationError(_("審査を締め切るまで、順位は計算できません（評価点の非公開の設定）。"), code="sealed")
    ranked = round_ranking(grant_round)
    pending = [r for r in ranked if r.application.status == Status.UNDER_REVIEW]
    already = sum(r.application.awarded_amount or 0 for r in ranked if r.application.status != Status.UNDER_REVIEW)
    proposals = allocate(
        [(r.application.pk, r.application.requested_amount, r.score is not None) for r in pending],
        max(0, grant_round.budget - already),
    )
    for item in ranked:
        application = item.application
        application.score = item.score
        application.rank = item.rank
        if application.pk in proposals:
            outcome, amount = proposals[application.pk]
            application.proposed_outcome = outcome
            application.proposed_amount = amount
    Application.objects.bulk_update(
        [r.application for r in ranked], ["score", "rank", "proposed_outcome", "proposed_amount"]
    )
    return ranked


@transaction.atomic
def round_confirm_decisions(*, grant_round: Round, by: User) -> int:
    """Staff confirm the proposed outcomes: each application under review is decided, gets its letter and an email."""
    applications = list(
        Application.objects.select_for_update()
        .filter(round=grant_round, status=Status.UNDER_REVIEW)
        .select_related("round__programme", "group")
    )
    if any(not a.proposed_outcome for a in applications):
        raise ValidationError(_("採否案のない申請があります。先に「順位と採否案を計算」を実行してください。"))
    for application in applications:
        if application.proposed_outcome != Outcome.DECLINE and not (
            0 < (application.proposed_amount or 0) <= application.requested_amount
        ):
            raise ValidationError(
                _("「%(title)s」の交付額案は1円以上、申請額以下にしてください。") % {"title": application.title}
            )
    decided = Application.objects.filter(round=grant_round, status__in=AWARD_STATUSES | {Status.RUNNER_UP})
    total = sum(amount or 0 for amount in decided.values_list("awarded_amount", flat=True)) + sum(
        a.proposed_amount or 0 for a in applications if a.proposed_outcome != Outcome.DECLINE
    )
    if total > grant_round.budget:
        raise ValidationError(
            _("交付額の合計 %(total)s円 が予算額 %(budget)s円 を超えています。")
            % {"total": f"{total:,}", "budget": f"{grant_round.budget:,}"}
        )
    now = timezone.now()
    for application in applications:
        outcome = application.proposed_outcome
        application.awarded_amount = application.proposed_amount if outcome != Outcome.DECLINE else None
        application.decided_at = now
        application.decision_letter = render_text(
            "grants/decision_letter.txt", {"application": application, "outcome": outcome, "round": grant_round}
        )
        move(application, to=outcome, by=by, fields=["awarded_amount", "decided_at", "decision_letter"], notify=False)
        notify_applicant(application, template="decision")
    return len(applications)


@transaction.atomic
def application_request_report(*, application: Application, by: User, advance_paid: int | None = None) -> Application:
    """Ask an accepted award for its activity report (実績報告), recording any advance payment (概算払)."""
    application = lock(application)
    if advance_paid is not None:
        if not 0 <= advance_paid <= (application.awarded_amount or 0):
            raise ValidationError({"advance_paid": _("概算払額は0円以上、交付決定額以下にしてください。")})
        application.advance_paid = advance_paid
    return move(application, to=Status.REPORT_DUE, by=by, fields=["advance_paid"])


@transaction.atomic
def application_confirm_final_amount(*, application: Application, by: User) -> Application:
    """額の確定: final = min(award, rate x actual eligible costs); refund = advance paid above it; closes the file."""
    application = lock(application)
    if application.status != Status.REPORTED:
        raise ValidationError(_("実績報告の提出後に確定してください。"), code="not_reported")
    actual = budget.totals(grant=0, lines=application.budget_lines.filter(stage=LineStage.ACTUAL))
    final, refund = budget.final_amount(
        awarded=application.awarded_amount or 0,
        rate=application.round.rate,
        actual_eligible_costs=actual.eligible_expenses,
        advance_paid=application.advance_paid,
    )
    application.final_amount = final
    application.refund_due = refund
    return move(application, to=Status.CLOSED, by=by, fields=["final_amount", "refund_due"])


@transaction.atomic
def round_publish_results(*, grant_round: Round) -> Round:
    """Publish a round's results at /grants/results/ and in the open-data files; only once decisions are confirmed."""
    grant_round = Round.objects.select_for_update().get(pk=grant_round.pk)
    if grant_round.applications.filter(status__in=[Status.UNDER_REVIEW, Status.ELIGIBILITY_CHECK]).exists():
        raise ValidationError(_("審査中の申請があるため、結果を公表できません。"), code="undecided")
    grant_round.results_published = True
    grant_round.results_published_at = grant_round.results_published_at or timezone.now()
    grant_round.save(update_fields=["results_published", "results_published_at"])
    opendata.results_changed()  # the open-data files are built again once this commits
    return grant_round
