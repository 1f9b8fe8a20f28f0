"""The backup archive: one tar holding database.dump, media/, private/ and manifest.json, written and checked here."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from django.utils.translation import gettext as _

from . import BackupError

FORMAT = "civic-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
AREAS = ("media", "private")
CHUNK = 1024 * 1024
MANIFEST_MAX_BYTES = 256 * 1024 * 1024
# What a damaged tar or gzip stream raises while it is read.
DAMAGE = (tarfile.TarError, EOFError, zlib.error, OSError)


class _Hashing:
    """A reader that hashes what passes through it (tarfile copies a member from it)."""

    def __init__(self, source: IO[bytes]):
        self.source = source
        self.sha = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.sha.update(chunk)
        return chunk


class Writer:
    """Adds members to a new tar (gzip when asked) and returns each one's sha256 and size for the manifest."""

    def __init__(self, path: Path, *, compress: bool):
        self.tar = tarfile.open(path, "w:gz" if compress else "w", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        self.mtime = int(time.time())

    def add(self, name: str, source: IO[bytes], size: int) -> dict:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, self.mtime, 0o600
        reader = _Hashing(source)
        try:
            self.tar.addfile(info, reader)
        except OSError as exc:  # tarfile's "unexpected end of data": the file shrank while it was read
            raise BackupError(
                _("%(name)s を読んでいる間に変わりました: %(reason)s") % {"name": name, "reason": exc}
            ) from exc
        return {"sha256": reader.sha.hexdigest(), "size": size}

    def add_bytes(self, name: str, data: bytes) -> None:
        self.add(name, io.BytesIO(data), len(data))

    def close(self) -> None:
        self.tar.close()


def _damaged(path: Path, problem: str) -> BackupError:
    return BackupError(
        _("バックアップ %(path)s は壊れています（%(problem)s）。何も変えていません。")
        % {"path": path, "problem": problem}
    )


def _open(path: Path) -> tarfile.TarFile:
    if not path.exists():
        raise BackupError(_("バックアップファイル %(path)s がありません。") % {"path": path})
    if not path.is_file():
        raise BackupError(_("%(path)s はファイルではありません。") % {"path": path})
    try:
        return tarfile.open(path, "r:*")
    except PermissionError as exc:
        raise BackupError(_("バックアップファイル %(path)s を読む権限がありません。") % {"path": path}) from exc
    except DAMAGE as exc:
        raise _damaged(path, _("tar として読めません")) from exc


def _safe_name(name: object) -> bool:
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    return all(part not in {"", ".", ".."} for part in name.split("/"))


def _entry(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("sha256"), str)
        and isinstance(value.get("size"), int)
        and value["size"] >= 0
    )


def parse_manifest(path: Path, data: bytes) -> dict:
    """The manifest as a dict, checked for shape; BackupError for another format, a newer version or damage."""
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(path, _("manifest.json が読めません")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("%(path)s はこのポータルのバックアップではありません。") % {"path": path})
    version = manifest.get("version")
    if isinstance(version, int) and version > VERSION:
        raise BackupError(
            _("%(path)s は新しい形式（版 %(version)s）のバックアップです。ポータルを更新してから復元してください。")
            % {"path": path, "version": version}
        )
    database, files = manifest.get("database"), manifest.get("files")
    shaped = (
        version == VERSION
        and isinstance(database, dict)
        and _entry(database.get("dump"))
        and isinstance(database.get("tables"), dict)
        and all(isinstance(k, str) and isinstance(v, int) for k, v in database["tables"].items())
        and isinstance(database.get("migrations"), dict)
        and isinstance(database.get("pg_dump_major"), int)
        and isinstance(files, dict)
        and all(isinstance(files.get(area), dict) for area in AREAS)
        and all(_safe_name(name) and _entry(entry) for area in AREAS for name, entry in files[area].items())
    )
    if not shaped:
        raise _damaged(path, _("manifest.json の中身が欠けています"))
    return manifest


def members(manifest: dict) -> dict[str, dict]:
    """Every member the manifest lists (except itself) with its sha256 and size."""
    listed = {DUMP: manifest["database"]["dump"]}
    for area in AREAS:
        listed.update({f"{area}/{name}": entry for name, entry in manifest["files"][area].items()})
    return listed


def _copy(path: Path, source: IO[bytes], target: BinaryIO | None) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    while True:
        try:
            chunk = source.read(CHUNK)
        except DAMAGE as exc:
            raise _damaged(path, _("途中で切れています")) from exc
        if not chunk:
            return sha.hexdigest(), size
        sha.update(chunk)
        size += len(chunk)
        if target is not None:
            try:
                target.write(chunk)
            except OSError as exc:
                raise BackupError(_("一時ファイルに書けません: %(reason)s") % {"reason": exc}) from exc


def verify(path: Path, dump_to: Path) -> dict:
    """Read the whole archive, check every member against the manifest and copy the dump out; nothing else changes."""
    found: dict[str, tuple[str, int]] = {}
    data = b""
    with _open(path) as tar, open(dump_to, "wb") as dump:
        try:
            for member in tar:
                if not member.isfile() or member.name in found:
                    raise _damaged(path, _("想定していない項目 %(name)s があります") % {"name": member.name})
                source = tar.extractfile(member)
                if source is None:
                    raise _damaged(path, _("想定していない項目 %(name)s があります") % {"name": member.name})
                if member.name == MANIFEST:
                    data = source.read(MANIFEST_MAX_BYTES)
                    found[MANIFEST] = ("", len(data))
                else:
                    found[member.name] = _copy(path, source, dump if member.name == DUMP else None)
        except DAMAGE as exc:
            raise _damaged(path, _("途中で切れています")) from exc
    if MANIFEST not in found:
        raise _damaged(path, _("manifest.json がありません。途中で切れていませんか"))
    manifest = parse_manifest(path, data)
    listed = members(manifest)
    found.pop(MANIFEST)
    problems = [_("%(name)s がありません") % {"name": name} for name in listed if name not in found]
    problems += [_("目録にない %(name)s があります") % {"name": name} for name in found if name not in listed]
    problems += [
        _("%(name)s のチェックサムが目録と合いません") % {"name": name}
        for name, entry in listed.items()
        if name in found and found[name] != (entry["sha256"], entry["size"])
    ]
    if problems:
        more = _("、ほか %(count)d 件") % {"count": len(problems) - 1} if len(problems) > 1 else ""
        raise _damaged(path, problems[0] + more)
    return manifest


def stored_files(path: Path) -> Iterator[tuple[str, str, IO[bytes], int]]:
    """(area, name, reader, size) of every file member, read again from the archive for the copy into storage."""
    with _open(path) as tar:
        for member in tar:
            area, _slash, name = member.name.partition("/")
            source = tar.extractfile(member) if member.isfile() and area in AREAS and name else None
            if source is not None:
                yield area, name, source, member.size
