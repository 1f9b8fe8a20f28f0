import csv
import io

import pytest
from django.utils import timezone

from grants import opendata, selectors
from grants.models import Category, Status
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
    assert by_id[opendata.grant_id(voluntary)]["amountAwarded"] == 120_000  # the final amount once confirmed


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
