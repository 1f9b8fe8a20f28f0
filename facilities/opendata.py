"""The catalogue as 「公共施設一覧」 of the 自治体標準オープンデータセット (デジタル庁; the GIF-aligned successor of the
推奨データセット), as CSV (UTF-8 with a BOM) and as JSON with the same rows. Both are files kept in storage: built
by the worker (civic_portal.core.generated) when a request finds the catalogue changed, the last file served
meanwhile; the first one ever is built in the request that asks for it.

The columns and their order are the standard's item definition (COLUMNS, pinned by tests/facilities/
test_opendata.py); the old 推奨データセット layout (都道府県コード又は市区町村コード, NO, 都道府県名, …) is gone,
its URL (/facilities/opendata.csv) serves the new layout.
"""

from __future__ import annotations

import json
from typing import BinaryIO

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from psycopg import sql

from civic_portal.core.exports import CSV_TYPE, csv_write
from civic_portal.core.generated import Built, Progress, Spec

from .models import BARRIER_FREE_FIELDS, DayType, Facility, FacilityPhoto, FeeRate, OpeningHours, Space
from .selectors import opendata_facilities

COLUMNS = [
    "全国地方公共団体コード",
    "ID",
    "地方公共団体名",
    "名称",
    "名称_カナ",
    "名称_英字",
    "名称_通称",
    "POIコード",
    "住所",
    "方書",
    "緯度",
    "経度",
    "電話番号",
    "内線番号",
    "法人番号",
    "団体名",
    "利用可能曜日",
    "開始時間",
    "終了時間",
    "利用可能日時特記事項",
    "料金（基本）",
    "料金（詳細）",
    "説明",
    "説明_英語",
    "バリアフリー情報",
    "画像",
    "画像_ライセンス",
    "URL",
    "備考",
]
WEEKDAYS = "月火水木金土日"


def publisher() -> dict:
    """The publishing city from settings.FACILITIES_PUBLISHER: 全国地方公共団体コード (6 digits) and its name."""
    pub = {"code": "", "prefecture": "", "municipality": ""} | getattr(settings, "FACILITIES_PUBLISHER", {})
    return {"code": pub["code"], "name": f"{pub['prefecture']}{pub['municipality']}"}


def _hours(facility) -> tuple[str, str, str, str]:
    """利用可能曜日 (月火水…), the earliest opening and latest closing, and each day's hours when they differ."""
    hours = sorted(facility.opening_hours.all(), key=lambda h: h.weekday)
    days = "".join(WEEKDAYS[h.weekday] for h in hours)
    opens = min((h.opens for h in hours), default=None)
    closes = max((h.closes for h in hours), default=None)
    by_day = ""
    if len({(h.opens, h.closes) for h in hours}) > 1:
        by_day = "、".join(f"{WEEKDAYS[h.weekday]} {h.opens:%H:%M}〜{h.closes:%H:%M}" for h in hours)
    return days, f"{opens:%H:%M}" if opens else "", f"{closes:%H:%M}" if closes else "", by_day


def _fees(facility) -> tuple[str, str]:
    """料金（基本）: the range of hourly room fees; 料金（詳細）: each room's bands by day type."""
    fees = [rate.hourly_fee for space in facility.spaces.all() for rate in space.fee_rates.all()]
    if not fees:
        return "", ""
    low, high = min(fees), max(fees)
    basic = f"1時間{low:,}円" if low == high else f"1時間{low:,}円〜{high:,}円"
    day_types = dict(DayType.choices)
    details = []
    for space in facility.spaces.all():
        rates = sorted(space.fee_rates.all(), key=lambda r: (r.day_type != DayType.WEEKDAY, r.starts))
        if rates:
            bands = "、".join(
                f"{day_types[r.day_type]}{r.label}（{r.starts:%H:%M}〜{r.ends:%H:%M}）{r.hourly_fee:,}円/時"
                for r in rates
            )
            details.append(f"{space.name}: {bands}")
    return basic, "; ".join(details)


def _photo(facility, site_url: str) -> tuple[str, str]:
    """The facility's first own photo (rooms' photos left out) as an absolute URL, and its licence."""
    photo = next((p for p in facility.photos.all() if p.space_id is None), None)
    if photo is None:
        return "", ""
    url = photo.image.url
    return (url if url.startswith(("http://", "https://")) else site_url + url), photo.licence


def opendata_rows(facilities, *, page_url=lambda facility: "", site_url: str = ""):
    """One row per facility under COLUMNS (the standard's order); URL falls back to our page.

    Written by civic_portal.core.exports.csv_write: UTF-8 with a BOM (the standard asks for UTF-8; the file is
    mostly opened in Excel on Japanese PCs, which reads a CSV without a BOM as Shift_JIS), text cells that a
    spreadsheet would read as a formula quote-prefixed.
    """
    pub = publisher()
    with translation.override("ja"):
        for f in facilities:
            days, opens, closes, by_day = _hours(f)
            fee_basic, fee_detail = _fees(f)
            image, licence = _photo(f, site_url)
            barrier_free = [str(label) for name, label in BARRIER_FREE_FIELDS if getattr(f, name)]
            notes = "; ".join(x for x in [f.get_kind_display(), f.get_booking_mode_display(), f.booking_phone] if x)
            yield [
                pub["code"],
                str(f.pk),
                pub["name"],
                f.name,
                f.name_kana,
                f.name_en,
                "",
                "",
                f.address,
                f.address_detail,
                f.latitude if f.latitude is not None else "",
                f.longitude if f.longitude is not None else "",
                f.phone,
                "",
                f.manager_corporate_number,
                f.manager_name,
                days,
                opens,
                closes,
                "; ".join(x for x in [by_day, f.closed_days_note, "祝日休館" if f.closed_on_holidays else ""] if x),
                fee_basic,
                fee_detail,
                f.description,
                f.description_en,
                ";".join(barrier_free + ([f.barrier_free_note] if f.barrier_free_note else [])),
                image,
                licence,
                f.website or page_url(f),
                notes,
            ]


def records(rows) -> list[dict]:
    """The rows as JSON objects keyed by the standard's column names (every value a string, as in the CSV)."""
    return [dict(zip(COLUMNS, ("" if v is None else str(v) for v in row), strict=True)) for row in rows]


# The stored files ------------------------------------------------------------------------------------------------

LAYOUT = "2"  # bump when the layout changes, so the files are built again (1: the old 推奨データセット columns)
KEY = "opendata:facilities-csv"
JSON_KEY = "opendata:facilities-json"
SOURCES = (Facility, OpeningHours, Space, FeeRate, FacilityPhoto)


def catalogue_version() -> str:
    """A digest PostgreSQL computes over the whole rows of the tables the files are built from (facilities, hours,
    rooms, fee rates, photos) with the layout and the publisher, in one query: any change gives a new version."""
    table = sql.SQL("(SELECT string_agg(t::text, ',' ORDER BY t.id) FROM {} t)")
    parts = sql.SQL(", ").join(table.format(sql.Identifier(m._meta.db_table)) for m in SOURCES)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT md5(concat_ws('|', {}))").format(parts).as_string(connection.connection))
        digest = cursor.fetchone()[0]
    pub = publisher()
    return f"{LAYOUT}:{pub['code']}:{pub['name']}:{digest}"


def csv_spec(version: str) -> Spec:
    return Spec(
        key=KEY,
        builder="facilities.opendata.build_csv",
        title="公共施設一覧 CSV",
        filename="public_facilities.csv",
        content_type=CSV_TYPE,
        fingerprint=version,
        serve_stale=True,
    )


def json_spec(version: str) -> Spec:
    return Spec(
        key=JSON_KEY,
        builder="facilities.opendata.build_json",
        title="公共施設一覧 JSON",
        filename="public_facilities.json",
        content_type="application/json",
        fingerprint=version,
        serve_stale=True,
    )


def _rows():
    def page_url(facility):
        return settings.SITE_URL + reverse("facilities:facility_detail", args=[facility.pk])

    return opendata_rows(opendata_facilities(), page_url=page_url, site_url=settings.SITE_URL)


def build_csv(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """The 公共施設一覧 CSV; each facility's URL falls back to its page on the site (SITE_URL)."""
    version = catalogue_version()
    csv_write(out, COLUMNS, _rows())
    return Built(version)


def build_json(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """The same rows as a JSON array of objects keyed by the column names."""
    version = catalogue_version()
    out.write(json.dumps(records(_rows()), ensure_ascii=False, indent=1).encode("utf-8"))
    return Built(version)
