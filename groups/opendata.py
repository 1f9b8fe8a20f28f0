"""The register as open data (登録団体一覧): CSV and JSON-LD (schema.org Organization) of the public groups, with
only the contact fields each group consented to publish, and the licence of the data.

Both files are built by the worker (civic_portal.core.generated) from the register's version (the booklet's:
groups' count, sum of ids, latest change). A stale file is never handed out (503 while the next one is built), so
a withdrawn consent or a group that left the register is not published again.
"""

from __future__ import annotations

import json
from typing import BinaryIO

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civic_portal.core import exports
from civic_portal.core.generated import Built, Progress, Spec
from civic_portal.core.models import Area
from civic_portal.core.pdf.book import issuer_lines

from .models import ActivityField, Group

LAYOUT = "1"
CHUNK = 500
CSV_KEY, JSON_KEY = "groups:opendata:csv", "groups:opendata:jsonld"
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address")


def licence() -> dict[str, str]:
    """The licence of the portal's open data (settings.OPEN_DATA_LICENSE: name and url)."""
    return dict(settings.OPEN_DATA_LICENSE)


def register_version() -> str:
    """The public register's version for its open data, in one aggregate query."""
    figures = Group.objects.public().aggregate(n=Count("id"), s=Sum("id"), m=Max("updated_at"))
    stamp = figures["m"].isoformat() if figures["m"] else "-"
    return f"{LAYOUT}:{figures['n']}:{figures['s'] or 0}:{stamp}"


def csv_spec(version: str) -> Spec:
    return Spec(
        key=CSV_KEY,
        builder="groups.opendata.build_csv",
        title=_("登録団体一覧（CSV）"),
        filename="groups.csv",
        content_type=exports.CSV_TYPE,
        fingerprint=version,
    )


def json_spec(version: str) -> Spec:
    return Spec(
        key=JSON_KEY,
        builder="groups.opendata.build_json",
        title=_("登録団体一覧（JSON-LD）"),
        filename="groups.jsonld",
        content_type="application/ld+json; charset=utf-8",
        fingerprint=version,
    )


def organization(group: Group, absolute) -> dict:
    """schema.org Organization of a group with only public (consented) data; `absolute` makes a path a URL."""
    data: dict = {
        "@type": "NGO" if group.legal_form != "neighbourhood" else "Organization",
        "name": group.name,
        "alternateName": group.name_kana,
        "description": group.purpose,
        "url": absolute(reverse("groups:group_detail", args=[group.pk])),
        "identifier": group.registration_number,
    }
    if group.founded_year:
        data["foundingDate"] = str(group.founded_year)
    if group.website:
        data["sameAs"] = [group.website, *group.social_links]
    if group.corporate_number:
        data["taxID"] = group.corporate_number
    if group.logo:
        data["logo"] = absolute(group.logo.url)
    if group.member_count:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": group.member_count}
    if group.public_value("contact_email"):
        data["email"] = group.contact_email
    if group.public_value("contact_phone"):
        data["telephone"] = group.contact_phone
    if group.public_value("contact_address"):
        data["address"] = group.contact_address
    return data


def _site_url(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def _groups(progress: Progress):
    groups = Group.objects.public().order_by("kana_sort", "id")
    total = groups.count()
    progress(0, total)
    groups = groups.prefetch_related(
        Prefetch("activity_fields", queryset=ActivityField.objects.order_by("code")),
        Prefetch("areas", queryset=Area.objects.order_by("sort_order", "name_kana")),
    )
    for done, group in enumerate(groups.iterator(chunk_size=CHUNK), start=1):
        yield group
        progress(done, total)


def csv_headers() -> list[str]:
    return [
        _("登録番号"), _("団体名"), _("団体名（ふりがな）"), _("法人格"), _("法人番号"), _("設立年"), _("会員数"),
        _("活動分野"), _("活動地域"), _("目的"), _("活動内容"), _("ウェブサイト"),
        _("連絡先（担当者）"), _("連絡先（電話）"), _("連絡先（メール）"), _("連絡先（住所）"), _("URL"), _("更新日"),
    ]  # fmt: skip


def _csv_row(group: Group) -> list:
    return [
        group.registration_number,
        group.name,
        group.name_kana,
        group.get_legal_form_display(),
        group.corporate_number,
        group.founded_year or "",
        group.member_count or "",
        "、".join(field.name for field in group.activity_fields.all()),
        "、".join(area.name for area in group.areas.all()),
        group.purpose,
        group.activities,
        group.website,
        *(group.public_value(name) for name in CONTACT_FIELDS),
        _site_url(reverse("groups:group_detail", args=[group.pk])),
        timezone.localdate(group.updated_at).isoformat(),
    ]


def build_csv(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """The public register as CSV: Japanese headings, UTF-8 with a BOM, formula-neutralised cells."""
    version = register_version()  # read first: a change made during the build makes the next request build again
    with translation.override("ja"):
        exports.csv_write(out, csv_headers(), (_csv_row(group) for group in _groups(progress)))
    return Built(version)


def build_json(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """The public register as one JSON-LD document: the dataset (publisher, licence, date) and its organisations."""
    version = register_version()
    with translation.override("ja"):
        rights = licence()
        dataset = {
            "@type": "Dataset",
            "name": _("市民活動団体 登録団体一覧"),
            "publisher": {"@type": "Organization", "name": issuer_lines()[0], "url": settings.SITE_URL},
            "license": rights["url"],
            "dateModified": timezone.localdate().isoformat(),
            "inLanguage": "ja",
        }
        head = json.dumps({"@context": "https://schema.org", "@graph": [dataset]}, ensure_ascii=False, indent=2)
        out.write(head[: head.rindex("]")].rstrip().encode())
        for group in _groups(progress):
            out.write(b",\n    " + json.dumps(organization(group, _site_url), ensure_ascii=False).encode())
        out.write(b"\n  ]\n}\n")
    return Built(version)
