"""Writing a backup: rows counted and dumped from one snapshot, then every stored file, then the manifest."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.translation import gettext as _

from . import BackupError, pg
from .archive import DUMP, FORMAT, MANIFEST, VERSION, Writer
from .files import areas, walk
from .tools import find_tool

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: dict[str, int]
    size: int


def _check_output(output: Path, force: bool) -> None:
    if output.is_dir():
        raise BackupError(_("%(path)s はフォルダです。バックアップのファイル名を指定してください。") % {"path": output})
    if output.exists() and not force:
        raise BackupError(_("%(path)s はもうあります。上書きするなら --force を付けてください。") % {"path": output})
    if not output.parent.is_dir():
        raise BackupError(_("保存先のフォルダ %(folder)s がありません。") % {"folder": output.parent})


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dump(db: pg.Database, target: Path) -> dict:
    """Row counts, migrations and the pg_dump file, all from one exported snapshot (a live portal keeps writing)."""
    with pg.snapshot(db) as (conn, snapshot_id):
        server_version = conn.info.server_version
        tool = find_tool("pg_dump", server_version=server_version, at_least=server_version // 10000)
        tables = pg.tables(conn)
        database = {
            "name": db.name,
            "server_version": server_version,
            "pg_dump_major": tool.major,  # the oldest pg_restore that reads the dump
            "tables": pg.row_counts(conn, tables),
            "migrations": pg.applied_migrations(conn),
        }
        db.run(tool, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}")
    return database


def _write(partial: Path, dump: Path, database: dict, *, compress: bool) -> dict:
    """The archive: the dump first, then media/ and private/, the manifest last (it holds their checksums)."""
    writer = Writer(partial, compress=compress)
    try:
        with open(dump, "rb") as handle:
            database["dump"] = writer.add(DUMP, handle, dump.stat().st_size)
        dump.unlink()  # the archive holds it now; free the disk for the files
        files: dict[str, dict] = {}
        for area, storage in areas().items():
            files[area] = {}
            for name in walk(storage):
                try:
                    size = storage.size(name)
                    stored = storage.open(name, "rb")
                except FileNotFoundError:
                    logger.info("backup: %s/%s was deleted while the backup ran", area, name)
                    continue
                with stored:
                    files[area][name] = writer.add(f"{area}/{name}", stored, size)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "database": database,
            "files": files,
        }
        writer.add_bytes(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
    finally:
        writer.close()
    return manifest


def create_backup(output: Path, *, force: bool = False, alias: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write one archive of the database and both file stores to `output`, atomically (temp file, then rename)."""
    output = Path(output).absolute()
    _check_output(output, force)
    db = pg.Database.from_alias(alias)
    try:
        work = tempfile.TemporaryDirectory(prefix=f".{output.name}.", dir=output.parent)
    except OSError as exc:
        raise BackupError(
            _("保存先のフォルダ %(folder)s に書けません: %(reason)s") % {"folder": output.parent, "reason": exc}
        ) from exc
    with work as folder:
        dump, partial = Path(folder) / DUMP, Path(folder) / "archive.partial"
        try:
            manifest = _write(partial, dump, _dump(db, dump), compress=output.name.endswith((".gz", ".tgz")))
            partial.chmod(0o600)  # names, addresses and attachments of citizens
            _fsync(partial)
            _check_output(output, force)  # nobody wrote it meanwhile
            os.replace(partial, output)
            _fsync(output.parent)
        except OSError as exc:
            raise BackupError(_("バックアップを書けませんでした: %(reason)s") % {"reason": exc}) from exc
    tables = manifest["database"]["tables"]
    summary = BackupSummary(
        path=output,
        tables=len(tables),
        rows=sum(tables.values()),
        files={area: len(names) for area, names in manifest["files"].items()},
        size=output.stat().st_size,
    )
    logger.info("backup written: %s (%d tables, %d files)", output, summary.tables, sum(summary.files.values()))
    return summary
