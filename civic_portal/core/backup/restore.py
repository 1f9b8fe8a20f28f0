"""Restoring a backup into an empty database and empty storage, checked before anything changes and after."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.core.files import File
from django.core.files.storage import Storage
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from . import BackupError, pg
from .archive import DUMP, members, stored_files, verify
from .files import areas, digest, walk
from .tools import find_tool

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreSummary:
    tables: int
    rows: int
    files: dict[str, int]
    notes: list[str] = field(default_factory=list)


def _area_label(area: str) -> str:
    return {"media": _("公開ファイルの置き場"), "private": _("非公開ファイルの置き場")}[area]


def _refuse_filled_database(db: pg.Database) -> int:
    """The server's version when the database holds no table; BackupError otherwise."""
    with db.connect(autocommit=True) as conn:
        server_version = conn.info.server_version
        tables = pg.tables(conn)
        migrations = sum(len(names) for names in pg.applied_migrations(conn).values())
        filled = pg.tables_with_rows(conn, tables)
    if not tables:
        return server_version
    if migrations:
        reason = _("適用済みのマイグレーション %(count)d 件") % {"count": migrations}
    elif filled:
        reason = _("データのある表 %(count)d 個") % {"count": filled}
    else:
        reason = _("表 %(count)d 個") % {"count": len(tables)}
    raise BackupError(
        _(
            "復元先のデータベース %(name)s は空ではありません（%(reason)s）。"
            "空のデータベースを作ってから復元してください。何も変えていません。"
        )
        % {"name": db.name, "reason": reason}
    )


def _refuse_filled_storage(stores: dict[str, Storage]) -> None:
    for area, storage in stores.items():
        first = next(walk(storage), None)
        if first is not None:
            raise BackupError(
                _(
                    "復元先の%(area)sは空ではありません（%(name)s など）。"
                    "空の置き場で復元してください。何も変えていません。"
                )
                % {"area": _area_label(area), "name": first}
            )


def _migration_notes(applied: dict[str, list[str]]) -> list[str]:
    """Differences between the backup's migrations and this code's: the restored database may need `migrate`."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    recorded = {(app, name) for app, names in applied.items() for name in names}
    notes = []
    unknown = sorted(recorded - known)
    if unknown:
        notes.append(
            _(
                "このコードにないマイグレーションがバックアップに %(count)d 件あります（%(first)s など）。"
                "バックアップを作った版のコードで動かしてください。"
            )
            % {"count": len(unknown), "first": ".".join(unknown[0])}
        )
    if known - recorded:
        notes.append(_("このコードには未適用のマイグレーションがあります。manage.py migrate を実行してください。"))
    return notes


def _check_rows(db: pg.Database, expected: dict[str, int]) -> list[str]:
    with db.connect(autocommit=True) as conn:
        conn.execute("ANALYZE")  # pg_restore leaves the planner without statistics
        present = set(pg.tables(conn))
        counts = pg.row_counts(conn, [name for name in expected if name in present])
    return [
        _("表 %(table)s: 目録 %(expected)d 行、復元後 %(actual)s 行")
        % {"table": name, "expected": rows, "actual": counts.get(name, "-")}
        for name, rows in expected.items()
        if counts.get(name) != rows
    ]


def _check_files(stores: dict[str, Storage], manifest: dict) -> list[str]:
    problems = []
    for area, storage in stores.items():
        listed = manifest["files"][area]
        present = set(walk(storage))
        problems += [_("%(name)s がありません") % {"name": f"{area}/{name}"} for name in listed if name not in present]
        problems += [_("目録にない %(name)s があります") % {"name": f"{area}/{name}"} for name in present - set(listed)]
        problems += [
            _("%(name)s のチェックサムが目録と合いません") % {"name": f"{area}/{name}"}
            for name, entry in listed.items()
            if name in present and digest(storage, name) != (entry["sha256"], entry["size"])
        ]
    return problems


def restore_backup(path: Path, db: pg.Database) -> RestoreSummary:
    """Check the archive, refuse a database or storage that holds anything, then pg_restore, copy files, verify."""
    path = Path(path)
    stores = areas()
    with tempfile.TemporaryDirectory(prefix="civic-restore-") as folder:
        dump = Path(folder) / DUMP
        manifest = verify(path, dump)
        server_version = _refuse_filled_database(db)
        _refuse_filled_storage(stores)
        tool = find_tool("pg_restore", server_version=server_version, at_least=manifest["database"]["pg_dump_major"])
        try:
            db.run(tool, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", str(dump))
        except BackupError as exc:
            raise BackupError(_("%(reason)s（データベースは元のままです）") % {"reason": exc}) from exc
    logger.info("restore: database %s restored from %s", db.name, path)
    try:
        for area, name, source, size in stored_files(path):
            content = File(source, name=name)
            content.size = size  # else File guesses it from the member's name as a path, or by seeking
            saved = stores[area].save(name, content)
            if saved != name:
                raise BackupError(
                    _("%(name)s が別の名前 %(saved)s で保存されました。") % {"name": name, "saved": saved}
                )
    except OSError as exc:
        raise BackupError(
            _("データベースは復元しましたが、ファイルの書き込みが止まりました: %(reason)s") % {"reason": exc}
        ) from exc
    expected = manifest["database"]["tables"]
    try:
        problems = _check_rows(db, expected) + _check_files(stores, manifest)
    except psycopg.Error as exc:
        problems = [pg.first_line(exc)]
    if problems:
        more = _("、ほか %(count)d 件") % {"count": len(problems) - 1} if len(problems) > 1 else ""
        raise BackupError(
            _("復元しましたが、確かめると食い違いがあります: %(problem)s") % {"problem": problems[0] + more}
        )
    logger.info("restore: %d tables and %d files verified", len(expected), len(members(manifest)) - 1)
    return RestoreSummary(
        tables=len(expected),
        rows=sum(expected.values()),
        files={area: len(manifest["files"][area]) for area in manifest["files"]},
        notes=_migration_notes(manifest["database"]["migrations"]),
    )
