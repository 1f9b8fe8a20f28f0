"""Admin imports as background tasks: upload → preview task → 「取り込む」 → import task → result, through the admin
with the real worker, as center staff do it."""

import datetime as dt
import io
import threading
import time

import pytest
import tablib
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection, connections
from django.test import Client
from django_tasks_db.models import DBTaskResult
from import_export.admin import ImportMixin

from civic_portal.accounts.roles import CITY_OFFICIALS
from civic_portal.core.import_admin import BackgroundImportMixin
from civic_portal.core.models import AuditEvent, ImportJob, ImportStatus
from civic_portal.core.storage import private_storage
from groups.models import Group
from indicators.models import ActionItem, YearPlan
from tests.core import admin_imports as flow
from tests.core import import_files as files
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
GROUPS = "groups_group"
PLANS = "indicators_actionitem"


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _groups_csv(count, **kwargs) -> bytes:
    files.make_areas()
    return files.csv_bytes(files.GROUP_HEADERS, files.group_rows(count, **kwargs))


def test_every_admin_that_imports_imports_in_the_background():
    importing = [ma for ma in admin.site._registry.values() if isinstance(ma, ImportMixin)]
    assert len(importing) >= 10
    assert [type(ma).__name__ for ma in importing if not isinstance(ma, BackgroundImportMixin)] == []


def test_staff_upload_watch_the_preview_confirm_and_get_the_result(
    staff_client, staff, worker, django_capture_on_commit_callbacks
):
    content = _groups_csv(30)
    with django_capture_on_commit_callbacks(execute=True):  # the upload commits: its preview task is enqueued
        response = flow.upload(staff_client, GROUPS, "団体.csv", content)
    job = flow.job_of(response)
    assert (job.status, job.created_by, job.file_name, job.rows_total) == (ImportStatus.QUEUED, staff, "団体.csv", 0)
    assert job.file.storage is private_storage()
    assert response.url == flow.job_url(job) + "?auto=1"  # the form's 「自動で読み込み直す」, ticked by default
    waiting = flow.page(staff_client, job, auto=1).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in waiting
    assert "再読み込み" in waiting
    assert "待機中" in waiting
    assert "自動の読み込み直しを止める" in waiting
    stopped = flow.page(staff_client, job).content.decode()
    assert 'http-equiv="refresh"' not in stopped
    assert "秒ごとに自動で読み込み直す" in stopped

    worker.run()  # the preview task, a dry run
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert (job.rows_total, job.rows_done, job.new, job.updated, job.error_count) == (30, 30, 30, 0, 0)
    assert not Group.objects.exists()
    preview = flow.page(staff_client, job, auto=1).content.decode()
    assert 'http-equiv="refresh"' not in preview
    assert "確認待ち" in preview
    assert "取り込む" in preview
    assert "取込テスト団体0" in preview  # import-export's diff cells
    assert "第 1 / 1 ページ" not in preview

    with worker.after():
        assert flow.confirm(staff_client, job).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.new, job.updated, job.error_count) == (30, 0, 0)
    assert Group.objects.count() == 30
    group = Group.objects.get(name="取込テスト団体1")
    assert sorted(group.activity_fields.values_list("code", flat=True)) == [2, 8]
    assert sorted(group.areas.values_list("name", flat=True)) == sorted({"長府", "彦島"})
    assert LogEntry.objects.filter(user=staff, object_id=str(group.pk)).exists()
    inserted = AuditEvent.objects.get(pgh_obj_model="groups.Group", pgh_obj_id=str(group.pk), pgh_label="insert")
    assert (inserted.source, inserted.user) == ("import", staff)  # written by the worker, still attributed
    assert group.kana_sort == "とりこみてすとだんたい1"  # the database's generated column
    assert not job.file  # the upload is gone once the job ends
    done = flow.page(staff_client, job).content.decode()
    assert "完了" in done
    assert 'http-equiv="refresh"' not in done


def test_an_official_cannot_import(client, staff_client, worker):
    job = flow.previewed(
        staff_client, worker, PLANS, "plan.csv", files.csv_bytes(files.PLAN_HEADERS, files.plan_rows(3))
    )
    official = UserFactory(is_staff=True, roles=[CITY_OFFICIALS])
    client.force_login(official)
    assert client.get(f"/admin/{PLANS.replace('_', '/')}/").status_code == 200  # they read the plan items
    assert client.get(f"/admin/{PLANS.replace('_', '/')}/import/").status_code == 403
    content = files.csv_bytes(files.PLAN_HEADERS, files.plan_rows(3))
    response = client.post(f"/admin/{PLANS.replace('_', '/')}/import/", {"import_file": io.BytesIO(content)})
    assert response.status_code == 403
    assert client.get(flow.job_url(job)).status_code == 403
    assert client.post(flow.job_url(job, "import_confirm")).status_code == 403
    assert ImportJob.objects.count() == 1


def test_a_job_is_its_uploaders_and_only_they_confirm_it(client, staff_client, worker):
    job = flow.previewed(staff_client, worker, GROUPS, "団体.csv", _groups_csv(2))
    client.force_login(StaffFactory())
    assert client.get(flow.job_url(job)).status_code == 404
    assert client.post(flow.job_url(job, "import_confirm")).status_code == 404
    assert client.get(flow.job_url(job, "import_errors")).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.READY


UTF8_SJIS = "name,name_kana\n市民の会,しみんのかい\n"


@pytest.mark.parametrize(
    ("filename", "content", "fmt", "message"),
    [
        ("sjis.csv", UTF8_SJIS.encode("shift_jis"), "csv", "文字コードが UTF-8 ではありません"),
        ("columns.csv", b"colour,size\nred,10\n", "csv", "この画面で取り込める列が1つもありません"),
        ("picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "csv", "CSV でも XLSX でもないファイルです"),
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "xlsx", "XLSX（Excel）のファイルではありません"),
        ("book.csv", tablib.Dataset(["x"], headers=["name"]).export("xlsx"), "csv", "形式で「xlsx」を選んでください"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64, "xlsx", "XLSX（Excel）のファイルではありません"),
        ("empty.csv", b"", "csv", "入力されたファイルは空です"),  # Django's own words
        ("blank.csv", b" \r\n", "csv", "ファイルが空です"),
        ("big.csv", b"name\n" + "団体\n".encode() * 200, "csv", "ファイルが大きすぎます"),
    ],
)
def test_a_bad_file_is_refused_on_the_form_in_japanese(staff_client, settings, filename, content, fmt, message):
    if filename == "big.csv":
        settings.IMPORT_MAX_BYTES = 1000
    response = flow.upload(staff_client, GROUPS, filename, content, fmt=fmt)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("import_file", []))
    assert message in errors
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,name_kana\n", "取り込む行がありません"),
        (b"name,name_kana\n\xe4\xbc\x9a,\xe3\x81\x8b,x\n", "ファイルを読めませんでした"),  # more cells than columns
    ],
)
def test_a_file_that_cannot_be_read_whole_fails_its_job_with_a_message(staff_client, worker, content, message):
    job = flow.previewed(staff_client, worker, GROUPS, "groups.csv", content)
    assert job.status == ImportStatus.FAILED
    assert message in job.message
    assert message in flow.page(staff_client, job).content.decode()
    assert not job.file


def test_a_preview_with_errors_lists_them_refuses_to_import_and_gives_a_neutralised_report(staff_client, worker):
    files.make_areas()
    rows = files.group_rows(3)
    rows[1][0] = '=HYPERLINK("http://example.com","x")'
    rows[1][1] = "漢字"  # not kana
    job = flow.previewed(staff_client, worker, GROUPS, "団体.csv", files.csv_bytes(files.GROUP_HEADERS, rows))
    assert job.status == ImportStatus.FAILED
    assert (job.error_count, [entry["row"] for entry in job.errors]) == (1, [2])
    html = flow.page(staff_client, job).content.decode()
    assert "エラーがあるため取り込めません" in html
    assert "ひらがな又はカタカナ" in html
    assert 'value="取り込む"' not in html

    response = flow.confirm(staff_client, job)
    assert response.status_code == 302
    assert "確認待ちではありません" in flow.page(staff_client, job).content.decode()
    assert not Group.objects.exists()

    report = staff_client.get(flow.job_url(job, "import_errors"))
    assert report.status_code == 200
    assert report["Content-Type"].startswith("text/csv")
    text = report.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(tablib.Dataset().load(text.removeprefix("\ufeff"), format="csv"))
    header = tablib.Dataset().load(text.removeprefix("\ufeff"), format="csv").headers
    assert header[:4] == ["行", "列", "エラー", "name"]
    [line] = [line for line in lines if line[1] == "name_kana"]
    assert line[0] == "2"
    assert "ひらがな又はカタカナ" in line[2]
    assert line[3] == """'=HYPERLINK("http://example.com","x")"""  # a formula no more


def test_a_failing_import_saves_nothing_at_all(staff_client, staff, worker):
    first, second = GroupFactory(member_count=5), GroupFactory(member_count=5)
    files.make_areas()
    headers = ["id", "member_count", *files.GROUP_HEADERS]
    rows = [[first.pk, 9, *files.group_rows(1, start=0)[0]], [second.pk, 9, *files.group_rows(1, start=1)[0]]]
    rows += [["", "", *row] for row in files.group_rows(3, start=2)]
    for row in rows[:2]:  # the two updates change only the member count
        row[2 + files.GROUP_HEADERS.index("member_count")] = 9
    job = flow.previewed(staff_client, worker, GROUPS, "団体.csv", files.csv_bytes(headers, rows))
    assert (job.status, job.updated, job.new) == (ImportStatus.READY, 2, 3), job.errors
    second.delete()  # between the preview and the import, someone removes a group the file updates

    with worker.after():
        flow.confirm(staff_client, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "何も保存していません" in job.message
    assert [entry["row"] for entry in job.errors] == [2]
    first.refresh_from_db()
    assert first.member_count == 5
    assert Group.objects.count() == 1
    assert not LogEntry.objects.exists()
    html = flow.page(staff_client, job).content.decode()
    assert "失敗" in html
    assert "エラー一覧をダウンロード（CSV）" in html


def test_confirm_is_refused_when_the_file_changed_after_the_preview(staff_client, worker):
    job = flow.previewed(staff_client, worker, GROUPS, "団体.csv", _groups_csv(2))
    storage = private_storage()
    storage.delete(job.file.name)
    assert storage.save(job.file.name, io.BytesIO(_groups_csv(5, start=10))) == job.file.name
    with worker.after():
        assert flow.confirm(staff_client, job).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert "プレビューの後に変わりました" in flow.page(staff_client, job).content.decode()
    assert not Group.objects.exists()


def test_each_task_acts_once_however_often_it_runs(staff_client, worker):
    from civic_portal.core.imports.tasks import preview_import, run_import

    job = flow.imported(staff_client, worker, GROUPS, "団体.csv", _groups_csv(4))
    assert job.status == ImportStatus.DONE
    again = [preview_import.enqueue(job.pk), run_import.enqueue(job.pk)]
    worker.run()
    assert [DBTaskResult.objects.get(pk=result.id).return_value for result in again] == ["skipped", "skipped"]
    assert Group.objects.count() == 4


def test_a_big_preview_is_bounded_and_paginated(staff_client, worker, settings):
    settings.IMPORT_PREVIEW_ROWS = 120
    content = files.csv_bytes(files.PLAN_HEADERS, files.plan_rows(130))
    job = flow.previewed(staff_client, worker, PLANS, "plan.csv", content)
    assert (job.status, job.new, len(job.preview["rows"])) == (ImportStatus.READY, 130, 120)
    first = flow.page(staff_client, job).content.decode()
    assert "最初の 120 行を示します" in first
    assert "1 / 3 ページ" in first
    assert '<a href="?page=2">次へ</a>' in first
    last = flow.page(staff_client, job, page=3).content.decode()
    assert "3 / 3 ページ" in last
    assert "推進項目119" in last
    assert "推進項目120" not in last
    assert flow.page(staff_client, job, page="x").status_code == 200


def test_an_xlsx_plan_imports_with_its_schedule(staff_client, worker):
    content = tablib.Dataset(*files.plan_rows(12), headers=files.PLAN_HEADERS).export("xlsx")
    job = flow.imported(staff_client, worker, PLANS, "plan.xlsx", content, fmt="xlsx")
    assert (job.status, job.new) == (ImportStatus.DONE, 12)
    assert ActionItem.objects.count() == 12
    assert YearPlan.objects.filter(item__node__code="P0-M0-0").count() == 4  # one blank stage of five


def test_imports_are_listed_for_staff_in_the_admin(staff_client, worker):
    job = flow.imported(staff_client, worker, GROUPS, "団体.csv", _groups_csv(2))
    listing = staff_client.get("/admin/core/importjob/").content.decode()
    assert "団体.csv" in listing
    assert "完了" in listing
    detail = staff_client.get(f"/admin/core/importjob/{job.pk}/change/").content.decode()
    assert flow.job_url(job) in detail


@pytest.mark.parametrize(("admin_name", "make"), [(GROUPS, "groups"), (PLANS, "plans")])
def test_the_tasks_queries_do_not_grow_with_the_file(
    staff_client, worker, admin_name, make, django_capture_on_commit_callbacks
):
    """New rows cost no query of their own: the preview and the import take as many queries at 20 rows as at 80."""
    from django.test.utils import CaptureQueriesContext

    def content(count):
        if make == "groups":
            return _groups_csv(count, start=count * 1000)
        return files.csv_bytes(files.PLAN_HEADERS, files.plan_rows(count, plan_code=f"plan-{count}"))

    flow.imported(staff_client, worker, admin_name, "warm.csv", content(3))  # the content types are cached
    counts = []
    for count in (20, 80):
        with django_capture_on_commit_callbacks(execute=True):
            job = flow.job_of(flow.upload(staff_client, admin_name, "f.csv", content(count)))
        with CaptureQueriesContext(connection) as preview:
            worker.run()
        job.refresh_from_db()
        assert job.is_ready, job.errors
        with django_capture_on_commit_callbacks(execute=True):
            flow.confirm(staff_client, job)
        with CaptureQueriesContext(connection) as run:
            worker.run()
        job.refresh_from_db()
        assert (job.status, job.new) == (ImportStatus.DONE, count)
        counts.append((len(preview.captured_queries), len(run.captured_queries)))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db(transaction=True)
def test_staff_watch_the_progress_while_the_preview_runs(settings, worker):
    """The preview is held at row 35 by a row lock (someone editing that group); its page meanwhile shows 30 of 60
    rows done, reloads itself, and carries on once the lock goes."""
    settings.IMPORT_PROGRESS_EVERY = 10
    staff = StaffFactory()
    client = Client()
    client.force_login(staff)
    held = GroupFactory(member_count=5)
    files.make_areas()
    headers = ["id", *files.GROUP_HEADERS]
    rows = [["", *row] for row in files.group_rows(60)]
    rows[34] = [held.pk, *files.group_rows(1, start=34)[0]]
    job = flow.job_of(flow.upload(client, GROUPS, "団体.csv", files.csv_bytes(headers, rows)))
    locked, seen = threading.Event(), {}

    def watch():
        locker = connections.create_connection("default")
        watcher = Client()
        watcher.force_login(staff)
        try:
            with locker.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute("SELECT id FROM groups_group WHERE id = %s FOR UPDATE", [held.pk])
                locked.set()
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    html = watcher.get(flow.job_url(job), {"auto": "1"}).content.decode()
                    if "30 / 60 行" in html:
                        seen["html"] = html
                        break
                    time.sleep(0.1)
                cursor.execute("ROLLBACK")
        finally:
            locker.close()
            connections.close_all()

    thread = threading.Thread(target=watch)
    thread.start()
    assert locked.wait(30)
    worker.run()  # the preview: it waits at row 35 until the watcher lets go
    thread.join(90)
    html = seen.get("html", "")
    assert "プレビュー作成中" in html
    assert '<progress id="import-progress" max="60" value="30">50%</progress>' in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "再読み込み" in html
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.new, job.updated) == (ImportStatus.READY, 60, 59, 1)


def test_stale_jobs_are_ended_and_their_uploads_deleted(staff_client, worker):
    from civic_portal.core.imports.tasks import discard_stale

    old = flow.previewed(staff_client, worker, GROUPS, "old.csv", _groups_csv(2))
    fresh = flow.previewed(staff_client, worker, GROUPS, "fresh.csv", _groups_csv(2, start=10))
    ImportJob.objects.filter(pk=old.pk).update(previewed_at=old.previewed_at - dt.timedelta(days=8))
    name = old.file.name
    assert discard_stale() == 1
    assert discard_stale() == 0
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.file.name) == (ImportStatus.FAILED, "")
    assert not private_storage().exists(name)
    assert fresh.status == ImportStatus.READY
    assert private_storage().exists(fresh.file.name)


def test_the_preview_shows_the_files_cells_as_text(staff_client, worker):
    files.make_areas()
    rows = files.group_rows(1)
    rows[0][0] = '<img src=x onerror="alert(1)">会'
    job = flow.previewed(staff_client, worker, GROUPS, "団体.csv", files.csv_bytes(files.GROUP_HEADERS, rows))
    assert job.is_ready, job.errors
    html = flow.page(staff_client, job).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=" in html
