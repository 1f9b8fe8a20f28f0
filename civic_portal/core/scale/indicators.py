"""Plans and indicators: each plan a tree of policies, measures and action items, with a schedule and reported
results per item and fiscal year (through the review workflow), departments, and outcome indicators with
baselines, targets, interim targets and observations; last year's annual report is published."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from civic_portal.accounts.models import User
from civic_portal.core.fiscal import current_fiscal_year
from indicators.computed import REGISTRY
from indicators.models import (
    ActionItem,
    Department,
    DepartmentMembership,
    Direction,
    Indicator,
    IndicatorSource,
    InterimTarget,
    ItemDepartment,
    ItemKind,
    Observation,
    Plan,
    PlanNode,
    ReviewStatus,
    Stage,
    TargetActor,
    YearPlan,
    YearPlanStatusChange,
)
from indicators.services.reports import report_publish

from .accounts import People
from .bulk import copy_rows, copy_tuples, reserve_ids
from .guard import PLAN_PREFIX

R = ReviewStatus
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
DEPARTMENTS = [
    "協働推進課",
    "地域政策課",
    "市民活動センター",
    "生涯学習課",
    "子ども家庭課",
    "高齢福祉課",
    "障害福祉課",
    "環境政策課",
    "防災危機管理課",
    "観光政策課",
    "農林水産課",
    "商工振興課",
    "国際交流課",
    "男女共同参画課",
    "教育委員会 学校教育課",
    "文化振興課",
    "スポーツ振興課",
    "広報戦略課",
    "情報政策課",
    "管財課",
]
POLICIES = [
    "参加しやすく、活動しやすい環境づくり",
    "市民活動を担う人づくり",
    "多様な主体の協働の推進",
    "地域コミュニティの活性化",
    "情報の共有と発信",
    "中間支援機能の充実",
    "財政的な支援の充実",
    "若い世代の参画",
    "防災とまちづくりの連携",
    "評価と改善の仕組みづくり",
]
MEASURES = [
    "拠点の充実",
    "活動資金の支援",
    "人材の育成",
    "情報発信の強化",
    "団体間の連携",
    "企業との協働",
    "学校との連携",
    "相談体制の充実",
    "担い手の発掘",
    "制度の見直し",
]
ACTIONS = [
    "講座の開催",
    "補助制度の運用",
    "相談窓口の設置",
    "情報サイトの運営",
    "交流会の開催",
    "調査の実施",
    "マッチングの推進",
    "拠点施設の整備",
    "手引書の作成",
    "表彰制度の運用",
    "研修の実施",
    "事例集の発行",
]
INDICATORS = [
    ("市民活動への参加率", "%", IndicatorSource.SURVEY),
    ("協働の認知度", "%", IndicatorSource.SURVEY),
    ("登録団体数", "団体", IndicatorSource.PORTAL),
    ("センター利用者数", "人", IndicatorSource.PORTAL),
    ("講座の受講者数", "人", IndicatorSource.STATISTIC),
    ("協働事業の件数", "件", IndicatorSource.STATISTIC),
    ("ボランティア登録者数", "人", IndicatorSource.STATISTIC),
    ("地域活動への満足度", "%", IndicatorSource.SURVEY),
]
PORTAL_KEYS = sorted(REGISTRY)


def _stage_plan(rng, years: int) -> list[str]:
    """A schedule row as plans print it: study, then implementation carried on with →."""
    start = rng.randint(0, 2)
    row = [""] * start + [rng.choice([Stage.STUDY, Stage.STUDY_AND_IMPLEMENT, Stage.IMPLEMENTED])]
    while len(row) < years:
        row.append(Stage.IMPLEMENTED if row[-1] == Stage.STUDY and rng.random() < 0.5 else Stage.CONTINUE)
    return row[:years]


def _status(fy: int, current: int, rng) -> list[ReviewStatus]:
    """The review path a year's result went through: past years published, last year mid-way, now being filled."""
    if fy < current - 1:
        return [R.SUBMITTED, R.REVIEWED, R.APPROVED, R.PUBLISHED]
    if fy == current - 1:
        full = [R.SUBMITTED, R.REVIEWED, R.APPROVED, R.PUBLISHED]
        return full[: rng.choice([0, 1, 2, 3, 4, 4])]
    if fy == current:
        return [R.SUBMITTED] if rng.random() < 0.2 else []
    return []


def generate(
    *, rng: random.Random, plans: int, items: int, years: int, indicators: int, people: People, now: dt.datetime
) -> None:
    """`plans` plans of `items` action items over `years` fiscal years, and `indicators` indicators in all."""
    current = current_fiscal_year()
    departments = _departments(people)
    plan_ids = reserve_ids(Plan, plans)
    plan_rows: list[dict] = []
    nodes: list[dict] = []
    item_rows: list[dict] = []
    links: list[dict] = []
    year_rows: list[dict] = []
    logs: list[tuple] = []  # (year_plan_id, from_status, to_status, changed_by_id, changed_at, note)
    for n, plan_id in enumerate(plan_ids, start=1):
        start = current - years // 2 - (n - 1)
        plan_rows.append(
            {
                "id": plan_id,
                "code": f"{PLAN_PREFIX}plan-{n}",
                "title": f"第{n}次 市民活動促進基本計画",
                "city": "下関市",
                "start_year": start,
                "end_year": start + years - 1,
                "level_names": ["基本方針", "施策", "推進項目"],
            }
        )
        _tree(
            rng,
            plan_id,
            items,
            years,
            start,
            current,
            departments,
            people,
            now,
            nodes,
            item_rows,
            links,
            year_rows,
            logs,
        )
    copy_rows(Plan, plan_rows)
    copy_rows(PlanNode, nodes)
    copy_rows(ActionItem, item_rows)
    copy_rows(ItemDepartment, links)
    copy_rows(YearPlan, year_rows)
    copy_tuples(
        YearPlanStatusChange, ["year_plan_id", "from_status", "to_status", "changed_by_id", "changed_at", "note"], logs
    )
    _indicators(rng, plan_rows, indicators, current, now)
    _publish_reports(plan_rows, current, people)


def _publish_reports(plan_rows: list[dict], current: int, people: People) -> None:
    """Last fiscal year's annual report published by the center, as the public sees it (the real snapshot)."""
    staff = User.objects.get(pk=people.staff[0])
    for plan in Plan.objects.filter(pk__in=[p["id"] for p in plan_rows]):
        if (
            plan.start_year is not None
            and plan.end_year is not None
            and plan.start_year <= current - 1 <= plan.end_year
        ):
            report_publish(plan=plan, fiscal_year=current - 1, user=staff)


def _departments(people: People) -> list[int]:
    existing = dict(Department.objects.values_list("name", "id"))
    missing = [name for name in DEPARTMENTS if name not in existing]
    ids = reserve_ids(Department, len(missing))
    copy_rows(
        Department,
        [
            {"id": pk, "name": name, "sort_order": DEPARTMENTS.index(name)}
            for pk, name in zip(ids, missing, strict=True)
        ],
    )
    by_name = {**existing, **dict(zip(missing, ids, strict=True))}
    # Each official belongs to a department; the benchmark's official to 協働推進課, which holds the most items.
    rows = [
        {"department_id": by_name[DEPARTMENTS[i % len(DEPARTMENTS)]], "user_id": user}
        for i, user in enumerate(people.officials)
    ]
    copy_rows(DepartmentMembership, rows)
    return [by_name[name] for name in DEPARTMENTS]


def _tree(
    rng, plan_id, items, years, start, current, departments, people, now, nodes, item_rows, links, year_rows, logs
) -> None:
    policies = max(1, min(5, items // 10 or 1))
    measures = max(policies, min(50, items // 10 or 1))
    node_ids = iter(reserve_ids(PlanNode, policies + measures + items))
    item_ids = iter(reserve_ids(ActionItem, items))
    yp_ids = iter(reserve_ids(YearPlan, items * years))
    measure_rows = []
    for p in range(policies):
        code = ROMAN[p] if p < len(ROMAN) else str(p + 1)
        pid = next(node_ids)
        nodes.append(
            {
                "id": pid,
                "plan_id": plan_id,
                "parent_id": None,
                "code": code,
                "title": POLICIES[p % len(POLICIES)],
                "level": 0,
                "sort_order": p,
            }
        )
        for m in range(measures // policies + (1 if p < measures % policies else 0)):
            mid = next(node_ids)
            mcode = f"{code}-({m + 1})"
            nodes.append(
                {
                    "id": mid,
                    "plan_id": plan_id,
                    "parent_id": pid,
                    "code": mcode,
                    "title": MEASURES[(p + m) % len(MEASURES)],
                    "level": 1,
                    "sort_order": m,
                }
            )
            measure_rows.append((mid, mcode))
    previous_items: list[int] = []
    for i in range(items):
        mid, mcode = measure_rows[i % len(measure_rows)]
        k = i // len(measure_rows)
        nid, iid = next(node_ids), next(item_ids)
        title = f"{ACTIONS[(i + k) % len(ACTIONS)]}（{MEASURES[i % len(MEASURES)]}）"
        nodes.append(
            {
                "id": nid,
                "plan_id": plan_id,
                "parent_id": mid,
                "code": f"{mcode}-{CIRCLED[k] if k < len(CIRCLED) else k + 1}",
                "title": title,
                "level": 2,
                "sort_order": i,
            }
        )
        repost = previous_items and rng.random() < 0.03
        item_rows.append(
            {
                "id": iid,
                "node_id": nid,
                "kind": rng.choice([ItemKind.NEW, ItemKind.CONTINUING, ""]),
                "target_actors": sorted(rng.sample(TargetActor.values, rng.randint(1, 3))),
                "purpose": "市民活動団体等が活動・参加しやすい環境づくりを進めます。",
                "content": f"{title}を通じて、{rng.choice(POLICIES)}を進めます。",
                "completion_criterion": "目標とする水準に達したときに完了とします。",
                "reposted": bool(repost),
                "repost_of_id": rng.choice(previous_items) if repost else None,
            }
        )
        previous_items.append(iid)
        # The first department leads a third of the items (the benchmark official's department).
        chosen = [departments[0]] if rng.random() < 0.33 else []
        chosen += rng.sample(departments[1:], rng.randint(0 if chosen else 1, 1))
        links += [{"item_id": iid, "department_id": d, "sort_order": o} for o, d in enumerate(chosen)]
        for year, planned in zip(range(start, start + years), _stage_plan(rng, years), strict=True):
            ypid = next(yp_ids)
            path = _status(year, current, rng)
            reported = bool(path) or (year < current and rng.random() < 0.5)
            actual = (planned or Stage.IMPLEMENTED) if rng.random() < 0.85 else Stage.NOT_DONE
            updated = min(now, dt.datetime(year + 1, 5, 10, tzinfo=now.tzinfo))
            year_rows.append(
                {
                    "id": ypid,
                    "item_id": iid,
                    "fiscal_year": year,
                    "planned_stage": planned,
                    "actual_stage": actual if reported else "",
                    "progress_note": "計画どおり進めました。"
                    if reported and actual != Stage.NOT_DONE
                    else ("予算の都合で実施できませんでした。" if reported else ""),
                    "evidence": "事業報告書" if reported else "",
                    "status": path[-1] if path else R.DRAFT,
                    "updated_at": updated,
                }
            )
            previous, at = R.DRAFT, updated
            for step in path:
                by = people.officials[0] if step == R.SUBMITTED else rng.choice(people.staff)
                logs.append((ypid, previous, step, by, at, ""))
                previous, at = step, min(now, at + dt.timedelta(days=rng.randint(3, 30)))


def _indicators(rng, plan_rows, count: int, current: int, now) -> None:
    ids = reserve_ids(Indicator, count)
    rows, observations, interims = [], [], []
    for n, pk in enumerate(ids):
        plan = plan_rows[n % len(plan_rows)]
        index = n // len(plan_rows)
        name, unit, source = INDICATORS[index % len(INDICATORS)]
        group = index % 5 + 1
        key = PORTAL_KEYS[index % len(PORTAL_KEYS)] if source == IndicatorSource.PORTAL else ""
        percent = unit == "%"
        baseline = Decimal(rng.randint(5, 40)) if percent else Decimal(rng.randint(100, 20000))
        direction = Direction.DECREASE if rng.random() < 0.1 else Direction.INCREASE
        sign = -1 if direction == Direction.DECREASE else 1
        target = baseline + sign * (Decimal(rng.randint(3, 15)) if percent else baseline * Decimal("0.2"))
        start, end = plan["start_year"], plan["end_year"]
        rows.append(
            {
                "id": pk,
                "plan_id": plan["id"],
                "code": f"{group}-{index + 1}",
                "group_code": str(group),
                "group_title": POLICIES[(group - 1) % len(POLICIES)],
                "name": f"{name}（{index + 1}）",
                "unit": unit,
                "qualifier": "参加したことがある" if source == IndicatorSource.SURVEY else "",
                "direction": direction,
                "source": source,
                "source_note": "市民意識調査" if source == IndicatorSource.SURVEY else "所管課の集計",
                "computed_key": key,
                "baseline_value": baseline,
                "baseline_year": start - 1,
                "target_value": max(target, Decimal(0)),
                "target_year": end,
                "sort_order": index,
            }
        )
        interims.append(
            {"indicator_id": pk, "fiscal_year": (start + end) // 2, "value": (baseline + max(target, Decimal(0))) / 2}
        )
        value = baseline
        for year in range(start, min(end, current) + 1):
            if source == IndicatorSource.SURVEY and (year - start) % 2:
                continue  # the survey is held every other year
            value = max(Decimal(0), value + sign * Decimal(rng.uniform(-0.3, 1.0)) * (1 if percent else baseline / 50))
            survey = source == IndicatorSource.SURVEY
            observations.append(
                {
                    "indicator_id": pk,
                    "fiscal_year": year,
                    "value": value.quantize(Decimal("0.001")),
                    "is_final": year < current,
                    "source_note": "",
                    "sample_size": rng.randint(800, 2000) if survey else None,
                    "margin_of_error": Decimal("2.8") if survey else None,
                    "recorded_at": now,
                }
            )
    copy_rows(Indicator, rows)
    copy_rows(InterimTarget, interims)
    copy_rows(Observation, observations)
