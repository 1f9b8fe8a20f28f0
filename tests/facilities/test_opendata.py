"""The 公共施設一覧 CSV is a file in storage: built by the first request, served from storage after, built again by
the worker when the catalogue changes (the last file served meanwhile)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from civic_portal.core.models import GeneratedFile
from facilities import opendata
from facilities.models import FacilityPhoto, FeeRate, OpeningHours
from tests.factories.facilities import FacilityFactory, FeeRateFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def _names(response_or_body):
    body = response_or_body if isinstance(response_or_body, bytes) else response_or_body.getvalue()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return [dict(zip(rows[0], row, strict=True))["名称"] for row in rows[1:]]


def test_built_once_served_from_storage_and_built_again_after_a_change(client, worker):
    facility = FacilityFactory(name="中央公民館")
    response = client.get(reverse("facilities:opendata_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.getvalue()  # streamed: read once
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    assert _names(body) == ["中央公民館"]
    built_at = GeneratedFile.objects.get(key=opendata.KEY).built_at
    assert _names(client.get(reverse("facilities:opendata_csv"))) == ["中央公民館"]
    assert GeneratedFile.objects.get(key=opendata.KEY).built_at == built_at  # served, not built again
    facility.name = "中央市民センター"
    facility.save()
    with worker.after():
        assert _names(client.get(reverse("facilities:opendata_csv"))) == ["中央公民館"]  # the last file meanwhile
    assert _names(client.get(reverse("facilities:opendata_csv"))) == ["中央市民センター"]
    facility.is_published = False
    facility.save()
    with worker.after():
        client.get(reverse("facilities:opendata_csv"))
    assert _names(client.get(reverse("facilities:opendata_csv"))) == []


def test_the_csv_uses_a_fixed_number_of_queries(client, worker, django_assert_num_queries):
    FacilityFactory()
    client.get(reverse("facilities:opendata_csv"))
    with django_assert_num_queries(2):  # the catalogue's version, the stored file's row
        client.get(reverse("facilities:opendata_csv"))
    for _ in range(10):
        FacilityFactory()
    with worker.after():
        client.get(reverse("facilities:opendata_csv"))
    with django_assert_num_queries(2):
        assert len(_names(client.get(reverse("facilities:opendata_csv")))) == 11


# The national layout ---------------------------------------------------------------------------------------------

# 自治体標準オープンデータセット「公共施設一覧」: the item definition's column names, in its order.
STANDARD_HEADER = [
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


def _rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@override_settings(FACILITIES_PUBLISHER={"code": "352012", "prefecture": "山口県", "municipality": "下関市"})
def test_the_csv_has_the_standard_header_and_one_full_row_per_facility(client, worker):
    facility = FacilityFactory(
        name="中央公民館",
        name_en="Central Community Hall",
        description="集会室のある公民館",
        description_en="A community hall with meeting rooms",
        wheelchair_access=True,
        accessible_toilet=True,
        barrier_free_note="入口にスロープ",
        closed_days_note="年末年始",
        website="",
    )
    OpeningHours.objects.filter(facility=facility, weekday=6).delete()  # closed on Sundays
    room = SpaceFactory(facility=facility, name="会議室A")
    FeeRateFactory(space=room, label="午前", starts=dt.time(9), ends=dt.time(12), hourly_fee=300)
    FeeRateFactory(space=room, label="午後", starts=dt.time(12), ends=dt.time(21), hourly_fee=1200)
    FacilityPhoto.objects.create(
        facility=facility, image="facilities/photos/2026/hall.jpg", alt_text="外観", licence="CC BY 4.0"
    )
    rows = _rows(client.get(reverse("facilities:opendata_csv")).getvalue())
    assert rows[0] == STANDARD_HEADER == opendata.COLUMNS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["全国地方公共団体コード"] == "352012"
    assert row["地方公共団体名"] == "山口県下関市"
    assert row["ID"] == str(facility.pk)
    assert row["名称_英字"] == "Central Community Hall"
    assert row["説明_英語"] == "A community hall with meeting rooms"
    assert row["利用可能曜日"] == "月火水木金土"
    assert (row["開始時間"], row["終了時間"]) == ("09:00", "21:00")
    assert row["利用可能日時特記事項"] == "年末年始"
    assert row["料金（基本）"] == "1時間300円〜1,200円"
    assert row["料金（詳細）"] == "会議室A: 平日午前（09:00〜12:00）300円/時、平日午後（12:00〜21:00）1,200円/時"
    assert row["バリアフリー情報"] == "車いす対応;多機能トイレ;入口にスロープ"
    assert row["画像"].endswith("/facilities/photos/2026/hall.jpg")
    assert row["画像"].startswith(("http://", "https://"))
    assert row["画像_ライセンス"] == "CC BY 4.0"
    assert row["URL"].endswith(reverse("facilities:facility_detail", args=[facility.pk]))


@override_settings(FACILITIES_PUBLISHER={"code": "352012", "prefecture": "山口県", "municipality": "下関市"})
def test_the_json_holds_the_same_rows_as_the_csv(client, worker):
    FacilityFactory(name="中央公民館")
    FacilityFactory(name="東部コミュニティセンター")
    rows = _rows(client.get(reverse("facilities:opendata_csv")).getvalue())
    response = client.get(reverse("facilities:opendata_json"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.getvalue().decode("utf-8"))
    assert data == [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [list(item) for item in data] == [STANDARD_HEADER, STANDARD_HEADER]
    assert {item["地方公共団体名"] for item in data} == {"山口県下関市"}


def test_a_fee_change_builds_the_files_again(client, worker):
    room = SpaceFactory(facility=FacilityFactory())
    rate = FeeRateFactory(space=room, hourly_fee=300)

    def basic():
        rows = _rows(client.get(reverse("facilities:opendata_csv")).getvalue())
        return dict(zip(rows[0], rows[1], strict=True))["料金（基本）"]

    assert basic() == "1時間300円"
    FeeRate.objects.filter(pk=rate.pk).update(hourly_fee=500)  # no facility save: the digest still changes
    with worker.after():
        basic()
    assert basic() == "1時間500円"


def test_the_json_uses_a_fixed_number_of_queries(client, worker, django_assert_num_queries):
    FacilityFactory()
    client.get(reverse("facilities:opendata_json"))
    with django_assert_num_queries(2):  # the catalogue's version, the stored file's row
        client.get(reverse("facilities:opendata_json"))
    for _ in range(10):
        SpaceFactory(facility=FacilityFactory())
    with worker.after():
        client.get(reverse("facilities:opendata_json"))
    with django_assert_num_queries(2):
        assert len(json.loads(client.get(reverse("facilities:opendata_json")).getvalue())) == 11
