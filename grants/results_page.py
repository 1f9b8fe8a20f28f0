"""The published results page (/grants/results/): its body rendered once per version of what it shows, one file
per language, and served from storage (civic_portal.core.generated), as the open-data files are.

Built by the worker when a round's results are published (opendata.results_changed), else by the first request
that finds the stored body older than the data (a changed award, recipient group, round, programme or committee
member); a request that finds another process building it renders the body itself. The version is read in one
query, so a served page costs two (the version, the stored file's row) whatever the number of awards.
"""

import hashlib
from typing import BinaryIO

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Aggregate, CharField, Count, F, Max, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from civic_portal.core import generated
from civic_portal.core.generated import Built, Progress, Spec

from .models import AWARD_STATUSES, Application, Reviewer, Round
from .selectors.public import published_results

LAYOUT = "1"  # bump when templates/grants/_results.html (or a string in it) changes, so every body is built again
KEY = "page:grants-results"
TEMPLATE = "grants/_results.html"


def _figure(awards: QuerySet, aggregate: Aggregate) -> Subquery:
    return Subquery(awards.annotate(figure=aggregate).values("figure"))


def results_version() -> str:
    """A fingerprint of everything the page shows (one query): each published round's text and programme, the
    count, ids, order (ranks are written in bulk) and latest change of its awards and of their groups, and its
    committee as shown."""
    awards = Application.objects.filter(round=OuterRef("pk"), status__in=AWARD_STATUSES).order_by().values("round")
    member = Concat(
        Cast("id", CharField()), Value(":"), "role", Value(":"), Cast("publish_name", CharField()), Value(":"),
        "user__full_name", output_field=CharField(),
    )  # fmt: skip
    committee = Reviewer.objects.filter(round=OuterRef("pk")).order_by("id").values_list(member)
    rounds = (
        Round.objects.filter(results_published=True)
        .order_by("id")
        .values_list(
            "id", "title", "fiscal_year", "allocation_rule", "results_published_at", "programme__name",
            _figure(awards, Count("id")), _figure(awards, Sum("id")), _figure(awards, Sum(F("id") * F("rank"))),
            _figure(awards, Max("updated_at")), _figure(awards, Max("group__updated_at")), ArraySubquery(committee),
        )
    )  # fmt: skip
    digest = hashlib.sha256(repr(list(rounds)).encode()).hexdigest()
    return f"{LAYOUT}:{digest}"


def results_spec(language: str, version: str) -> Spec:
    return Spec(
        key=f"{KEY}:{language}",
        builder="grants.results_page.build",
        title=f"助成の採択結果（{language}）",
        filename=f"results-{language}.html",
        content_type="text/html; charset=utf-8",
        params={"language": language},
        fingerprint=version,
    )


def render_body(language: str) -> str:
    """The page's body (every published round) in a language, as the template renders it now."""
    with translation.override(language):
        return render_to_string(TEMPLATE, {"rounds": published_results()})


def build(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """The body in the language `params` names (a generated-file builder)."""
    version = results_version()  # read first: a change made during the build makes the next request build again
    out.write(render_body(params["language"]).encode())
    progress(1, 1)
    return Built(version)


def request_builds() -> None:
    """Queue the body in every language after commit (results were published)."""
    version = results_version()
    for language, _name in settings.LANGUAGES:
        generated.request_build(results_spec(language, version))


def results_body(language: str) -> SafeString:
    """The stored body for the current data; built here when it is missing or older, rendered here (not stored)
    while another process builds it or when its build failed."""
    spec = results_spec(language, results_version())
    row = generated.files_for([spec.key]).get(spec.key)
    if not generated.servable(spec, row):
        row = generated.build_now(spec)
    if row is not None and generated.servable(spec, row):
        try:
            with generated.storage_for(spec.private).open(row.file_name, "rb") as handle:
                body = handle.read().decode()
        except FileNotFoundError:
            generated.lost_file(spec, row)
        else:
            return mark_safe(body)  # noqa: S308 - rendered by render_body, the template engine escaped its values
    return mark_safe(render_body(language))  # noqa: S308 - the same, rendered now
