"""Where generated data may go: a migrated database holding nothing but (at most) the data migrations' rows.

A generation is recorded in its own small table (MARKER_TABLE, made by the generator, not a model) with the sizes
and seed, so `make bench` can tell whether a database holds the data set it wants.
"""

from __future__ import annotations

import json

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor

MARKER_TABLE = "civic_scale_generation"
EMAIL_DOMAIN = "scale.example.jp"
PLAN_PREFIX = "scale-"
PROGRAMME_NOTE = "（負荷試験用に生成したデータです）"

# Rows that no generation made: (what, SQL counting them, its parameter).
FOREIGN_ROWS = [
    ("accounts", "SELECT count(*) FROM accounts_user WHERE email NOT LIKE %s", f"%@{EMAIL_DOMAIN}"),
    ("groups", "SELECT count(*) FROM groups_group WHERE contact_email NOT LIKE %s", f"%@{EMAIL_DOMAIN}"),
    ("facilities", "SELECT count(*) FROM facilities_facility WHERE email NOT LIKE %s", f"%@{EMAIL_DOMAIN}"),
    (
        "bookings",
        "SELECT count(*) FROM facilities_booking b JOIN accounts_user u ON u.id = b.user_id WHERE u.email NOT LIKE %s",
        f"%@{EMAIL_DOMAIN}",
    ),
    ("grant programmes", "SELECT count(*) FROM grants_programme WHERE description NOT LIKE %s", f"%{PROGRAMME_NOTE}"),
    ("plans", "SELECT count(*) FROM indicators_plan WHERE code NOT LIKE %s", f"{PLAN_PREFIX}%"),
]


class Refused(Exception):
    """The database is not one generated data may be written to; the message says why and what to do."""


def pending_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def foreign_data() -> dict[str, int]:
    """Counts of rows the generator did not make, per kind (empty when there are none)."""
    found = {}
    with connection.cursor() as cursor:
        for what, sql, pattern in FOREIGN_ROWS:
            cursor.execute(sql, [pattern])
            (count,) = cursor.fetchone()
            if count:
                found[what] = count
    return found


def recorded() -> dict | None:
    """The last generation recorded in this database (sizes, seed, when, seconds), or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT sizes, seed, generated_at, seconds FROM {MARKER_TABLE} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    sizes, seed, generated_at, seconds = row
    sizes = json.loads(sizes) if isinstance(sizes, str) else sizes  # Django leaves jsonb undecoded
    return {"sizes": sizes, "seed": seed, "generated_at": generated_at.isoformat(), "seconds": seconds}


def check(*, force: bool) -> None:
    """Refuse an unmigrated database, one already generated, or (without force) one holding other data."""
    if pending := pending_migrations():
        raise Refused(f"the database is not migrated ({len(pending)} pending, e.g. {pending[0]}); run migrate first")
    if (previous := recorded()) is not None:
        raise Refused(
            f"the database already holds generated data (sizes {json.dumps(previous['sizes'])}, seed "
            f"{previous['seed']}); generate into a new, migrated database instead"
        )
    if not force and (found := foreign_data()):
        listed = ", ".join(f"{count} {what}" for what, count in found.items())
        raise Refused(f"the database holds data that was not generated ({listed}); use --force to add to it anyway")


def record(*, sizes: dict, seed: int, seconds: float) -> None:
    """Write the marker row (in the same transaction as the data)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (id serial PRIMARY KEY, sizes jsonb NOT NULL, "
            "seed integer NOT NULL, generated_at timestamptz NOT NULL DEFAULT now(), seconds real NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (sizes, seed, seconds) VALUES (%s, %s, %s)",  # noqa: S608
            [json.dumps(sizes), seed, seconds],
        )
