"""Japanese fiscal years (April to March) and era (元号) formatting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language


@dataclass(frozen=True)
class Era:
    name: str
    romaji: str
    start: dt.date


# Newest first. Each era begins on its accession day.
ERAS = (
    Era("令和", "Reiwa", dt.date(2019, 5, 1)),
    Era("平成", "Heisei", dt.date(1989, 1, 8)),
    Era("昭和", "Showa", dt.date(1926, 12, 25)),
    Era("大正", "Taisho", dt.date(1912, 7, 30)),
    Era("明治", "Meiji", dt.date(1868, 1, 25)),
)
FISCAL_YEAR_START_MONTH = 4


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def fiscal_year(value: dt.date | dt.datetime) -> int:
    """The fiscal year a date falls in: 2025-04-01 .. 2026-03-31 is FY2025."""
    day = _as_date(value)
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def current_fiscal_year() -> int:
    """The fiscal year of today in the site's time zone."""
    return fiscal_year(timezone.localdate())


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year (both inclusive)."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def fiscal_year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    """Aware half-open [start, end) datetimes of a fiscal year in the site's time zone, for range queries."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime(year, 4, 1, tzinfo=tz),
        dt.datetime(year + 1, 4, 1, tzinfo=tz),
    )


def era_of(value: dt.date | dt.datetime) -> tuple[Era, int]:
    """The era and era year of a date: 2019-04-30 is 平成31, 2019-05-01 is 令和1."""
    day = _as_date(value)
    for era in ERAS:
        if day >= era.start:
            return era, day.year - era.start.year + 1
    raise ValueError(f"{day} is before the Meiji era")


def _era_year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def wareki(value: dt.date | dt.datetime) -> str:
    """A date in the Japanese calendar: 令和元年5月1日."""
    day = _as_date(value)
    era, year = era_of(day)
    return f"{era.name}{_era_year_text(year)}年{day.month}月{day.day}日"


def fiscal_year_era(year: int) -> tuple[Era, int]:
    """The era naming a fiscal year: the newest era begun by the fiscal year's calendar year (FY2019 is 令和元年度)."""
    for era in ERAS:
        if era.start.year <= year:
            return era, year - era.start.year + 1
    raise ValueError(f"FY{year} is before the Meiji era")


def fiscal_year_label(year: int, language: str | None = None) -> str:
    """令和7年度（2025年度） in Japanese, FY2025 otherwise."""
    language = language or get_language() or "ja"
    if language.startswith("ja"):
        era, era_year = fiscal_year_era(year)
        return f"{era.name}{_era_year_text(era_year)}年度（{year}年度）"
    return f"FY{year}"
