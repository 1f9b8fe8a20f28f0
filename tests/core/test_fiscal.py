import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from civic_portal.core import fiscal


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2025, 3, 31), 2024),
        (dt.date(2025, 4, 1), 2025),
        (dt.date(2025, 12, 31), 2025),
        (dt.date(2026, 1, 1), 2025),
        (dt.date(2026, 3, 31), 2025),
        (dt.date(2026, 4, 1), 2026),
    ],
)
def test_fiscal_year_turns_on_the_first_of_april(day, year):
    assert fiscal.fiscal_year(day) == year


def test_fiscal_year_of_an_aware_datetime_uses_japan_time(settings):
    # 2025-03-31 15:30 UTC is already 1 April 00:30 in Tokyo.
    moment = dt.datetime(2025, 3, 31, 15, 30, tzinfo=dt.UTC)
    assert fiscal.fiscal_year(moment) == 2025


def test_fiscal_year_bounds_and_range():
    assert fiscal.fiscal_year_bounds(2025) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    start, end = fiscal.fiscal_year_range(2025)
    assert (start.date(), end.date()) == (dt.date(2025, 4, 1), dt.date(2026, 4, 1))
    assert start.utcoffset() == dt.timedelta(hours=9)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2020, 1, 1), "令和2年1月1日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(2025, 4, 1), "令和7年4月1日"),
    ],
)
def test_wareki_changes_era_on_accession_day(day, text):
    assert fiscal.wareki(day) == text


@pytest.mark.parametrize(
    ("year", "ja", "en"),
    [
        (2025, "令和7年度（2025年度）", "FY2025"),
        (2019, "令和元年度（2019年度）", "FY2019"),
        (2018, "平成30年度（2018年度）", "FY2018"),
        (2013, "平成25年度（2013年度）", "FY2013"),
        (1988, "昭和63年度（1988年度）", "FY1988"),
    ],
)
def test_fiscal_year_label_in_both_languages(year, ja, en):
    assert fiscal.fiscal_year_label(year, "ja") == ja
    assert fiscal.fiscal_year_label(year, "en") == en


def test_template_filters_follow_the_active_language():
    template = Template("{{ day|fiscal_year }} {{ day|fy_label }} {{ 2025|fy_label }} {{ day|wareki }}")
    context = Context({"day": dt.date(2026, 3, 31)})
    with translation.override("ja"):
        assert template.render(context) == "2025 令和7年度（2025年度） 令和7年度（2025年度） 令和8年3月31日"
    with translation.override("en"):
        assert template.render(context).startswith("2025 FY2025 FY2025")


def test_filters_render_nothing_for_missing_values():
    assert (
        Template("[{{ none|fy_label }}{{ none|wareki }}{{ none|fiscal_year }}]").render(Context({"none": None})) == "[]"
    )
