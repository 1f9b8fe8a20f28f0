"""The committees: seats, the reviewers' own memberships (they are recused), sealed score sheets, and for decided
rounds the ranking and allocation by the portal's own rules (round_ranking's mean score, `allocate`), so the stored
scores, ranks and amounts are those the staff pages would compute."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from grants import budget
from grants.models import LineStage, ReviewerRole, ScoreSheet
from grants.selectors.review import allocate
from groups.models import Membership, MembershipRole

from .accounts import People
from .bulk import copy_rows, reserve_ids
from .grant_paths import Out, S, after_award, finish, pick, plan_lines
from .groups import GroupRow

CRITERIA = [
    ("公益性", "不特定多数の市民の利益につながるか", 2),
    ("市民性", "市民が主体となり、多くの市民が参加できるか", 1),
    ("発展性", "事業の広がりや継続が見込めるか", 1),
    ("実現性", "計画・予算・体制が具体的で実現できるか", 1),
    ("自立性", "補助終了後も自立して続けられるか", 1),
]
MAX_POINTS = 5


def seats(people: People) -> list[tuple[int, str]]:
    """Seven seats: the benchmark's reviewer, citizens and experts from the reviewer pool, one staff member."""
    pool = people.reviewers
    seats = [(pool[0], ReviewerRole.CITIZEN)] + [(pk, ReviewerRole.CITIZEN) for pk in pool[1:3]]
    seats += [(pk, ReviewerRole.EXPERT) for pk in pool[3:6]]
    return [*seats, (people.staff[-1], ReviewerRole.STAFF)]


def reviewer_memberships(rng, people: People, public: list[GroupRow]) -> set[tuple[int, int]]:
    """Two citizen reviewers belong to a few groups (recused from their applications); returns (user, group) pairs."""
    pairs = {
        (user, group.id) for user in people.reviewers[1:3] for group in rng.sample(public[1:], min(len(public) - 1, 3))
    }
    copy_rows(Membership, [{"group_id": g, "user_id": u, "role": MembershipRole.MEMBER} for u, g in sorted(pairs)])
    return pairs


def sheets_and_scores(rng, spec, reviewed, reviewers, member_of, now, out: Out) -> dict[int, list[Decimal]]:
    """Score sheets of every seat not recused; in the round under review some are drafts or not started."""
    weights = [Decimal(w) for _n, _t, w in CRITERIA]
    full = sum(w * MAX_POINTS for w in weights)
    per_app: dict[int, list[Decimal]] = {}
    review_start = spec["closes_at"] + dt.timedelta(days=10)
    sheet_ids = iter(reserve_ids(ScoreSheet, len(reviewed) * len(reviewers)))
    for candidate in reviewed:
        pk, group = candidate.pk, candidate.group
        per_app[pk] = []
        for seat, reviewer in enumerate(reviewers):
            if (reviewer["user_id"], group.id) in member_of:
                continue
            if rng.random() < 0.02:
                out.conflicts.append(
                    {
                        "reviewer_id": reviewer["id"],
                        "application_id": pk,
                        "reason": "申請団体の役員と親族関係にあるため",
                        "declared_at": review_start,
                    }
                )
                continue
            if spec["phase"] == "decided":
                state = "submitted"
            else:
                state = pick(
                    rng,
                    [
                        ("submitted", 50 if seat == 0 else 70),
                        ("draft", 20 if seat == 0 else 15),
                        ("none", 30 if seat == 0 else 15),
                    ],
                )
            if state == "none":
                continue
            sid = next(sheet_ids)
            end = spec["decided_at"] if spec["phase"] == "decided" else now
            at = min(now, review_start + (end - review_start) * rng.random())
            out.sheets.append(
                {
                    "id": sid,
                    "reviewer_id": reviewer["id"],
                    "application_id": pk,
                    "comment": "計画が具体的で、地域への広がりが期待できる。" if rng.random() < 0.5 else "",
                    "submitted_at": at if state == "submitted" else None,
                    "updated_at": at,
                }
            )
            got = Decimal(0)
            for weight, cid in zip(weights, spec["criteria"], strict=True):
                points = max(0, min(MAX_POINTS, round(candidate.quality + rng.uniform(-1.2, 1.2))))
                got += weight * points
                out.scores.append((sid, cid, points, MAX_POINTS, ""))
            if state == "submitted":
                per_app[pk].append(got / full * 100)
    return per_app


def decide(rng, spec, reviewed, sheets, people, now, out: Out, rate: Fraction) -> None:
    """Rank by mean score (ties: smaller request, earlier submission), allocate the budget, then follow up."""
    scores = {}
    for c in reviewed:
        values = sheets[c.pk]
        scores[c.pk] = (sum(values) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP) if values else None
    ranked = sorted(
        reviewed, key=lambda c: (scores[c.pk] is None, -(scores[c.pk] or 0), c.requested, c.submitted, c.pk)
    )
    spec["budget"] = max(500_000, (sum(c.requested for c in ranked) * 2 // 5) // 10_000 * 10_000)
    proposals = allocate([(c.pk, c.requested, scores[c.pk] is not None) for c in ranked], spec["budget"])
    for rank, candidate in enumerate(ranked, start=1):
        pk, row, group, score = candidate.pk, candidate.row, candidate.group, scores[candidate.pk]
        outcome, amount = proposals[pk]
        outcome = S(outcome)  # allocate() declares a plain str; its label goes into the letter
        row |= {
            "score": score,
            "rank": rank,
            "proposed_outcome": outcome,
            "proposed_amount": amount,
            "decided_at": spec["decided_at"],
            "awarded_amount": amount if outcome != S.DECLINED else None,
            "decision_letter": f"{row['title']}について、{outcome.label}と決定しましたので通知します。",
        }
        fate = [
            S.DRAFT,
            S.SUBMITTED,
            S.ELIGIBILITY_CHECK,
            S.UNDER_REVIEW,
            outcome,
            *after_award(rng, outcome, spec["age"]),
        ]
        if S.REPORT_DUE in fate:
            row["advance_paid"] = row["awarded_amount"] if rng.random() < 0.5 else 0
        if S.REPORTED in fate:
            actual, actual_eligible = plan_lines(rng, pk, LineStage.ACTUAL, scale=rng.uniform(0.8, 1.0))
            out.lines += actual
            if S.CLOSED in fate:
                final, refund = budget.final_amount(
                    awarded=row["awarded_amount"],
                    rate=rate,
                    actual_eligible_costs=actual_eligible,
                    advance_paid=row["advance_paid"],
                )
                row |= {"final_amount": final, "refund_due": refund}
        finish(rng, row, fate, spec, group, people, now, out)
