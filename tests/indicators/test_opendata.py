"""Indicators as open-sdg publishes them: metadata on the page, breakdowns, each series as JSON, one bulk download."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civic_portal.accounts.roles import CITY_OFFICIALS
from indicators.models import Breakdown, Frequency
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.indicators import DepartmentFactory, IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def _indicator():
    indicator = IndicatorFactory(
        name="市民活動の認知度",
        unit="%",
        definition="市民意識調査で市民活動を「知っている」と答えた人の割合",
        method="「知っている」の回答数 ÷ 有効回答数 × 100",
        frequency=Frequency.BIENNIAL,
        department=DepartmentFactory(name="市民協働課"),
    )
    ObservationFactory(indicator=indicator, fiscal_year=2024, value=Decimal("41.5"), is_final=True)
    ObservationFactory(indicator=indicator, fiscal_year=2025, value=Decimal("44.0"), is_final=False)
    for year, category, value, final in [
        (2024, "北部地区", "38.0", True),
        (2024, "南部地区", "45.5", True),
        (2025, "北部地区", "39.25", False),
    ]:
        Breakdown.objects.create(
            indicator=indicator, fiscal_year=year, dimension="district", category=category, value=value, is_final=final
        )
    Breakdown.objects.create(indicator=indicator, fiscal_year=2024, dimension="sex", category="女性", value="47")
    return indicator


def _url(name, indicator):
    return reverse(f"indicators:{name}", args=[indicator.plan.code, indicator.code])


def test_the_page_shows_metadata_and_final_breakdowns_to_the_public(client):
    indicator = _indicator()
    page = client.get(_url("indicator_detail", indicator)).content.decode()
    for text in ("定義", "市民意識調査で市民活動を", "算出方法", "隔年度", "市民協働課", "最終更新"):
        assert text in page
    assert "内訳: 地区" in page
    assert "北部地区" in page
    assert "45.5" in page
    assert "39.25" not in page  # a provisional breakdown stays internal
    assert "内訳: 性別" not in page  # its only value is provisional
    assert _url("indicator_json", indicator) in page
    assert reverse("indicators:all_indicators_csv") in page


def test_officials_see_provisional_breakdowns(client):
    indicator = _indicator()
    client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    page = client.get(_url("indicator_detail", indicator)).content.decode()
    assert "内訳: 性別" in page
    assert "39.25" in page


def test_the_indicator_json_has_metadata_series_breakdowns_and_licence(client, settings):
    indicator = _indicator()
    document = json.loads(client.get(_url("indicator_json", indicator)).content)
    assert document["name"] == "市民活動の認知度"
    assert document["unit"] == "%"
    assert document["frequency"] == "隔年度"
    assert document["department"] == "市民協働課"
    assert document["license"] == settings.OPEN_DATA_LICENSE["url"]
    assert document["last_update"]
    assert [(p["fiscal_year"], p["value"]) for p in document["series"]] == [(2024, 41.5)]
    assert {(b["category"], b["value"]) for b in document["breakdowns"]} == {("北部地区", 38), ("南部地区", 45.5)}


def test_an_unknown_indicator_answers_404(client):
    indicator = _indicator()
    url = reverse("indicators:indicator_json", args=[indicator.plan.code, "no-such"])
    assert client.get(url).status_code == 404


def test_the_bulk_csv_has_every_public_value_in_long_form(client):
    indicator = _indicator()
    other = IndicatorFactory(plan=indicator.plan, name="登録団体数")
    ObservationFactory(indicator=other, fiscal_year=2024, value=Decimal("260"))
    body = client.get(reverse("indicators:all_indicators_csv")).content
    assert body.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[:6] == ["計画", "指標番号", "指標名", "単位", "年度", "値"]
    values = {(row[2], row[4], row[7], row[8], row[5]) for row in rows}
    assert ("市民活動の認知度", "2024", "", "", "41.500") in values
    assert ("市民活動の認知度", "2024", "地区", "南部地区", "45.500") in values
    assert ("登録団体数", "2024", "", "", "260.000") in values
    assert not [row for row in rows if row[6] == "速報値"]  # the public gets final values only


def test_the_bulk_files_read_a_fixed_number_of_queries(client):
    counts = []
    for size in (2, 12):
        for _n in range(size):
            _indicator()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("indicators:all_indicators_json"))
        assert response.status_code == 200
        counts.append(len(queries))
        assert len(json.loads(response.content)["indicators"]) == sum((2, 12)[: len(counts)])
    assert counts[0] == counts[1]


def test_center_staff_add_breakdowns_in_the_indicator_admin(client):
    indicator = _indicator()
    client.force_login(StaffFactory())
    page = client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk])).content.decode()
    assert "breakdowns-TOTAL_FORMS" in page
    assert "把握の頻度" in page
