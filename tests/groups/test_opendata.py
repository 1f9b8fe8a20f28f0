"""The register as open data: CSV (Japanese headings, BOM, inert cells) and JSON-LD, consented contacts only."""

import csv
import io
import json

import pytest
from django.urls import reverse

from groups.models import GroupStatus
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
CSV_URL, JSON_URL = reverse("groups:opendata_csv"), reverse("groups:opendata_jsonld")


def _built(client, worker, url):
    with worker.after():
        first = client.get(url)
    assert first.status_code == 503  # never built: built in the background, asked again later
    assert first["Retry-After"]
    return client.get(url)


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # Excel on a Japanese PC reads it as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _groups():
    GroupFactory(
        name="公開の会",
        name_kana="こうかいのかい",
        corporate_number="1234567890123",
        contact_name="連絡 公開",
        publish_contact_name=True,
        contact_email="open@example.jp",
        publish_contact_email=True,
        contact_phone="090-0000-1111",
        contact_address="非公開市1-2-3",
        representative_name="代表 非公開",
        purpose='=HYPERLINK("http://evil.example")',
    )
    GroupFactory(name="去った会", name_kana="さったかい", status=GroupStatus.WITHDRAWN)


def test_the_csv_lists_public_groups_with_consented_contacts_only(client, worker):
    _groups()
    response = _built(client, worker, CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _csv_rows(response)
    assert header[:3] == ["登録番号", "団体名", "団体名（ふりがな）"]
    assert "連絡先（メール）" in header
    (row,) = rows
    record = dict(zip(header, row, strict=True))
    assert record["団体名"] == "公開の会"
    assert record["法人番号"] == "1234567890123"
    assert record["連絡先（担当者）"] == "連絡 公開"
    assert record["連絡先（メール）"] == "open@example.jp"
    assert record["連絡先（電話）"] == ""
    assert record["連絡先（住所）"] == ""
    assert "代表 非公開" not in row
    assert record["目的"].startswith("'=")  # a formula stays text in a spreadsheet
    assert record["URL"].endswith(reverse("groups:group_detail", args=[_pk("公開の会")]))


def _pk(name):
    from groups.models import Group

    return Group.objects.get(name=name).pk


def test_the_jsonld_names_dataset_licence_and_organisations(client, worker, settings):
    _groups()
    response = _built(client, worker, JSON_URL)
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(b"".join(response.streaming_content))
    assert document["@context"] == "https://schema.org"
    dataset, *organisations = document["@graph"]
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == settings.OPEN_DATA_LICENSE["url"]
    assert [o["name"] for o in organisations] == ["公開の会"]
    (group,) = organisations
    assert group["email"] == "open@example.jp"
    assert "telephone" not in group
    assert "address" not in group
    assert group["taxID"] == "1234567890123"


def test_a_withdrawn_consent_is_not_served_from_the_old_file(client, worker):
    _groups()
    assert "open@example.jp" in b"".join(_built(client, worker, CSV_URL).streaming_content).decode("utf-8-sig")
    from groups.models import Group

    group = Group.objects.get(name="公開の会")
    group.publish_contact_email = False
    group.save()
    with worker.after():
        stale = client.get(CSV_URL)
    assert stale.status_code == 503
    body = b"".join(client.get(CSV_URL).streaming_content).decode("utf-8-sig")
    assert "公開の会" in body
    assert "open@example.jp" not in body


def test_the_booklet_page_links_the_open_data_with_its_licence(client, settings):
    page = client.get(reverse("groups:group_booklet")).content.decode()
    assert CSV_URL in page
    assert JSON_URL in page
    assert settings.OPEN_DATA_LICENSE["url"] in page


def test_building_the_files_reads_the_register_in_the_same_queries_at_two_sizes():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from civic_portal.core import generated
    from civic_portal.core.models import GeneratedFile
    from groups import opendata

    counts = []
    for size in (2, 40):
        GroupFactory.create_batch(size)
        GeneratedFile.objects.all().delete()
        version = opendata.register_version()
        for spec in (opendata.csv_spec(version), opendata.json_spec(version)):
            with CaptureQueriesContext(connection) as queries:
                row = generated.build_now(spec)
            assert row is not None
            assert row.file_name
            counts.append(len(queries))
    assert counts[:2] == counts[2:]
