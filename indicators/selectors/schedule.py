"""A plan's schedule counted by stage in SQL: the planned stages ("→" resolved) and the results per fiscal year."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from django.db import connection

from ..models import ActionItem, Plan, PlanNode, Stage, YearPlan

# Per item, a "→" takes the last stage printed before it inside the plan period (effective_stages, in SQL): the
# running maximum of "<year><stage>" over the item's earlier years, its year (four digits) cut off. One pass counts
# both the planned stages (inside the period) and the results (those the user may see). It starts with SELECT, so
# django-pghistory leaves it as it is (it prefixes its context to anything else, a WITH included).
_STAGE_COUNTS = """
SELECT GROUPING(planned) = 0, fiscal_year, CASE WHEN GROUPING(planned) = 0 THEN planned ELSE actual_stage END,
       CASE WHEN GROUPING(planned) = 0
            THEN count(*) FILTER (WHERE fiscal_year BETWEEN %(first)s AND %(last)s)
            ELSE count(*) FILTER (WHERE %(internal)s OR status = ANY(%(visible)s)) END
FROM (
    SELECT yp.fiscal_year, yp.actual_stage, yp.status,
           CASE WHEN yp.planned_stage = %(continue)s
                THEN coalesce(substr(max(
                         CASE WHEN yp.planned_stage NOT IN ('', %(continue)s)
                                   AND yp.fiscal_year BETWEEN %(first)s AND %(last)s
                              THEN yp.fiscal_year::text || yp.planned_stage END
                     ) OVER (PARTITION BY yp.item_id ORDER BY yp.fiscal_year), 5), '')
                ELSE yp.planned_stage END AS planned
    FROM {year_plan} yp
    JOIN {item} item ON item.id = yp.item_id
    JOIN {node} node ON node.id = item.node_id
    WHERE node.plan_id = %(plan)s
) schedule
GROUP BY GROUPING SETS ((fiscal_year, planned), (fiscal_year, actual_stage))
"""


def stage_counts(plan: Plan, *, internal: bool, visible: Collection[str]) -> tuple[Counter, Counter, bool]:
    """(year, effective planned stage) and (year, result) counts of a plan's items, results counted when `internal`
    or in a `visible` status, and whether the plan has a schedule at all; one query."""
    sql = _STAGE_COUNTS.format(
        year_plan=YearPlan._meta.db_table, item=ActionItem._meta.db_table, node=PlanNode._meta.db_table
    )
    first, last = (plan.start_year, plan.end_year) if plan.fiscal_years else (0, 9999)
    params: dict[str, Any] = {
        "plan": plan.pk,
        "continue": Stage.CONTINUE.value,
        "first": first,
        "last": last,
        "internal": internal,
        "visible": [str(status) for status in visible],
    }
    planned: Counter[tuple[int, str]] = Counter()
    actual: Counter[tuple[int, str]] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for by_plan, year, stage, count in cursor.fetchall():
            (planned if by_plan else actual)[(year, stage)] += count
    return planned, actual, bool(actual)
