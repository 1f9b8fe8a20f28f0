"""Demo content: 市民活動促進補助金 with an open round, its criteria and committee, and other funders' grants."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from civic_portal.core.fiscal import current_fiscal_year
from groups.models import ActivityField

from .models import (
    Application,
    Category,
    FunderKind,
    OtherFunderGrant,
    Programme,
    ReviewCriterion,
    Reviewer,
    ReviewerRole,
    Round,
    Status,
)

CRITERIA = [
    ("公益性", "不特定多数の市民の利益につながるか", 2, 5),
    ("市民性", "市民が主体となり、多くの市民が参加できるか", 1, 5),
    ("発展性", "事業の広がりや継続が見込めるか", 1, 5),
    ("実現性", "計画・予算・体制が具体的で実現できるか", 1, 5),
    ("自立性", "補助終了後も自立して続けられるか", 1, 5),
]
GUIDELINES = """市内で公益的な活動を行う市民活動団体の事業に対し、経費の一部を補助します。

対象: 市民活動センターの登録団体
補助額: 補助対象経費の3分の2以内、上限30万円
対象外経費: 飲食費、団体の経常的な運営費、備品の購入費
選考: 市民委員を含む審査委員会が、書類審査と公開プレゼンテーションにより選考します。"""


def load(*, users):
    """Idempotent: the programme, an open round of this fiscal year with criteria and reviewer@example.jp."""
    now = timezone.now()
    year = current_fiscal_year()
    programme, _ = Programme.objects.get_or_create(
        name="市民活動促進補助金",
        defaults={"description": "市民活動団体の公益的な事業、立ち上げ、人材育成、市との協働事業を支援します。"},
    )
    grant_round, created = Round.objects.get_or_create(
        programme=programme,
        title=f"{year}年度 活動支援部門",
        defaults={
            "category": Category.ACTIVITY,
            "fiscal_year": year,
            "budget": 1_500_000,
            "max_per_award": 300_000,
            "rate_numerator": 2,
            "rate_denominator": 3,
            "opens_at": now - dt.timedelta(days=7),
            "closes_at": now + dt.timedelta(days=60),
            "guidelines": GUIDELINES,
            "presentation_held": True,
            "presentation_at": now + dt.timedelta(days=75),
            "presentation_place": "市民活動センター 大会議室",
        },
    )
    if created:
        for order, (name, description, weight, max_points) in enumerate(CRITERIA):
            ReviewCriterion.objects.create(
                round=grant_round,
                name=name,
                description=description,
                weight=Decimal(weight),
                max_points=max_points,
                order=order,
            )
    Round.objects.get_or_create(
        programme=programme,
        title=f"{year}年度 スタートアップ部門",
        defaults={
            "category": Category.STARTUP,
            "fiscal_year": year,
            "budget": 500_000,
            "max_per_award": 100_000,
            "rate_numerator": 1,
            "rate_denominator": 1,
            "opens_at": now + dt.timedelta(days=30),
            "closes_at": now + dt.timedelta(days=90),
            "guidelines": "設立3年未満の団体の立ち上げを支援します。",
        },
    )
    reviewer = users.get("reviewer@example.jp")
    if reviewer:
        Reviewer.objects.get_or_create(
            round=grant_round, user=reviewer, defaults={"role": ReviewerRole.CITIZEN, "publish_name": True}
        )
    staff = users.get("staff@example.jp")
    if staff:
        Reviewer.objects.get_or_create(round=grant_round, user=staff, defaults={"role": ReviewerRole.STAFF})
    _past_round(programme=programme, year=year - 1, users=users)
    today = timezone.localdate()
    funders = [
        (FunderKind.NATIONAL, "独立行政法人福祉医療機構", "社会福祉振興助成事業", 7_000_000, 60, [1]),
        (FunderKind.PREFECTURE, "県", "地域づくり活動支援事業", 500_000, 45, [3, 7]),
        (FunderKind.FOUNDATION, "市民活動財団", "子どもの居場所づくり助成", 1_000_000, 30, [13]),
        (FunderKind.COMPANY, "地元信用金庫", "環境保全活動助成", 300_000, 20, [7]),
    ]
    for kind, funder_name, title, amount, days, codes in funders:
        grant, created = OtherFunderGrant.objects.get_or_create(
            funder_name=funder_name,
            title=title,
            defaults={
                "funder_kind": kind,
                "amount": amount,
                "deadline": today + dt.timedelta(days=days),
                "url": "https://example.org/grants",
            },
        )
        if created:
            grant.fields.set(ActivityField.objects.filter(version="2012", code__in=codes))


def _past_round(*, programme, year, users):
    """Last year's round, decided and published, with awards to up to two registered demo groups (if any)."""
    from groups.models import Group

    groups = list(Group.objects.public().order_by("id")[:2])
    if not groups:
        return
    now = timezone.now()
    grant_round, created = Round.objects.get_or_create(
        programme=programme,
        title=f"{year}年度 活動支援部門",
        defaults={
            "category": Category.ACTIVITY,
            "fiscal_year": year,
            "budget": 600_000,
            "max_per_award": 300_000,
            "opens_at": now - dt.timedelta(days=400),
            "closes_at": now - dt.timedelta(days=340),
            "guidelines": GUIDELINES,
            "results_published": True,
            "results_published_at": now - dt.timedelta(days=300),
        },
    )
    if not created:
        return
    for order, (name, description, weight, max_points) in enumerate(CRITERIA):
        ReviewCriterion.objects.create(
            round=grant_round,
            name=name,
            description=description,
            weight=Decimal(weight),
            max_points=max_points,
            order=order,
        )
    if users.get("reviewer@example.jp"):
        Reviewer.objects.create(
            round=grant_round, user=users["reviewer@example.jp"], role=ReviewerRole.CITIZEN, publish_name=True
        )
    titles = ["子どもの居場所づくり事業", "川辺の清掃と自然観察会"]
    for rank, (group, title) in enumerate(zip(groups, titles, strict=False), start=1):
        Application.objects.create(
            round=grant_round,
            group=group,
            title=title,
            purpose="地域の課題に取り組む",
            content="月2回の活動",
            schedule="5月〜翌2月",
            expected_results="延べ300人の参加",
            requested_amount=250_000,
            status=Status.CLOSED,
            submitted_at=grant_round.closes_at - dt.timedelta(days=3),
            rank=rank,
            awarded_amount=250_000,
            final_amount=240_000,
            refund_due=0,
            decided_at=grant_round.closes_at + dt.timedelta(days=30),
        )
