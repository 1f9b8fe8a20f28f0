"""Grant applications' paths through the workflow (what happened to each, dated from its round's call), their
budget lines, and the collector the grant modules fill before it is all written with COPY."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from grants.models import LineKind, Status

from .accounts import People
from .groups import GroupRow

S = Status
EXPENSES = ["honoraria", "travel", "supplies", "printing", "postage", "rental", "insurance", "outsourcing"]
# The benchmark manager's group has a draft in the open call and an application under review.
SHOWCASE = {"open": [S.DRAFT], "review": [S.DRAFT, S.SUBMITTED, S.ELIGIBILITY_CHECK, S.UNDER_REVIEW]}
STEP_DAYS = {
    S.SUBMITTED: 0,
    S.ELIGIBILITY_CHECK: 3,
    S.UNDER_REVIEW: 10,
    S.RETURNED: 5,
    S.RESUBMITTED: 9,
    S.AWARDED: 30,
    S.RUNNER_UP: 30,
    S.ACCEPTED: 37,
    S.REPORT_DUE: 240,
    S.REPORTED: 270,
    S.CLOSED: 290,
}


def pick(rng, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def draw_fate(rng, phase: str, age: int) -> list[Status]:
    """The statuses an application passed through, by the phase of its round (age: fiscal years ago)."""
    lodged = [S.DRAFT, S.SUBMITTED]
    if phase == "open":
        return pick(rng, [([S.DRAFT], 60), (lodged, 30), ([*lodged, S.RETURNED], 5), ([S.DRAFT, S.WITHDRAWN], 5)])
    checked = [*lodged, S.ELIGIBILITY_CHECK]
    if phase == "review":
        return pick(
            rng,
            [
                ([*checked, S.UNDER_REVIEW], 70),
                (checked, 10),
                (lodged, 5),
                ([*lodged, S.RETURNED, S.RESUBMITTED], 3),
                ([*lodged, S.RETURNED], 5),
                ([*lodged, S.WITHDRAWN], 4),
                ([*checked, S.DECLINED], 3),
            ],
        )
    return pick(rng, [([*checked, S.UNDER_REVIEW], 93), ([*lodged, S.WITHDRAWN], 3), ([*checked, S.DECLINED], 4)])


def after_award(rng, outcome: str, age: int) -> list[Status]:
    """What happened after the decision: older awards are closed; last year's are still being reported."""
    if outcome == S.DECLINED:
        return []
    if outcome == S.RUNNER_UP and rng.random() < 0.5:
        return []
    if age >= 2:
        return pick(rng, [([S.ACCEPTED, S.REPORT_DUE, S.REPORTED, S.CLOSED], 95), ([S.WITHDRAWN], 5)])
    return pick(
        rng,
        [
            ([], 10),  # the group has not accepted the award yet
            ([S.ACCEPTED], 15),
            ([S.ACCEPTED, S.REPORT_DUE], 35),
            ([S.ACCEPTED, S.REPORT_DUE, S.REPORTED], 25),
            ([S.ACCEPTED, S.REPORT_DUE, S.REPORTED, S.CLOSED], 15),
        ],
    )


@dataclass
class Candidate:
    """An application that went into review: scored, then (in a decided round) ranked and allocated."""

    pk: int
    requested: int
    submitted: dt.datetime
    quality: float  # how good the reviewers find it, 1.5-4.8 points out of 5
    row: dict
    group: GroupRow


class Out:
    """The rows of every grants table, gathered round by round and written once at the end."""

    def __init__(self):
        self.reviewers, self.applications, self.logs, self.lines, self.reports = [], [], [], [], []
        self.conflicts, self.sheets, self.scores = [], [], []
        self.requested: dict[int, int] = {}


def plan_lines(rng, pk: int, stage: str, scale: float = 1.0) -> tuple[list[dict], int]:
    """An application's expense and income lines; returns them and the eligible costs."""
    lines, eligible = [], 0
    for order, category in enumerate(rng.sample(EXPENSES, rng.randint(3, 5))):
        amount = int(rng.randint(10, 150) * 1000 * scale)
        eligible += amount
        lines.append(
            {
                "application_id": pk,
                "stage": stage,
                "kind": LineKind.EXPENSE,
                "category": category,
                "description": "",
                "amount": amount,
                "eligible": True,
                "order": order,
            }
        )
    if rng.random() < 0.3:
        lines.append(
            {
                "application_id": pk,
                "stage": stage,
                "kind": LineKind.EXPENSE,
                "category": "food",
                "description": "参加者の茶菓",
                "amount": 5000,
                "eligible": False,
                "order": 9,
            }
        )
    lines.append(
        {
            "application_id": pk,
            "stage": stage,
            "kind": LineKind.INCOME,
            "category": "own_funds",
            "description": "会費から",
            "amount": eligible // 3,
            "eligible": False,
            "order": 0,
        }
    )
    return lines, eligible


def finish(rng, row: dict, fate: list[Status], spec, group: GroupRow, people: People, now, out: Out) -> None:
    """Set the final status and write the status log along `fate` (dated from the round's call)."""
    row["status"] = fate[-1]
    if row["status"] == S.DECLINED and "decided_at" not in row:
        row["decided_at"] = min(now, spec["closes_at"] + dt.timedelta(days=7))
    previous = ""
    for step in fate:
        if step == S.DRAFT:
            at = row["created_at"]
        elif step == S.SUBMITTED:
            at = row["submitted_at"]
        elif step == S.DECLINED:
            at = row["decided_at"]
        elif step == S.WITHDRAWN:
            at = min(now, (row["submitted_at"] or row["created_at"]) + dt.timedelta(days=2))
        else:
            at = min(now, spec["closes_at"] + dt.timedelta(days=STEP_DAYS[step]))
        applicant = step in (S.DRAFT, S.SUBMITTED, S.RESUBMITTED, S.WITHDRAWN, S.ACCEPTED, S.REPORTED)
        by = group.manager_id if applicant else rng.choice(people.staff)
        note = "予算書の内訳を見直してください。" if step == S.RETURNED else ""
        out.logs.append((row["id"], previous, step, by, at, note))
        previous = step
    if fate[-1] in (S.REPORT_DUE, S.REPORTED, S.CLOSED):
        submitted = fate[-1] != S.REPORT_DUE
        out.reports.append(
            {
                "application_id": row["id"],
                "outcomes": "計画どおり実施し、延べ280人が参加した。",
                "participants": rng.randint(50, 500),
                "challenges": "担い手の確保が課題。",
                "submitted_at": min(now, spec["closes_at"] + dt.timedelta(days=270)) if submitted else None,
            }
        )
