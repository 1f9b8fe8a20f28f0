"""Grants: one programme's rounds (decided and published, one in review, one open), applications with budgets,
committees with citizen members, sealed score sheets and conflicts, and the awards' reports.

reviews.py scores the applications and decides the rounds; grant_paths.py holds what happens to an application.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

from civic_portal.core.fiscal import current_fiscal_year
from grants import budget
from grants.models import (
    ActivityReport,
    Application,
    ApplicationStatusChange,
    BudgetLine,
    Category,
    ConflictDeclaration,
    FunderKind,
    LineStage,
    OtherFunderGrant,
    Programme,
    ReviewCriterion,
    Reviewer,
    ReviewerRole,
    Round,
    Score,
    ScoreSheet,
)

from .accounts import People
from .bulk import copy_rows, copy_tuples, reserve_ids
from .grant_paths import SHOWCASE, Candidate, Out, S, draw_fate, finish, plan_lines
from .groups import Register
from .guard import PROGRAMME_NOTE
from .reviews import CRITERIA, MAX_POINTS, decide, reviewer_memberships, seats, sheets_and_scores

PROJECTS = [
    "地域の居場所づくり事業",
    "担い手育成講座",
    "交流イベント",
    "情報誌の発行",
    "体験教室",
    "調査・記録事業",
    "ボランティア養成事業",
    "多世代交流事業",
]
CATEGORY_CYCLE = [Category.ACTIVITY, Category.COLLABORATIVE, Category.TRAINING, Category.STARTUP]
OPEN_SHARE, REVIEW_SHARE = 0.05, 0.30
GUIDELINES = (
    "市内で公益的な活動を行う市民活動団体の事業に対し、経費の一部を補助します。\n\n対象: 登録団体\n補助率: 3分の2以内"
)


def _rounds(rng, count: int, now: dt.datetime) -> list[dict]:
    """Oldest first: decided rounds one per past fiscal year, then the one in review, then the open one."""
    year, tz = current_fiscal_year(), now.tzinfo
    phases = ["review"] if count == 1 else ["decided"] * (count - 2) + ["review", "open"]
    rounds = []
    for n, phase in enumerate(phases):
        age = count - 2 - n if phase == "decided" else 0  # fiscal years ago
        fy = year - age
        category = (
            CATEGORY_CYCLE[n % len(CATEGORY_CYCLE)]
            if phase == "decided"
            else (Category.ACTIVITY if phase == "review" else Category.STARTUP)
        )
        if phase == "decided":
            opens, closes = dt.datetime(fy, 4, 15, 9, tzinfo=tz), dt.datetime(fy, 5, 31, 17, tzinfo=tz)
        elif phase == "review":
            opens, closes = now - dt.timedelta(days=100), now - dt.timedelta(days=40)
        else:
            opens, closes = now - dt.timedelta(days=10), now + dt.timedelta(days=40)
        rounds.append(
            {
                "phase": phase,
                "age": age,
                "fiscal_year": fy,
                "category": category,
                "opens_at": opens,
                "closes_at": closes,
                "decided_at": closes + dt.timedelta(days=30),
            }
        )
    return rounds


def generate(
    *, rng: random.Random, count: int, rounds: int, register: Register, people: People, now: dt.datetime
) -> None:
    """`count` applications over `rounds` rounds of one programme, scored by each round's committee."""
    programme, _ = Programme.objects.get_or_create(
        name="市民活動推進補助金",
        defaults={"description": f"市民活動団体の公益的な事業、人材育成、協働事業を支援します。{PROGRAMME_NOTE}"},
    )
    specs = _rounds(rng, rounds, now)
    round_ids = reserve_ids(Round, len(specs))
    criteria_ids = reserve_ids(ReviewCriterion, len(specs) * len(CRITERIA))
    public = register.public
    shares = _shares(specs, count)
    committee = seats(people)
    member_of = reviewer_memberships(rng, people, public)
    out = Out()
    for n, (spec, pk) in enumerate(zip(specs, round_ids, strict=True)):
        spec["id"] = pk
        spec["criteria"] = criteria_ids[n * len(CRITERIA) : (n + 1) * len(CRITERIA)]
        groups = [register.groups[0], *rng.sample(public[1:], min(len(public) - 1, shares[n] - 1))]
        _round_applications(rng, spec, groups[: shares[n]], committee, member_of, people, now, out)
    copy_rows(Round, [_round_row(spec, programme.pk, out.requested.get(spec["id"], 0)) for spec in specs])
    copy_rows(
        ReviewCriterion,
        [
            {
                "id": cid,
                "round_id": spec["id"],
                "name": name,
                "description": text,
                "weight": Decimal(weight),
                "max_points": MAX_POINTS,
                "order": order,
            }
            for spec in specs
            for order, (cid, (name, text, weight)) in enumerate(zip(spec["criteria"], CRITERIA, strict=True))
        ],
    )
    copy_rows(Reviewer, out.reviewers)
    copy_rows(Application, out.applications)
    copy_tuples(
        ApplicationStatusChange,
        ["application_id", "from_status", "to_status", "changed_by_id", "changed_at", "note"],
        out.logs,
    )
    copy_rows(BudgetLine, out.lines)
    copy_rows(ActivityReport, out.reports)
    copy_rows(ConflictDeclaration, out.conflicts)
    copy_rows(ScoreSheet, out.sheets)
    copy_tuples(Score, ["sheet_id", "criterion_id", "points", "max_points", "comment"], out.scores)
    _other_funders(rng, register, now)


def _shares(specs, count: int) -> list[int]:
    """How many applications each round gets: few in the open call, a third in review, the rest decided."""
    decided = sum(1 for s in specs if s["phase"] == "decided")
    shares = []
    for spec in specs:
        if spec["phase"] == "open":
            shares.append(max(1, round(count * OPEN_SHARE)))
        elif spec["phase"] == "review":
            shares.append(max(1, round(count * (REVIEW_SHARE if decided else 1 - OPEN_SHARE))))
        else:
            shares.append(max(1, round(count * (1 - OPEN_SHARE - REVIEW_SHARE) / decided)))
    shares[-1] += count - sum(shares)
    return [max(1, s) for s in shares]


def _round_row(spec, programme_id: int, requested: int) -> dict:
    decided = spec["phase"] == "decided"
    budget_yen = max(500_000, (requested * 2 // 5) // 10_000 * 10_000)
    return {
        "id": spec["id"],
        "programme_id": programme_id,
        "title": f"{spec['fiscal_year']}年度 {spec['category'].label}部門",
        "category": spec["category"],
        "fiscal_year": spec["fiscal_year"],
        "budget": spec.get("budget", budget_yen),
        "max_per_award": 300_000,
        "rate_numerator": 2,
        "rate_denominator": 3,
        "opens_at": spec["opens_at"],
        "closes_at": spec["closes_at"],
        "registered_only": True,
        "guidelines": GUIDELINES,
        "presentation_held": decided,
        "presentation_at": spec["closes_at"] + dt.timedelta(days=20) if decided else None,
        "presentation_place": "市民活動センター 多目的ホール" if decided else "",
        "results_published": decided,
        "results_published_at": spec["decided_at"] + dt.timedelta(days=14) if decided else None,
        "created_at": spec["opens_at"] - dt.timedelta(days=30),
    }


def _round_applications(rng, spec, groups, committee, member_of, people: People, now, out: Out) -> None:
    rate = Fraction(2, 3)
    reviewers = []
    for user, role in committee:
        reviewer = {
            "round_id": spec["id"],
            "user_id": user,
            "role": role,
            "publish_name": role != ReviewerRole.STAFF,
            "appointed_at": spec["opens_at"],
        }
        reviewers.append(reviewer)
    reviewer_ids = reserve_ids(Reviewer, len(reviewers))
    for reviewer, rid in zip(reviewers, reviewer_ids, strict=True):
        reviewer["id"] = rid
    out.reviewers += reviewers
    app_ids = reserve_ids(Application, len(groups))
    reviewed: list[Candidate] = []
    for pk, group in zip(app_ids, groups, strict=True):
        fate = draw_fate(rng, spec["phase"], spec["age"])
        if group is groups[0] and spec["phase"] in SHOWCASE:  # the benchmark manager's: alike at every size
            fate = SHOWCASE[spec["phase"]]
        lines, eligible = plan_lines(rng, pk, LineStage.PLANNED)
        requested = min(300_000, budget.rate_of(eligible, rate) // 1000 * 1000)  # the most the rules allow
        created = spec["opens_at"] + dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 10))
        submitted = min(now, spec["closes_at"] - dt.timedelta(days=rng.randint(0, 10), hours=rng.randint(1, 8)))
        submitted = max(submitted, created + dt.timedelta(hours=1))
        row = {
            "id": pk,
            "round_id": spec["id"],
            "group_id": group.id,
            "title": f"{group.theme.name}による{rng.choice(PROJECTS)}",
            "purpose": group.theme.purpose,
            "content": group.theme.activities,
            "schedule": "5月〜翌2月",
            "expected_results": "延べ300人の参加",
            "beneficiaries": group.theme.beneficiaries,
            "requested_amount": requested,
            "submitted_at": submitted if S.SUBMITTED in fate else None,
            "created_by_id": group.manager_id,
            "created_at": created,
            "updated_at": min(now, submitted),
        }
        out.lines += lines
        out.requested[spec["id"]] = out.requested.get(spec["id"], 0) + requested
        out.applications.append(row)
        if fate[-1] == S.UNDER_REVIEW:
            reviewed.append(Candidate(pk, requested, submitted, rng.uniform(1.5, 4.8), row, group))
        else:
            finish(rng, row, fate, spec, group, people, now, out)
    sheets = sheets_and_scores(rng, spec, reviewed, reviewers, member_of, now, out)
    if spec["phase"] == "decided":
        decide(rng, spec, reviewed, sheets, people, now, out, rate)
    else:
        in_review = [S.DRAFT, S.SUBMITTED, S.ELIGIBILITY_CHECK, S.UNDER_REVIEW]
        for candidate in reviewed:
            finish(rng, candidate.row, in_review, spec, candidate.group, people, now, out)


def _other_funders(rng, register: Register, now) -> None:
    funders = [
        (FunderKind.NATIONAL, "独立行政法人福祉医療機構", "社会福祉振興助成事業", 7_000_000),
        (FunderKind.PREFECTURE, "県", "地域づくり活動支援事業", 500_000),
        (FunderKind.FOUNDATION, "市民活動財団", "子どもの居場所づくり助成", 1_000_000),
        (FunderKind.COMPANY, "地元信用金庫", "環境保全活動助成", 300_000),
    ]
    today = now.date()
    rows = [
        {
            "funder_kind": kind,
            "funder_name": name,
            "title": f"{title}（第{n}期）",
            "amount": amount,
            "deadline": today + dt.timedelta(days=rng.randint(-30, 120)),
            "url": "https://example.org/grants",
        }
        for n in range(1, 4)
        for kind, name, title, amount in funders
    ]
    copy_rows(OtherFunderGrant, rows)
