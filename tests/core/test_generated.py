"""Generated files: one build at a time per key, run by the real worker, kept in storage, built again when the
source changes, failures kept for staff; and the PDF book every generated PDF is written with."""

import datetime as dt
import io
import uuid
from pathlib import Path

import pytest
import time_machine
from django.core.files.storage import storages
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from civic_portal.core import generated
from civic_portal.core.generated import Built, Spec
from civic_portal.core.models import GeneratedFile
from civic_portal.core.models import GeneratedFileStatus as S
from civic_portal.core.pdf import fonts
from civic_portal.core.pdf.book import Book, Cover

pytestmark = pytest.mark.django_db
TASK = "civic_portal.core.generated.build_generated_file"


# Builders the worker runs by their dotted path, as it runs the apps' own.


def build_text(out, params, progress):
    progress(0, 2)
    out.write(params["text"].encode())
    progress(2, 2)
    return Built(fingerprint=params.get("version", "v1"))


def build_nothing(out, params, progress):
    return Built(fingerprint="v1", empty=True)


def build_broken(out, params, progress):
    raise ValueError("the source is broken")


def _spec(text="こんにちは", version="v1", builder="build_text", **kwargs):
    return Spec(
        key="test:text",
        builder=f"tests.core.test_generated.{builder}",
        title="テスト",
        filename="hello.txt",
        content_type="text/plain; charset=utf-8",
        params={"text": text, "version": version},
        fingerprint=version,
        **kwargs,
    )


def _results():
    return list(DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at").values_list("status", flat=True))


def _stored(row):
    with storages["default"].open(row.file_name) as handle:
        return handle.read().decode()


def test_a_build_is_queued_once_run_by_the_worker_and_kept_in_storage(worker):
    with worker.after():
        row = generated.request_build(_spec())
        assert row.status == S.PENDING
        assert generated.request_build(_spec()).pk == row.pk  # waiting: nothing more queued
    assert len(_results()) == 1
    row.refresh_from_db()
    assert (row.status, row.fingerprint, row.size) == (S.READY, "v1", len("こんにちは".encode()))
    assert (row.progress_done, row.progress_total) == (2, 2)
    assert _stored(row) == "こんにちは"
    assert row.file_name.startswith("generated/test-text-")
    assert not generated.needs_build(_spec(), row)
    assert generated.ensure([_spec()])[row.key].status == S.READY  # current: no build
    assert len(_results()) == 1


def test_two_tasks_for_one_key_build_it_once(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generated.request_build(_spec())
    generated.build_generated_file.enqueue("test:text")  # a second task for the same key (a race, a retry)
    worker.run()
    returns = sorted(DBTaskResult.objects.filter(task_path=TASK).values_list("return_value", flat=True))
    assert returns == ["built", "skipped"]


def test_a_change_of_source_builds_a_new_file_and_removes_the_old_one(worker):
    with worker.after():
        generated.request_build(_spec())
    old = GeneratedFile.objects.get()
    with worker.after():
        rows = generated.ensure([_spec("さようなら", version="v2")])
        assert rows["test:text"].status == S.PENDING
        assert rows["test:text"].file_name == old.file_name  # the old file stays until the new one is in
    row = GeneratedFile.objects.get()
    assert (row.fingerprint, _stored(row)) == ("v2", "さようなら")
    assert row.file_name != old.file_name
    assert not storages["default"].exists(old.file_name)


def test_the_same_bytes_keep_the_same_file(worker):
    with worker.after():
        generated.request_build(_spec())
    first = GeneratedFile.objects.get()
    with worker.after():
        generated.request_build(_spec(version="v2"))
    second = GeneratedFile.objects.get()
    assert (second.file_name, second.fingerprint) == (first.file_name, "v2")
    assert storages["default"].exists(second.file_name)


def test_a_failed_build_keeps_its_error_and_is_retried_only_later_or_for_new_data(worker):
    spec = _spec(builder="build_broken")
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        with worker.after():
            generated.request_build(spec)
        row = GeneratedFile.objects.get()
        assert row.status == S.FAILED
        assert "ValueError: the source is broken" in row.error
        assert _results() == ["FAILED"]  # the task's error and traceback show in the admin too
        assert not generated.needs_build(spec, row)  # not again at once, for the same data
        assert generated.needs_build(_spec(builder="build_broken", version="v2"), row)
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, 16, tzinfo=dt.UTC), tick=False):
        assert generated.needs_build(spec, GeneratedFile.objects.get())


def test_a_build_lost_with_its_worker_may_be_asked_again_and_the_lost_one_cannot_record(worker):
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        generated.request_build(_spec())
        lost = generated._claim("test:text", token=uuid.uuid4())  # a worker claims it, then dies
        assert lost.status == S.BUILDING
        assert generated.request_build(_spec()).build_token == lost.build_token  # still running: left alone
    with time_machine.travel(dt.datetime(2026, 12, 1, 11, 1, tzinfo=dt.UTC), tick=False):
        with worker.after():
            assert generated.request_build(_spec()).status == S.PENDING
        generated._run(lost, lost.build_token)  # the lost build finishing late records nothing
    row = GeneratedFile.objects.get()
    assert row.status == S.READY
    assert row.build_token is None
    assert len(set(GeneratedFile.objects.values_list("file_name", flat=True))) == 1


def test_build_now_builds_a_first_file_in_the_request_unless_someone_is_building_it():
    row = generated.build_now(_spec())
    assert (row.status, _stored(row)) == (S.READY, "こんにちは")
    GeneratedFile.objects.filter(pk=row.pk).update(status=S.BUILDING, started_at=timezone.now())
    assert generated.build_now(_spec()) is None
    assert generated.current_file(_spec(serve_stale=True)).file_name == row.file_name  # the last file meanwhile


def test_an_empty_source_is_built_without_a_file():
    spec = _spec(builder="build_nothing")
    row = generated.current_file(spec)
    assert (row.status, row.file_name, row.fingerprint) == (S.READY, "", "v1")
    assert generated.is_empty(spec, row)
    assert not generated.servable(spec, row)


def test_the_stored_file_is_served_with_its_type_and_an_etag():
    row = generated.build_now(_spec())
    request = RequestFactory().get("/")
    response = generated.file_response(request, row, inline=True)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="hello.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue().decode() == "こんにちは"
    again = RequestFactory().get("/", headers={"if-none-match": response["ETag"]})
    assert generated.file_response(again, row).status_code == 304


def test_a_file_lost_from_storage_is_built_again(worker):
    row = generated.build_now(_spec())
    storages["default"].delete(row.file_name)
    with pytest.raises(FileNotFoundError):
        generated.file_response(RequestFactory().get("/"), row)
    with worker.after():
        generated.lost_file(_spec(), row)
    assert storages["default"].exists(GeneratedFile.objects.get().file_name)


def test_the_retry_answer_is_a_503_with_retry_after():
    response = generated.retry_later()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


# The book -------------------------------------------------------------------------------------------------------


def _book(lines=3):
    out = io.BytesIO()
    book = Book(
        out,
        cover=Cover("市民活動団体紹介冊子", "全登録団体", "令和8年12月1日現在", ["市民活動センター"]),
        toc_lines=lines,
    )

    def story():
        yield from book.heading(0, "1", "あ行")
        yield from book.heading(1, "1.1", "あおぞら会")
        yield book.item("活動の目的", "清掃<script>&")
        yield from book.heading(0, "2", "か行", page_break=True)

    book.write(story())
    return PdfReader(io.BytesIO(out.getvalue())), book


def _spaced(text):
    return " ".join(text.split())


def test_the_book_has_a_cover_contents_with_the_headings_numbers_and_pages_and_page_numbers():
    reader, book = _book()
    assert len(reader.pages) == 4  # cover, contents, two body pages
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4
    contents = reader.pages[1].extract_text()
    assert "目次" in contents
    assert [(e.number, e.title, e.page) for e in book.entries] == [("1", "あ行", 3), ("1.1", "あおぞら会", 3),
                                                                   ("2", "か行", 4)]  # fmt: skip
    for entry in book.entries:  # the contents' line and the heading on the page it names: same number, same title
        assert f"{entry.number}　{entry.title}" in contents
        assert f"{entry.number} {entry.title}" in _spaced(reader.pages[entry.page - 1].extract_text())
    assert "- 3 -" in reader.pages[2].extract_text()
    assert "清掃<script>&" in reader.pages[2].extract_text()
    assert [item["/Title"] for item in [reader.outline[0], reader.outline[2]]] == ["1 あ行", "2 か行"]


def test_the_book_falls_back_to_the_cid_font_without_the_font_file(settings):
    settings.PDF_FONT_PATH = "/nonexistent/ipag.ttf"
    assert fonts.japanese_font() == fonts.CID_NAME
    if Path(fonts.DEFAULT_FONT_PATH).is_file():  # .ci/run installs IPA Gothic (fonts-ipafont-gothic)
        settings.PDF_FONT_PATH = fonts.DEFAULT_FONT_PATH
        assert fonts.japanese_font().startswith(fonts.TTF_NAME)
    settings.PDF_FONT_PATH = ""
    reader, _unused = _book()
    assert "あおぞら会" in reader.pages[2].extract_text()
