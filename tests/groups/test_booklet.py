"""The booklet: a small index page, and PDFs (the whole register, each activity field) built by the worker once
per version of the register, served from storage."""

import io

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from civic_portal.core.models import GeneratedFile, GeneratedFileStatus
from groups.models import ActivityField, GroupStatus
from tests.factories.accounts import StaffFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
S = GroupStatus
BUILD_TASK = "civic_portal.core.generated.build_generated_file"


def _field(code):
    return ActivityField.objects.get(version="2012", code=code)


def _pdf_text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _builds():
    return DBTaskResult.objects.filter(task_path=BUILD_TASK).count()


def test_index_queues_each_booklet_once_then_links_the_built_pdfs(client, worker, django_capture_on_commit_callbacks):
    GroupFactory(name="あおぞら会", name_kana="アオゾラカイ", fields=[7])
    GroupFactory(name="かもめ会", name_kana="かもめかい", fields=[7, 13])
    GroupFactory(name="失効会", name_kana="しっこうかい", status=S.LAPSED, lapsed_on="2025-01-01", fields=[7])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("groups:group_booklet")).content.decode()
    assert "作成中" in page
    assert _builds() == 3  # the whole register, field 7, field 13
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("groups:group_booklet"))
    assert _builds() == 3  # asked again while waiting: no second build
    worker.run()
    assert set(GeneratedFile.objects.values_list("status", flat=True)) == {GeneratedFileStatus.READY}
    page = client.get(reverse("groups:group_booklet")).content.decode()
    assert "作成中" not in page
    seven = reverse("groups:group_booklet_field_pdf", args=[_field(7).pk])
    assert seven in page
    assert reverse("groups:group_booklet_pdf") in page
    response = client.get(seven)
    assert response["Content-Type"] == "application/pdf"
    reader, text = _pdf_text(response)
    cover = reader.pages[0].extract_text()
    assert "環境の保全を図る活動" in cover  # the cover names the field
    assert "年度）版" in cover  # the edition (年度) and its date
    assert "現在" in cover
    assert "失効会" not in text
    body = text.split("目次", 1)[1]
    assert body.count("かもめ会") == 2  # in the contents and in the body
    assert "1　あ行" in body
    assert "2　か行" in body
    assert body.rindex("あおぞら会") < body.rindex("かもめ会")


def _build_all(client, worker):
    with worker.after():
        client.get(reverse("groups:group_booklet"))


def test_a_change_to_the_register_builds_the_booklet_again_and_the_old_one_is_not_served(client, worker):
    group = GroupFactory(name="旧名の会", name_kana="きゅうめいのかい", fields=[7])
    _build_all(client, worker)
    old = GeneratedFile.objects.get(key="booklet:all")
    url = reverse("groups:group_booklet_pdf")
    assert "旧名の会" in _pdf_text(client.get(url))[1]
    group.name = "新名の会"
    group.save()
    with worker.after():
        response = client.get(url)
    assert response.status_code == 503  # stale: not handed out while the next one is built
    assert response["Retry-After"] == "60"
    assert "作成中" in response.content.decode()
    text = _pdf_text(client.get(url))[1]
    assert "新名の会" in text
    assert "旧名の会" not in text
    assert GeneratedFile.objects.get(key="booklet:all").file_name != old.file_name


def test_a_group_that_leaves_the_register_leaves_the_booklet(client, worker):
    GroupFactory(name="残る会", name_kana="のこるかい", fields=[7])
    leaving = GroupFactory(name="去る会", name_kana="さるかい", fields=[7])
    _build_all(client, worker)
    leaving.status = S.WITHDRAWN
    leaving.save()
    _build_all(client, worker)
    text = _pdf_text(client.get(reverse("groups:group_booklet_field_pdf", args=[_field(7).pk])))[1]
    assert "残る会" in text
    assert "去る会" not in text


def test_the_booklet_prints_consented_contacts_only(client, worker):
    GroupFactory(
        name="公開の会",
        name_kana="こうかいのかい",
        fields=[7],
        representative_name="代表 非公開",
        contact_name="連絡 公開",
        publish_contact_name=True,
        contact_email="open@example.jp",
        publish_contact_email=True,
        contact_phone="090-0000-1111",
        contact_address="非公開市1-2-3",
    )
    _build_all(client, worker)
    for url in (reverse("groups:group_booklet_pdf"), reverse("groups:group_booklet_field_pdf", args=[_field(7).pk])):
        text = _pdf_text(client.get(url))[1]
        assert "連絡 公開" in text
        assert "open@example.jp" in text
        assert "代表 非公開" not in text
        assert "090-0000-1111" not in text
        assert "非公開市" not in text


def test_the_full_register_lists_each_group_once_with_contents_by_kana_row(client, worker):
    for index in range(40):
        GroupFactory(name=f"みどりの会{index:02d}", name_kana=f"みどりのかい{index:02d}", fields=[7, 13])
    GroupFactory(name="あおぞら会", name_kana="あおぞらかい", fields=[])
    _build_all(client, worker)
    reader, text = _pdf_text(client.get(reverse("groups:group_booklet_pdf")))
    assert len(reader.pages) > 4  # cover, contents, and several pages of groups
    contents = reader.pages[1].extract_text()
    assert "1　あ行" in contents
    assert "2　ま行" in contents
    assert "みどりの会00" not in contents  # the register's contents list the rows, not every group
    assert text.count("みどりの会07") == 1  # once, although the group has two fields
    assert "2.8 みどりの会07" in " ".join(text.split())
    assert "- 3 -" in reader.pages[2].extract_text()


def test_a_booklet_never_built_answers_503_and_unknown_fields_404(client, worker, django_capture_on_commit_callbacks):
    GroupFactory(fields=[7])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("groups:group_booklet_field_pdf", args=[_field(7).pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert _builds() == 1  # the download asked for it once
    assert client.get(reverse("groups:group_booklet_field_pdf", args=[_field(1).pk])).status_code == 404  # empty
    assert client.get(reverse("groups:group_booklet_field_pdf", args=[999_999])).status_code == 404


def test_staff_watch_the_progress_and_see_why_a_build_failed(client, worker):
    GroupFactory(fields=[7])
    _build_all(client, worker)
    row = GeneratedFile.objects.get(key="booklet:all")
    GroupFactory(fields=[7])  # the register changes: the next visit queues a build
    page = client.get(reverse("groups:group_booklet")).content.decode()
    assert "作成中" in page
    # The worker has started: it writes its progress to the row as it goes.
    GeneratedFile.objects.filter(pk=row.pk).update(
        status=GeneratedFileStatus.BUILDING, progress_done=1, progress_total=2
    )
    page = client.get(reverse("groups:group_booklet")).content.decode()
    assert "1 / 2 団体、50%" in page
    GeneratedFile.objects.filter(pk=row.pk).update(status=GeneratedFileStatus.FAILED, error="MemoryError")
    assert "MemoryError" not in client.get(reverse("groups:group_booklet")).content.decode()
    client.force_login(StaffFactory())
    assert "作成に失敗しました。 MemoryError" in client.get(reverse("groups:group_booklet")).content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_index_uses_a_fixed_number_of_queries_whatever_the_size(client, worker, django_assert_num_queries, size):
    for index in range(size):
        GroupFactory(fields=[1 + index % 20, 7])
    _build_all(client, worker)
    with django_assert_num_queries(3):  # fields with their figures, the register's figures, the stored files
        page = client.get(reverse("groups:group_booklet")).content.decode()
    assert "作成中" not in page
    assert page.count(".pdf") == 1 + len({1 + index % 20 for index in range(size)} | {7})


def test_the_index_reads_in_english(client, settings):
    GroupFactory(fields=[7])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("groups:group_booklet")).content.decode()
    assert "By activity field" in page
    assert "Being prepared" in page
