"""Spreadsheets for import tests and measurements: a groups file and a plan file of any number of rows."""

import tablib

from civic_portal.core.models import Area

AREAS = ["彦島", "長府", "豊浦", "菊川", "豊田", "豊北", "勝山", "川中"]
DEPARTMENTS = ["協働推進課", "地域交流センター", "管財課", "生涯学習・スポーツ振興課", "福祉政策課", "環境政策課"]
ACTORS = ["citizens", "community", "civic_groups", "businesses", "schools", "government"]
STAGES = ["検討", "一部実施", "実施", "→", ""]
GROUP_HEADERS = [
    "name", "name_kana", "legal_form", "founded_year", "member_count", "purpose", "activities",
    "activity_fields", "areas", "representative_name", "contact_name", "contact_email", "recruiting_members",
]  # fmt: skip
PLAN_HEADERS = [
    "plan_code", "policy_code", "policy_title", "measure_code", "measure_title", "item_code", "title", "kind",
    "departments", "target_actors", "purpose", "content", "completion_criterion",
    "fy2021", "fy2022", "fy2023", "fy2024", "fy2025", "reposted",
]  # fmt: skip


def make_areas() -> None:
    Area.objects.bulk_create([Area(name=name, name_kana="ちく") for name in AREAS], ignore_conflicts=True)


def group_rows(count: int, *, start: int = 0) -> list[list]:
    rows = []
    for n in range(start, start + count):
        fields = ";".join(str(code) for code in sorted({1 + n % 20, 1 + (n * 7) % 20}))
        areas = ";".join(sorted({AREAS[n % len(AREAS)], AREAS[(n // 3) % len(AREAS)]}))
        rows.append([
            f"取込テスト団体{n}", f"とりこみてすとだんたい{n}", "voluntary", 1990 + n % 30, 5 + n % 40,
            "地域の環境をよくする", "清掃活動と学習会", fields, areas, "代表 太郎", "連絡 花子",
            f"import{n}@example.jp", "true" if n % 2 else "false",
        ])  # fmt: skip
    return rows


def plan_rows(count: int, *, plan_code: str = "bench-2021") -> list[list]:
    rows = []
    for n in range(count):
        policy, measure = n // 500, n // 25
        departments = ";".join(sorted({DEPARTMENTS[n % 6], DEPARTMENTS[(n // 2) % 6]}))
        schedule = [STAGES[(n + year) % len(STAGES)] for year in range(5)]
        rows.append([
            plan_code, f"P{policy}", f"推進方針{policy}", f"P{policy}-M{measure}", f"推進施策{measure}",
            f"P{policy}-M{measure}-{n}", f"推進項目{n}", "new" if n % 3 else "continuing", departments,
            ";".join(ACTORS[: 1 + n % 6]), "目的の説明", "推進内容の説明", "完了の目安", *schedule, "false",
        ])  # fmt: skip
    return rows


def csv_bytes(headers: list[str], rows: list[list]) -> bytes:
    return tablib.Dataset(*rows, headers=headers).export("csv").encode("utf-8")
