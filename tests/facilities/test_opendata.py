"""The 公共施設一覧 CSV is a file in storage: built by the first request, served from storage after, built again by
the worker when the catalogue changes (the last file served meanwhile)."""

import csv
import io

import pytest
from django.urls import reverse

from civic_portal.core.models import GeneratedFile
from facilities import opendata
from tests.factories.facilities import FacilityFactory

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
