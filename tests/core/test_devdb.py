import tempfile
from pathlib import Path

from civic_portal.core import devdb


def test_socket_folder_inside_the_project_when_short_enough(monkeypatch):
    monkeypatch.setattr(devdb, "HOME", Path("/work/p/var/postgres"))
    assert devdb.socket_dir() == Path("/work/p/var/postgres/run")


def test_socket_folder_falls_back_to_a_short_one_for_long_project_paths(monkeypatch):
    monkeypatch.setattr(devdb, "HOME", Path("/" + "deep/" * 30 + "var/postgres"))
    folder = devdb.socket_dir()
    assert folder.parent == Path(tempfile.gettempdir())
    assert folder.name.startswith("civic-pg-")
    assert len(str(folder)) <= devdb.SOCKET_DIR_MAX


def test_start_is_idempotent_and_status_reports_running(capsys):
    devdb.start()
    devdb.start()
    assert devdb.main(["status"]) == 0
    assert capsys.readouterr().out.strip() == "running"


def test_unknown_command_prints_usage(capsys):
    assert devdb.main(["explode"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_unreachable_database_url_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    assert devdb.main(["check-url"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("database: cannot connect to DATABASE_URL:")
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_url_points_at_the_socket_folder():
    assert devdb.url().startswith("postgresql://postgres@%2F")
    assert devdb.url().endswith("/civic_portal")
