"""Public pages: calls, other funders, results, open data."""

import json

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civic_portal.core import generated

from .. import opendata, results_page, selectors
from ..forms import (
    FunderFilterForm,
)


def programme_list(request):
    return render(request, "grants/programme_list.html", {"lists": selectors.round_lists()})


def round_detail(request, pk):
    grant_round = selectors.round_detail(pk)
    groups = list(selectors.groups_that_can_apply(request.user)) if request.user.is_authenticated else []
    return render(
        request, "grants/round_detail.html", {"round": grant_round, "phase": grant_round.phase(), "groups": groups}
    )


def document_download(request, pk, doc_pk):
    document = selectors.round_document(pk, doc_pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=(document.file.name or "").rsplit("/", 1)[-1]
    )


def required_document_template(request, pk, doc_pk):
    document = selectors.required_document_template(pk, doc_pk)
    return FileResponse(
        document.template.open("rb"), as_attachment=True, filename=(document.template.name or "").rsplit("/", 1)[-1]
    )


def funder_list(request):
    form = FunderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    funders = selectors.funder_list(
        kind=filters.get("kind", ""),
        field_id=filters["field"].pk if filters.get("field") else None,
        open_only=filters.get("open_only", False),
    )
    return render(request, "grants/funder_list.html", {"form": form, "funders": funders})


@login_required
def matching(request):
    return render(request, "grants/matching.html", {"matches": selectors.matching_for_manager(request.user)})


def results(request):
    return render(request, "grants/results.html", {"body": results_page.results_body(get_language())})


def opendata_json(request):
    row = generated.current_file(opendata.json_spec(opendata.awards_version()))
    if row is not None and not row.file_name:
        # 360Giving requires at least one grant: until results are published there is no valid file to offer.
        body = {"detail": _("公表された助成はまだありません。")}
        return HttpResponse(json.dumps(body, ensure_ascii=False), status=404, content_type="application/json")
    return _stored(request, row, opendata.json_spec, inline=True)


def opendata_csv(request):
    row = generated.current_file(opendata.csv_spec(opendata.awards_version()))
    return _stored(request, row, opendata.csv_spec, inline=False)


def _stored(request, row, make_spec, *, inline: bool):
    """The stored open-data file, or 503 with Retry-After while its first build runs elsewhere."""
    if row is not None:
        try:
            return generated.file_response(request, row, inline=inline)
        except FileNotFoundError:
            generated.lost_file(make_spec(opendata.awards_version()), row)
    return generated.retry_later()
