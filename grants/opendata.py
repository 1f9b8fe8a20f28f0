"""Awarded grants as open data: a 360Giving 1.4.3 package (JSON) and CSV, validated offline against the schema.

Both files are built by the worker (civic_portal.core.generated) and served from storage: queued when a round's
results are published (`results_changed`), and whenever a request finds that the awards changed since (their
count, ids, latest change of an award or of a recipient group, latest publication). Until the next file is
built the last one is served; the first one ever is built in the request that asks for it.
"""

import json
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db.models import Count, Max, Sum
from django.utils import timezone

from civic_portal.core import exports, generated
from civic_portal.core.generated import Built, Progress, Spec

from . import results_page
from .selectors.public import published_awards

SCHEMA_DIR = Path(__file__).parent / "schemas"
PREFIX = getattr(settings, "GRANTS_360G_PREFIX", "360G-civicportal")
FUNDER_ID = f"{PREFIX}-funder"
CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Fiscal Year",
]


def grant_id(application) -> str:
    return f"{PREFIX}-{application.round_id}-{application.pk}"


def recipient_id(group) -> str:
    """JP-JCN-<法人番号> for incorporated groups, else an id of our own."""
    if group.corporate_number:
        return f"JP-JCN-{group.corporate_number}"
    return f"{PREFIX}-group-{group.pk}"


def grant_record(application) -> dict:
    grant_round = application.round
    # The award is what was decided; the final amount after 額の確定 is money paid, a different fact.
    amount = application.awarded_amount
    return {
        "id": grant_id(application),
        "title": application.title,
        "description": application.purpose or application.title,
        "currency": "JPY",
        "amountAwarded": int(amount or 0),
        # A full date-time: a bare date matches both branches of the schema's oneOf when formats are not asserted.
        "awardDate": timezone.localtime(application.decided_at or grant_round.closes_at).isoformat(timespec="seconds"),
        "recipientOrganization": [{"id": recipient_id(application.group), "name": application.group.name}],
        "fundingOrganization": [{"id": FUNDER_ID, "name": grant_round.programme.funder_name}],
        "grantProgramme": [
            {"code": f"{PREFIX}-round-{grant_round.pk}", "title": f"{grant_round.programme.name} {grant_round.title}"}
        ],
    }


def _package_head() -> dict:
    return {
        "version": "1.4",
        "title": "市民活動助成の交付実績",
        "issued": timezone.localtime().isoformat(timespec="seconds"),
    }


def package_360giving() -> dict:
    """The 360Giving package of every award in a published round."""
    return {**_package_head(), "grants": [grant_record(a) for a in published_awards()]}


def validate_360giving(package: dict) -> list[str]:
    """Validate a package offline: the local grant schema is registered under the URL the package schema refers to."""
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    package_schema = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text())
    grant_schema = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text())
    # The schemas name their dialect with http:// rather than https://, so state it instead of sniffing it.
    resource = DRAFT202012.create_resource(grant_schema)
    ref_url = package_schema["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resources([(ref_url, resource), (grant_schema["$id"], resource)])
    validator = Draft202012Validator(
        package_schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    messages = []
    for error in validator.iter_errors(package):
        # A oneOf failure says little by itself; its context names the missing or wrong property.
        for detail in [error, *error.context]:
            if detail is error and error.context:
                continue
            messages.append(f"{'/'.join(map(str, detail.absolute_path))}: {detail.message}")
    return messages


def grants_csv_rows():
    """One row per award under CSV_COLUMNS (360Giving column titles)."""
    for application in published_awards():
        yield _csv_row(application)


def _csv_row(application) -> list:
    record = grant_record(application)
    return [
        record["id"],
        record["title"],
        record["description"],
        record["currency"],
        record["amountAwarded"],
        record["awardDate"],
        record["recipientOrganization"][0]["id"],
        record["recipientOrganization"][0]["name"],
        record["fundingOrganization"][0]["id"],
        record["fundingOrganization"][0]["name"],
        record["grantProgramme"][0]["title"],
        application.round.fiscal_year,
    ]


def grants_csv() -> str:
    """The same awards as CSV, written by civic_portal.core.exports: UTF-8 with a BOM and formula-neutralised cells.

    360Giving asks for UTF-8 and its own column titles (kept); its tools read a BOM, which spreadsheet programmes
    need for Japanese text.
    """
    return exports.csv_text(CSV_COLUMNS, grants_csv_rows())


# Stored files ------------------------------------------------------------------------------------------------

LAYOUT = "1"  # bump when a file's layout changes, so both are built again
JSON_KEY = "opendata:grants-360giving"
CSV_KEY = "opendata:grants-csv"
CHUNK = 500


def awards_version() -> str:
    """The version of the published awards, in one aggregate query."""
    figures = (
        published_awards()
        .order_by()
        .aggregate(
            n=Count("id"),
            s=Sum("id"),
            changed=Max("updated_at"),
            group=Max("group__updated_at"),
            published=Max("round__results_published_at"),
        )
    )
    stamps = [figures[name].isoformat() if figures[name] else "-" for name in ("changed", "group", "published")]
    return ":".join([LAYOUT, str(figures["n"]), str(figures["s"] or 0), *stamps])


def json_spec(version: str) -> Spec:
    return Spec(
        key=JSON_KEY,
        builder="grants.opendata.build_json",
        title="360Giving JSON",
        filename="360giving.json",
        content_type="application/json; charset=utf-8",
        fingerprint=version,
        serve_stale=True,
    )


def csv_spec(version: str) -> Spec:
    return Spec(
        key=CSV_KEY,
        builder="grants.opendata.build_csv",
        title="360Giving CSV",
        filename="grants.csv",
        content_type=exports.CSV_TYPE,
        fingerprint=version,
        serve_stale=True,
    )


def results_changed() -> None:
    """Queue both files, and the results page in each language, after commit (a round's results were published)."""
    version = awards_version()
    generated.request_build(json_spec(version))
    generated.request_build(csv_spec(version))
    results_page.request_builds()


def _awards(progress: Progress):
    awards = published_awards()
    total = awards.count()
    progress(0, total)
    for done, application in enumerate(awards.iterator(chunk_size=CHUNK), start=1):
        yield application
        progress(done, total)


def build_json(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """The 360Giving package, one grant at a time; empty (no file) until an award is published, for 360Giving
    requires at least one grant."""
    version = awards_version()  # read first: a change made during the build makes the next request build again
    if not published_awards().exists():
        return Built(version, empty=True)
    head = json.dumps(_package_head(), ensure_ascii=False, indent=2)
    out.write(head[: head.rindex("}")].rstrip().encode() + b',\n  "grants": [\n')
    for index, application in enumerate(_awards(progress)):
        separator = b",\n" if index else b""
        out.write(separator + b"    " + json.dumps(grant_record(application), ensure_ascii=False).encode())
    out.write(b"\n  ]\n}\n")
    return Built(version)


def build_csv(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """The awards as CSV (360Giving column titles, UTF-8 with a BOM, formula-neutralised cells)."""
    version = awards_version()
    exports.csv_write(out, CSV_COLUMNS, (_csv_row(application) for application in _awards(progress)))
    return Built(version)
