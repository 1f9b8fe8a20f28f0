"""Backup and restore: a round trip into a fresh database and fresh storage reproduces every row and file; bad
input (a missing file, a damaged archive, a database or storage that holds anything) is one line and changes nothing.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from PIL import Image
from psycopg import sql

from civic_portal.core.backup import BackupError
from civic_portal.core.backup.archive import verify
from civic_portal.core.backup.create import create_backup
from civic_portal.core.backup.tools import candidates, find_tool
from grants import services
from grants.models import Attachment
from tests.factories.accounts import StaffFactory
from tests.factories.facilities import FacilityFactory
from tests.factories.files import pdf_upload
from tests.factories.grants import ApplicationFactory, manager_of
from tests.factories.groups import GroupFactory


@pytest.fixture(autouse=True)
def _japanese_terminal(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "ja")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def _one(row: tuple | None) -> int:
    assert row is not None
    return row[0]


def _server(dbname: str) -> dict:
    info = connection.settings_dict
    params = {"dbname": dbname, "user": info["USER"], "host": info["HOST"], "port": info["PORT"]}
    return {key: value for key, value in {**params, "password": info["PASSWORD"]}.items() if value}


def _url(dbname: str, password: str = "") -> str:
    info = connection.settings_dict
    password = password or info["PASSWORD"]
    password = f":{quote(password, safe='')}" if password else ""
    port = f":{info['PORT']}" if info["PORT"] else ""
    return f"postgresql://{quote(info['USER'], safe='')}{password}@{quote(info['HOST'], safe='')}{port}/{dbname}"


def _tables(dbname: str) -> dict[str, int]:
    """Every table of the database with its row count, counted here, not by the code under test."""
    with psycopg.connect(**_server(dbname)) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                "AND table_type = 'BASE TABLE'"
            )
        ]
        return {
            name: _one(conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))).fetchone())
            for name in names
        }


def _hashes(root: Path) -> dict[str, str]:
    root = Path(root)
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


@pytest.fixture
def fresh_database():
    """An empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(**_server("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(**_server("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def fresh_storage(settings, tmp_path):
    """Empty public and private storage for the restore (the backup's own stay where they were)."""
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_ROOT = tmp_path / "restored-private"
    return settings


def _portal_with_files():
    StaffFactory()
    group = GroupFactory()
    group.logo.save("ロゴ.png", ContentFile(_png()))
    FacilityFactory().photos.create(image=ContentFile(_png(), name="外観.png"), alt_text="正面から")
    default_storage.save("exports/empty.csv", ContentFile(b""))
    application = ApplicationFactory()
    services.attachment_add(
        application=application, user=manager_of(application), title="見積書", file=pdf_upload("見積書.pdf"),
        purpose="application",
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only
def test_a_restore_into_a_fresh_database_and_storage_has_every_row_and_file(settings, tmp_path, fresh_database):
    _portal_with_files()
    archive = tmp_path / "portal.tar"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert f"バックアップを書きました: {archive}" in out.getvalue()
    rows = _tables(connection.settings_dict["NAME"])
    media, private = _hashes(settings.MEDIA_ROOT), _hashes(settings.PRIVATE_ROOT)
    assert rows["grants_attachment"] == 1
    assert rows["accounts_user"] == 2
    assert rows["groups_groupevent"] > 0  # rows the audit triggers wrote
    assert len(media) == 3
    assert "exports/empty.csv" in media
    assert len(private) == 1

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_ROOT = tmp_path / "restored-private"
    out = io.StringIO()
    call_command("restore", str(archive), database_url=_url(fresh_database), stdout=out)

    assert _tables(fresh_database) == rows
    assert _hashes(settings.MEDIA_ROOT) == media
    assert _hashes(settings.PRIVATE_ROOT) == private
    assert "公開ファイル 3 件、非公開ファイル 1 件" in out.getvalue()
    with psycopg.connect(**_server(fresh_database)) as conn:
        name, original = conn.execute("SELECT file, original_name FROM grants_attachment").fetchone()
    assert (name, original) == (Attachment.objects.get().file.name, "見積書.pdf")


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """One backup of the test database with a file in each storage, for the tests of bad input."""
    folder = tmp_path_factory.mktemp("backup")
    with override_settings(MEDIA_ROOT=folder / "media", PRIVATE_ROOT=folder / "private"), django_db_blocker.unblock():
        default_storage.save("groups/logos/2026/logo.png", ContentFile(_png()))
        from civic_portal.core.backup.files import areas

        areas()["private"].save("grants/attachments/a.pdf", ContentFile(b"%PDF-1.7 test"))
        create_backup(folder / "portal.tar")
    return folder / "portal.tar"


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive with members changed (change returns new bytes, or None to leave the member out)."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old:
            extracted = old.extractfile(member)
            assert extracted is not None
            data = change(member.name, extracted.read())
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    return target


def _refused(archive: Path, dbname: str, match: str):
    with pytest.raises(CommandError, match=match) as refusal:
        call_command("restore", str(archive), database_url=_url(dbname), stdout=io.StringIO())
    assert "\n" not in str(refusal.value)
    return refusal


def _untouched(dbname: str, settings) -> None:
    assert _tables(dbname) == {}
    assert _hashes(settings.MEDIA_ROOT) == {}
    assert _hashes(settings.PRIVATE_ROOT) == {}


@pytest.mark.django_db
def test_a_missing_archive_is_one_line_and_changes_nothing(tmp_path, fresh_database, fresh_storage):
    _refused(tmp_path / "nowhere.tar", fresh_database, r"^バックアップファイル .*nowhere\.tar がありません。$")
    _untouched(fresh_database, fresh_storage)


@pytest.mark.django_db
def test_a_truncated_archive_is_refused_before_anything_changes(archive, tmp_path, fresh_database, fresh_storage):
    data = archive.read_bytes()
    with tarfile.open(archive) as tar:
        in_the_manifest = tar.getmember("manifest.json").offset_data + 10
    for cut in (100, len(data) // 2, in_the_manifest):
        short = tmp_path / f"short-{cut}.tar"
        short.write_bytes(data[:cut])
        _refused(short, fresh_database, r"は壊れています（.*）。何も変えていません。$")
    _untouched(fresh_database, fresh_storage)


@pytest.mark.django_db
def test_a_file_that_differs_from_its_checksum_is_named(archive, tmp_path, fresh_database, fresh_storage):
    def flip(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name == "private/grants/attachments/a.pdf" else data

    _refused(
        _rewrite(archive, tmp_path / "flipped.tar", flip),
        fresh_database,
        "private/grants/attachments/a.pdf のチェックサムが目録と合いません",
    )
    _untouched(fresh_database, fresh_storage)


@pytest.mark.django_db
def test_a_member_missing_or_not_listed_is_damage(archive, tmp_path, fresh_database, fresh_storage):
    without_dump = _rewrite(
        archive, tmp_path / "no-dump.tar", lambda name, data: None if name == "database.dump" else data
    )
    _refused(without_dump, fresh_database, "database.dump がありません")
    with tarfile.open(_rewrite(archive, tmp_path / "extra.tar", lambda name, data: data), "a") as tar:
        tar.addfile(tarfile.TarInfo("media/planted.html"), io.BytesIO(b""))
    _refused(tmp_path / "extra.tar", fresh_database, "目録にない media/planted.html があります")
    _untouched(fresh_database, fresh_storage)


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(archive, tmp_path, fresh_database, fresh_storage):
    noise = tmp_path / "noise.tar"
    noise.write_bytes(b"\x00\x01not a tar at all" * 100)
    _refused(noise, fresh_database, "tar として読めません")
    other = _rewrite(
        archive, tmp_path / "other.tar", lambda name, data: b'{"format": "other"}' if name == "manifest.json" else data
    )
    _refused(other, fresh_database, "はこのポータルのバックアップではありません。$")
    newer = _rewrite(
        archive,
        tmp_path / "newer.tar",
        lambda name, data: (
            json.dumps({**json.loads(data), "version": 99}).encode() if name == "manifest.json" else data
        ),
    )
    _refused(newer, fresh_database, "新しい形式（版 99）")
    broken = _rewrite(
        archive, tmp_path / "broken.tar", lambda name, data: data[:-5] if name == "manifest.json" else data
    )
    _refused(broken, fresh_database, "manifest.json が読めません")
    _untouched(fresh_database, fresh_storage)


@pytest.mark.django_db
def test_a_database_with_migrations_applied_is_refused_and_keeps_its_rows(archive, fresh_storage):
    test_db = connection.settings_dict["NAME"]
    before = _tables(test_db)
    with pytest.raises(
        CommandError, match=rf"^復元先のデータベース {test_db} は空ではありません（適用済みのマイグレーション \d+ 件）"
    ):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert _tables(test_db) == before
    assert _hashes(fresh_storage.MEDIA_ROOT) == {}


@pytest.mark.django_db
def test_a_database_with_tables_but_no_migrations_is_refused_too(archive, fresh_database, fresh_storage):
    with psycopg.connect(**_server(fresh_database)) as conn:
        conn.execute("CREATE TABLE notes (body text)")
    _refused(archive, fresh_database, r"空ではありません（表 1 個）")
    with psycopg.connect(**_server(fresh_database)) as conn:
        conn.execute("INSERT INTO notes VALUES ('大事なメモ')")
    _refused(archive, fresh_database, r"空ではありません（データのある表 1 個）")
    assert _tables(fresh_database) == {"notes": 1}


@pytest.mark.django_db
def test_storage_that_holds_a_file_is_refused_before_the_database_changes(archive, fresh_database, fresh_storage):
    from civic_portal.core.backup.files import areas

    areas()["private"].save("grants/attachments/kept.pdf", ContentFile(b"kept"))
    _refused(
        archive,
        fresh_database,
        r"復元先の非公開ファイルの置き場は空ではありません（grants/attachments/kept\.pdf など）",
    )
    assert _tables(fresh_database) == {}
    assert list(_hashes(fresh_storage.PRIVATE_ROOT)) == ["grants/attachments/kept.pdf"]
    assert _hashes(fresh_storage.MEDIA_ROOT) == {}


@pytest.mark.django_db
def test_backup_keeps_an_existing_file_unless_forced(tmp_path):
    output = tmp_path / "portal.tar.gz"
    output.write_bytes(b"last night's backup")
    with pytest.raises(CommandError, match=r"はもうあります。上書きするなら --force を付けてください。$"):
        call_command("backup", output=str(output), stdout=io.StringIO())
    assert output.read_bytes() == b"last night's backup"
    call_command("backup", output=str(output), force=True, stdout=io.StringIO())
    assert output.read_bytes()[:2] == b"\x1f\x8b"  # .gz: gzip-compressed tar
    assert verify(output, tmp_path / "dump")["database"]["tables"]["public.django_migrations"] > 0
    assert oct(output.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump", "portal.tar.gz"]  # no temp file left behind


@pytest.mark.django_db
def test_backup_into_a_missing_folder_is_one_line(tmp_path):
    with pytest.raises(CommandError, match=r"^保存先のフォルダ .*nowhere がありません。$"):
        call_command("backup", output=str(tmp_path / "nowhere" / "portal.tar"), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_the_commands_answer_in_english_on_an_english_terminal(monkeypatch, tmp_path):
    monkeypatch.setenv("LANGUAGE", "en_US:en")
    with pytest.raises(CommandError, match=r"^Backup file .*nowhere\.tar does not exist\.$"):
        call_command("restore", str(tmp_path / "nowhere.tar"), stdout=io.StringIO())


@pytest.mark.django_db
def test_a_restore_that_fails_half_way_leaves_the_database_as_it_was(archive, fresh_database, fresh_storage):
    with psycopg.connect(**_server(fresh_database)) as conn:
        conn.execute("CREATE SEQUENCE accounts_user_id_seq")  # pg_restore meets it after it has made tables
    _refused(archive, fresh_database, r"^pg_restore が失敗しました: .*already exists（データベースは元のままです）$")
    _untouched(fresh_database, fresh_storage)
    with psycopg.connect(**_server(fresh_database)) as conn:
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace").fetchone() == (
            1,
        )


@pytest.mark.slow
@pytest.mark.django_db
def test_a_restore_whose_rows_differ_from_the_manifest_says_so(archive, tmp_path, fresh_database, fresh_storage):
    def miscount(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["tables"]["public.auth_group"] += 1
        return json.dumps(manifest).encode()

    _refused(
        _rewrite(archive, tmp_path / "miscounted.tar", miscount),
        fresh_database,
        r"^復元しましたが、確かめると食い違いがあります: 表 public.auth_group: 目録 \d+ 行、復元後 \d+ 行$",
    )


def test_the_tools_of_the_servers_own_major_version_are_preferred_else_the_newest():
    found = candidates("pg_restore")
    assert found, "no pg_restore here: the embedded server's should always be"
    for tool in found:
        assert find_tool("pg_restore", server_version=tool.major * 10000 + 1).major == tool.major
    newest = max(tool.major for tool in found)
    assert find_tool("pg_restore", server_version=990001).major == newest
    with pytest.raises(BackupError, match=rf"pg_restore（PostgreSQL {newest + 1} 以上）が見つかりません"):
        find_tool("pg_restore", server_version=990001, at_least=newest + 1)


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_one_line_without_the_password(archive, fresh_storage):
    url = _url("no_such_database", password="s3cret-pw")
    with pytest.raises(CommandError, match=r"^データベース no_such_database に接続できません: ") as refusal:
        call_command("restore", str(archive), database_url=url, stdout=io.StringIO())
    assert "s3cret-pw" not in str(refusal.value)
    assert "\n" not in str(refusal.value)
    assert _hashes(fresh_storage.MEDIA_ROOT) == {}
