"""The results page's body is built once per version of the data and language, and served from storage."""

import pytest
from django.urls import reverse
from django.utils import timezone

from civic_portal.core import generated
from civic_portal.core.models import GeneratedFile, GeneratedFileStatus
from grants import results_page
from grants.models import Application, Status
from grants.services.staff import round_publish_results
from tests.factories.accounts import UserFactory
from tests.factories.grants import ApplicationFactory, ReviewerFactory, RoundFactory

pytestmark = pytest.mark.django_db
URL = reverse("grants:results")


def _published(**award):
    grant_round = RoundFactory(results_published=True, results_published_at=timezone.now())
    application = ApplicationFactory(
        round=grant_round, status=Status.ACCEPTED, awarded_amount=180_000, title="公表される事業", **award
    )
    return grant_round, application


def _rows() -> dict[str, GeneratedFile]:
    return {row.key: row for row in GeneratedFile.objects.filter(key__startswith=results_page.KEY)}


def _page(client, language: str = "ja") -> str:
    if language != "ja":
        client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client.get(URL).content.decode()


def test_publishing_builds_the_page_in_each_language_before_anyone_asks(client, worker):
    grant_round = RoundFactory()
    ApplicationFactory(round=grant_round, status=Status.ACCEPTED, awarded_amount=50_000, title="新しい事業")
    with worker.after():
        round_publish_results(grant_round=grant_round)
    rows = _rows()
    assert set(rows) == {f"{results_page.KEY}:ja", f"{results_page.KEY}:en"}
    version = results_page.results_version()
    assert {row.status for row in rows.values()} == {GeneratedFileStatus.READY}
    assert {row.fingerprint for row in rows.values()} == {version}
    built = {key: row.built_at for key, row in rows.items()}
    page = _page(client)
    assert "新しい事業" in page
    assert "50,000円" in page
    english = _page(client, "en")
    assert "新しい事業" in english
    assert "Awarded projects" in english
    assert {key: row.built_at for key, row in _rows().items()} == built  # served, not built again


def test_a_served_page_takes_two_queries_whatever_the_number_of_awards(client, django_assert_num_queries):
    grant_round, _award = _published()
    client.get(URL)  # the first request builds the body
    with django_assert_num_queries(2):  # the data's version, the stored body's row
        small = client.get(URL).content.decode()
    for i in range(30):
        ApplicationFactory(round=grant_round, status=Status.ACCEPTED, awarded_amount=1_000, title=f"追加の事業{i}")
    client.get(URL)
    with django_assert_num_queries(2):
        large = client.get(URL).content.decode()
    assert "追加の事業29" in large
    assert "追加の事業" not in small


def test_every_change_the_page_shows_is_shown_at_the_next_request(client):
    grant_round, award = _published()
    member = ReviewerFactory(
        round=grant_round, role="citizen", publish_name=False, user=UserFactory(full_name="委員 花子")
    )
    assert "委員 花子" not in _page(client)
    award.title = "名前を変えた事業"
    award.save()
    assert "名前を変えた事業" in _page(client)
    award.group.name = "改名した会"
    award.group.save()
    assert "改名した会" in _page(client)
    member.publish_name = True
    member.save()
    assert "委員 花子" in _page(client)
    member.user.full_name = "委員 花江"
    member.user.save()
    assert "委員 花江" in _page(client)
    grant_round.allocation_rule = "抽選で決めます。"
    grant_round.save()
    assert "抽選で決めます。" in _page(client)
    grant_round.programme.name = "新しい助成制度"
    grant_round.programme.save()
    assert "新しい助成制度" in _page(client)
    hidden = RoundFactory()
    ApplicationFactory(round=hidden, status=Status.AWARDED, awarded_amount=1, title="未公表の事業")
    assert "未公表の事業" not in _page(client)
    second = ApplicationFactory(round=grant_round, status=Status.ACCEPTED, awarded_amount=1_000, title="二番目の事業")
    Application.objects.filter(pk=award.pk).update(rank=1)  # ranks are written in bulk, without updated_at
    Application.objects.filter(pk=second.pk).update(rank=2)
    page = _page(client)
    assert page.index("名前を変えた事業") < page.index("二番目の事業")
    Application.objects.filter(pk=award.pk).update(rank=2)
    Application.objects.filter(pk=second.pk).update(rank=1)
    page = _page(client)
    assert page.index("二番目の事業") < page.index("名前を変えた事業")


def test_each_language_has_its_own_body(client):
    _published()
    japanese = _page(client)
    english = _page(client, "en")
    assert "採択された事業" in japanese
    assert "採択された事業" not in english
    assert len(_rows()) == 2


def test_while_another_process_builds_it_the_page_is_rendered_with_the_current_data(client):
    _published()
    GeneratedFile.objects.create(
        key=f"{results_page.KEY}:ja",
        title="results",
        builder="grants.results_page.build",
        filename="results-ja.html",
        content_type="text/html; charset=utf-8",
        status=GeneratedFileStatus.BUILDING,
        started_at=timezone.now(),
    )
    assert "公表される事業" in _page(client)
    assert _rows()[f"{results_page.KEY}:ja"].status == GeneratedFileStatus.BUILDING


def test_a_body_lost_from_storage_is_rendered_and_built_again(client):
    _published()
    _page(client)
    row = _rows()[f"{results_page.KEY}:ja"]
    generated.storage_for(row.private).delete(row.file_name)
    assert "公表される事業" in _page(client)
    assert "公表される事業" in _page(client)
    assert generated.storage_for(False).exists(_rows()[f"{results_page.KEY}:ja"].file_name)
