"""The catalogue in the column layout of 自治体標準オープンデータセット「公共施設一覧」, kept as a file in
storage: built by the worker (civic_portal.core.generated) when a request finds the catalogue changed, the last
file served meanwhile; the first one ever is built in the request that asks for it."""

from __future__ import annotations

from typing import BinaryIO

from django.conf import settings
from django.db.models import Count, Max, Sum
from django.urls import reverse
from django.utils import translation

from civic_portal.core.exports import CSV_TYPE, csv_write
from civic_portal.core.generated import Built, Progress, Spec

from .models import BARRIER_FREE_FIELDS, Facility
from .selectors import opendata_facilities

COLUMNS = [
    "都道府県コード又は市区町村コード",
    "NO",
    "都道府県名",
    "市区町村名",
    "名称",
    "名称_カナ",
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
    "説明",
    "バリアフリー情報",
    "URL",
    "備考",
]
WEEKDAYS = "月火水木金土日"


def publisher() -> dict:
    """Publisher identity; a deployment sets FACILITIES_PUBLISHER = {"code", "prefecture", "municipality"}."""
    return {"code": "", "prefecture": "", "municipality": ""} | getattr(settings, "FACILITIES_PUBLISHER", {})


def _hours(facility) -> tuple[str, str, str]:
    hours = sorted(facility.opening_hours.all(), key=lambda h: h.weekday)
    days = "".join(WEEKDAYS[h.weekday] for h in hours)
    opens = min((h.opens for h in hours), default=None)
    closes = max((h.closes for h in hours), default=None)
    return days, f"{opens:%H:%M}" if opens else "", f"{closes:%H:%M}" if closes else ""


def opendata_rows(facilities, *, page_url=lambda facility: ""):
    """One row per facility under COLUMNS (the national column order); URL falls back to our page.

    Written by civic_portal.core.exports.csv_response: UTF-8 with a BOM (the standard asks for UTF-8 and fixes the
    columns, not the BOM; the file is mostly opened in Excel), text cells that a spreadsheet would read as a
    formula quote-prefixed.
    """
    pub = publisher()
    with translation.override("ja"):
        for f in facilities:
            days, opens, closes = _hours(f)
            barrier_free = ";".join(str(label) for name, label in BARRIER_FREE_FIELDS if getattr(f, name))
            notes = "; ".join(x for x in [f.get_kind_display(), f.get_booking_mode_display()] if x)
            yield [
                pub["code"],
                f.pk,
                pub["prefecture"],
                pub["municipality"],
                f.name,
                f.name_kana,
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
                f.closed_days_note,
                f.description,
                barrier_free,
                f.website or page_url(f),
                notes,
            ]


# The stored file ------------------------------------------------------------------------------------------------

LAYOUT = "1"  # bump when the layout changes, so the file is built again
KEY = "opendata:facilities-csv"


def catalogue_version() -> str:
    """The version of the published catalogue: count, ids and latest change of the published facilities (an edit
    of opening hours in the admin saves the facility too), in one aggregate query."""
    figures = Facility.objects.filter(is_published=True).aggregate(n=Count("id"), s=Sum("id"), m=Max("updated_at"))
    return f"{LAYOUT}:{figures['n']}:{figures['s'] or 0}:{figures['m'].isoformat() if figures['m'] else '-'}"


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


def build_csv(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """The 公共施設一覧 CSV; each facility's URL falls back to its page on the site (SITE_URL)."""
    version = catalogue_version()

    def page_url(facility):
        return settings.SITE_URL + reverse("facilities:facility_detail", args=[facility.pk])

    csv_write(out, COLUMNS, opendata_rows(opendata_facilities(), page_url=page_url))
    return Built(version)
