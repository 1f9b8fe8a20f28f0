import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from civic_portal.core.models import GeneratedFile, GeneratedFileStatus
from grants import opendata, selectors
from grants.models import Category, Status
from grants.services.staff import round_publish_results
from tests.factories.grants import ApplicationFactory, RoundFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards():
    grant_round = RoundFactory(results_published=True, results_published_at=timezone.now())
    npo = GroupFactory(corporate_number="1234567890123", legal_form="npo")
    incorporated = ApplicationFactory(
        round=grant_round, group=npo, status=Status.ACCEPTED, awarded_amount=200_000, decided_at=timezone.now()
    )
    voluntary = ApplicationFactory(
        round=grant_round, status=Status.CLOSED, awarded_amount=150_000, final_amount=120_000
    )
    ApplicationFactory(round=grant_round, status=Status.DECLINED)
    ApplicationFactory(status=Status.AWARDED, awarded_amount=100_000)  # round not published
    return incorporated, voluntary


def test_360giving_package_validates_against_the_schema(awards):
    incorporated, voluntary = awards
    package = opendata.package_360giving()
    assert opendata.validate_360giving(package) == []
    by_id = {g["id"]: g for g in package["grants"]}
    assert set(by_id) == {opendata.grant_id(incorporated), opendata.grant_id(voluntary)}
    assert all(g["id"].startswith("360G-") for g in package["grants"])
    grant = by_id[opendata.grant_id(incorporated)]
    assert grant["recipientOrganization"][0]["id"] == "JP-JCN-1234567890123"
    assert grant["currency"] == "JPY"
    assert grant["amountAwarded"] == 200_000
    # 額の確定 lowered the money paid to 120,000; the award stays 150,000.
    assert by_id[opendata.grant_id(voluntary)]["amountAwarded"] == 150_000


def test_validation_catches_a_broken_grant(awards):
    package = opendata.package_360giving()
    del package["grants"][0]["currency"]
    assert any("currency" in error for error in opendata.validate_360giving(package))


def test_csv_has_one_row_per_published_award(awards):
    rows = list(csv.reader(io.StringIO(opendata.grants_csv().lstrip("\ufeff"))))
    assert rows[0][:3] == ["Identifier", "Title", "Description"]
    assert len(rows) == 3


def test_indicator_figures_per_fiscal_year_and_category():
    activity = RoundFactory(fiscal_year=2026, category=Category.ACTIVITY, criteria=False)
    collaborative = RoundFactory(fiscal_year=2026, category=Category.COLLABORATIVE, criteria=False)
    ApplicationFactory(round=activity, status=Status.DRAFT)
    ApplicationFactory(round=activity, status=Status.DECLINED)
    ApplicationFactory(round=activity, status=Status.ACCEPTED, awarded_amount=100_000)
    ApplicationFactory(round=collaborative, status=Status.CLOSED, awarded_amount=200_000, final_amount=180_000)
    assert selectors.grant_applications(2026) == 3
    assert selectors.grant_applications(2026, Category.ACTIVITY) == 2
    assert selectors.grant_awards(2026) == {"count": 2, "amount": 280_000}
    assert selectors.grant_awards(2026, Category.ACTIVITY) == {"count": 1, "amount": 100_000}
    assert selectors.collaborative_projects(2026) == 1
    assert selectors.grant_awards(2025) == {"count": 0, "amount": 0}


# The stored files: built once, served from storage, built again on publication and on change.


def _json(response):
    return json.loads(response.getvalue())


def _awards(n, grant_round=None):
    grant_round = grant_round or RoundFactory(results_published=True, results_published_at=timezone.now())
    return [
        ApplicationFactory(round=grant_round, status=Status.ACCEPTED, awarded_amount=100_000, decided_at=timezone.now())
        for _ in range(n)
    ]


def test_the_first_request_builds_the_files_and_later_ones_are_served_from_storage(client):
    _awards(2)
    response = client.get(reverse("grants:opendata_json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    package = _json(response)
    assert len(package["grants"]) == 2
    assert opendata.validate_360giving(package) == []
    csv_response = client.get(reverse("grants:opendata_csv"))
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == 'attachment; filename="grants.csv"'
    assert csv_response.getvalue().startswith("\ufeffIdentifier,Title".encode())
    built = {row.key: row.built_at for row in GeneratedFile.objects.all()}
    assert set(built) == {opendata.JSON_KEY, opendata.CSV_KEY}
    assert _json(client.get(reverse("grants:opendata_json"))) == package  # the same file, not a new one
    assert {row.key: row.built_at for row in GeneratedFile.objects.all()} == built


def test_publishing_results_builds_the_files_before_anyone_asks(client, worker):
    _awards(1)
    client.get(reverse("grants:opendata_json"))
    grant_round = RoundFactory()
    ApplicationFactory(round=grant_round, status=Status.ACCEPTED, awarded_amount=50_000, title="新しい事業")
    with worker.after():
        round_publish_results(grant_round=grant_round)
    row = GeneratedFile.objects.get(key=opendata.JSON_KEY)
    assert row.fingerprint == opendata.awards_version()  # current before any request
    titles = [grant["title"] for grant in _json(client.get(reverse("grants:opendata_json")))["grants"]]
    assert "新しい事業" in titles
    assert "新しい事業" in client.get(reverse("grants:opendata_csv")).getvalue().decode("utf-8-sig")


def test_a_changed_award_serves_the_last_file_until_the_next_one_is_built(client, worker):
    (award,) = _awards(1)
    client.get(reverse("grants:opendata_json"))
    award.title = "名前を変えた事業"
    award.save()
    with worker.after():
        stale = _json(client.get(reverse("grants:opendata_json")))
    assert stale["grants"][0]["title"] != "名前を変えた事業"  # served at once, the rebuild queued
    assert _json(client.get(reverse("grants:opendata_json")))["grants"][0]["title"] == "名前を変えた事業"


def test_while_the_first_build_runs_elsewhere_the_answer_is_503_with_retry_after(client):
    _awards(1)
    GeneratedFile.objects.create(
        key=opendata.JSON_KEY,
        title="360Giving JSON",
        builder="grants.opendata.build_json",
        filename="360giving.json",
        content_type="application/json",
        status=GeneratedFileStatus.BUILDING,
        started_at=timezone.now(),
    )  # as another server's request or the worker leaves it while it builds
    response = client.get(reverse("grants:opendata_json"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.parametrize("url_name", ["grants:opendata_json", "grants:opendata_csv"])
def test_open_data_uses_a_fixed_number_of_queries(client, worker, django_assert_num_queries, url_name):
    _awards(2)
    client.get(reverse(url_name))
    with django_assert_num_queries(2):  # the awards' version, the stored file's row
        small = client.get(reverse(url_name)).getvalue()
    _awards(30)
    with worker.after():
        client.get(reverse(url_name))  # the last file, the next one queued and built by the worker
    with django_assert_num_queries(2):
        large = client.get(reverse(url_name)).getvalue()
    assert large.count(b"360G-civicportal-") > small.count(b"360G-civicportal-") >= 2
