"""Path converters with bounds: a URL whose id, year, month, date or token cannot exist is a 404 at the resolver,
before a view can turn it into an overflow, a `datetime` error or a database error (a 500).

Registered on import; every urls.py that uses them imports this module.

    <id:pk>            1 .. 2**63-1 (bigint primary keys)
    <year:fiscal_year> 1900 .. 2200 (fiscal and calendar years)
    <month:month>      1 .. 12
    <isodate:day>      YYYY-MM-DD, a real date within the years above; the view gets a datetime.date
    <token:token>      a URL-safe secret (secrets.token_urlsafe), at most 128 characters
    <text:code>        a printed code such as I-(2)-④: any text but "/" and control characters, at most 100
"""

from __future__ import annotations

import datetime as dt

from django.urls import register_converter

from .params import BIGINT_MAX, YEAR_MAX, YEAR_MIN


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= BIGINT_MAX:
            raise ValueError(value)  # no match: 404
        return number

    def to_url(self, value) -> str:
        return str(value)


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValueError(value)
        return year

    def to_url(self, value) -> str:
        return str(value)


class MonthConverter:
    regex = "[0-9]{1,2}"

    def to_python(self, value: str) -> int:
        month = int(value)
        if not 1 <= month <= 12:
            raise ValueError(value)
        return month

    def to_url(self, value) -> str:
        return str(value)


class IsoDateConverter:
    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        day = dt.date.fromisoformat(value)  # ValueError for 2026-02-30: no match
        if not YEAR_MIN <= day.year <= YEAR_MAX:
            raise ValueError(value)
        return day

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


class TokenConverter:
    regex = "[A-Za-z0-9_-]{1,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class TextConverter:
    regex = "[^/\\x00-\\x1f\\x7f]{1,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")
register_converter(IsoDateConverter, "isodate")
register_converter(TokenConverter, "token")
register_converter(TextConverter, "text")
