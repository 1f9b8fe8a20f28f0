"""PostgreSQL for backups: where pg_dump and pg_restore are, how to reach a database, its tables and row counts."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import dj_database_url
import psycopg
from django.db import connections
from django.utils.translation import gettext as _
from psycopg import pq, sql

from . import BackupError
from .tools import Tool

# Keywords libpq understands; Django's own OPTIONS (pool, isolation_level, server_side_binding...) are left out.
LIBPQ_KEYWORDS = frozenset(option.keyword.decode() for option in pq.Conninfo.get_defaults())
# Every table pg_dump writes the rows of: ordinary and partitioned tables outside the system schemas, not owned
# by an extension.
TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype = 'e')
    ORDER BY 1, 2
"""


@dataclass(frozen=True)
class Database:
    """Connection parameters of one database; the password stays out of argv, logs and messages."""

    params: dict[str, str]
    password: str = field(default="", repr=False)

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        params = {key: str(value) for key, value in (settings_dict.get("OPTIONS") or {}).items()}
        params = {key: value for key, value in params.items() if key in LIBPQ_KEYWORDS and key != "password"}
        for key, setting in (("dbname", "NAME"), ("user", "USER"), ("host", "HOST"), ("port", "PORT")):
            if settings_dict.get(setting):
                params[key] = str(settings_dict[setting])
        return cls(params=params, password=str(settings_dict.get("PASSWORD") or ""))

    @classmethod
    def from_alias(cls, alias: str) -> Database:
        if alias not in connections:
            raise BackupError(_("データベースの別名 %(alias)s は設定にありません。") % {"alias": alias})
        return cls.from_settings(connections[alias].settings_dict)

    @classmethod
    def from_url(cls, url: str) -> Database:
        try:
            return cls.from_settings(dict(dj_database_url.parse(url)))
        except ValueError as exc:
            raise BackupError(_("データベースの URL が読めません: %(reason)s") % {"reason": exc}) from exc

    @property
    def name(self) -> str:
        return self.params.get("dbname", "")

    def connect(self, **kwargs) -> psycopg.Connection:
        try:
            conninfo = psycopg.conninfo.make_conninfo(**{"connect_timeout": "10", **self.params})
            return psycopg.connect(conninfo, password=self.password or None, **kwargs)
        except psycopg.Error as exc:
            raise BackupError(
                _("データベース %(name)s に接続できません: %(reason)s") % {"name": self.name, "reason": first_line(exc)}
            ) from exc

    def run(self, tool: Tool, *args: str) -> None:
        """Run pg_dump or pg_restore against this database; BackupError with its error line when it fails."""
        env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
        if self.password:
            env["PGPASSWORD"] = self.password
        conninfo = psycopg.conninfo.make_conninfo(**self.params)
        command = [tool.path, *args, "--no-password", f"--dbname={conninfo}"]
        proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
        if proc.returncode != 0:
            lines = [line.strip() for line in (proc.stderr or proc.stdout).splitlines() if line.strip()]
            # The first "error:" line says what went wrong; the SQL it quotes after it runs over many lines.
            errors = [line.split("error: ", 1)[1] for line in lines if "error: " in line]
            reason = errors[0] if errors else lines[-1] if lines else f"exit status {proc.returncode}"
            raise BackupError(_("%(tool)s が失敗しました: %(reason)s") % {"tool": tool.name, "reason": reason})


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _value(conn: psycopg.Connection, query) -> Any:
    row = conn.execute(query).fetchone()
    return row[0] if row else None


def tables(conn: psycopg.Connection) -> list[str]:
    """'schema.table' of every table whose rows a dump holds."""
    return [f"{schema}.{table}" for schema, table in conn.execute(TABLES).fetchall()]


def _qualified(name: str) -> sql.Identifier:
    schema, _dot, table = name.partition(".")
    return sql.Identifier(schema, table)


def row_counts(conn: psycopg.Connection, names: list[str]) -> dict[str, int]:
    """Exact row counts of the tables, in one query."""
    if not names:
        return {}
    parts = [sql.SQL("SELECT {}::text, count(*) FROM {}").format(sql.Literal(name), _qualified(name)) for name in names]
    return dict(conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall())


def tables_with_rows(conn: psycopg.Connection, names: list[str]) -> int:
    """How many of the tables hold at least one row, in one query."""
    if not names:
        return 0
    parts = [sql.SQL("SELECT EXISTS (SELECT 1 FROM {}) AS filled").format(_qualified(name)) for name in names]
    query = sql.SQL("SELECT count(*) FILTER (WHERE filled) FROM ({}) AS t").format(sql.SQL(" UNION ALL ").join(parts))
    return _value(conn, query)


def applied_migrations(conn: psycopg.Connection) -> dict[str, list[str]]:
    """Migrations recorded in django_migrations, by app (empty when the table is not there)."""
    if _value(conn, "SELECT to_regclass('django_migrations')") is None:
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
        applied.setdefault(app, []).append(name)
    return applied


@contextmanager
def snapshot(db: Database) -> Iterator[tuple[psycopg.Connection, str]]:
    """A read-only repeatable-read transaction and its exported snapshot, so counts and dump see the same rows."""
    with db.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot_id = _value(conn, "SELECT pg_export_snapshot()")
        try:
            yield conn, snapshot_id
        finally:
            conn.rollback()
