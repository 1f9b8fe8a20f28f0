"""Public pages: the directory, a group's page and the printed booklet."""

import json
from collections.abc import Iterable
from typing import cast

from django.forms import BoundField, ChoiceField
from django.http import QueryDict
from django.shortcuts import render
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from civic_portal.core import generated

from .. import booklet, opendata
from ..forms import DirectoryForm
from ..permissions import can_see_private_fields
from ..selectors.register import directory_page, group_public_detail
from ..selectors.volunteers import needs_open_for_group
from ..widgets import listed_choices
from .cards import directory_cards

# What a not-yet-built booklet tells clients: a booklet of the whole city takes about a minute to build.
RETRY_AFTER_SECONDS = 60


def group_list(request):
    form = DirectoryForm(request.GET or None)
    cursor = {name: _positive_int(request.GET.get(name)) for name in ("after", "before", "page")}
    page = directory_page(form.filters(), after=cursor["after"], before=cursor["before"], number=cursor["page"] or 1)
    query = request.GET.copy()
    for name in cursor:
        query.pop(name, None)
    links = {}
    if page.has_next:
        links["next"] = _page_url(request.path, query, after=page.after, page=page.number + 1)
    if page.has_previous:
        back = {"before": page.before, "page": page.number - 1} if page.number > 2 else {}
        links["previous"] = _page_url(request.path, query, **back)
    context = {"form": form, "controls": _controls(form), "page": page, "cards": directory_cards(page), "links": links}
    return render(request, "groups/group_list.html", context)


def _controls(form: DirectoryForm) -> list[tuple[BoundField, SafeString | None]]:
    """The filter form's fields, each select with its <option> elements (chosen as Django chooses) made in one pass.

    Django's widget templates render every option through the template engine, and even its option dictionaries
    (`subwidgets`) cost more than the rest of the page: the options are made here from the field's choices.
    """
    controls: list[tuple[BoundField, SafeString | None]] = []
    for field in form:
        if not isinstance(field.field, ChoiceField):
            controls.append((field, None))
            continue
        options = _options(field, field.field)
        controls.append((field, format_html_join("", '<option value="{}"{}>{}</option>', options)))
    return controls


def _options(field: BoundField, choice_field: ChoiceField) -> list[tuple[str, str, str]]:
    """(value, " selected" or "", label) for each choice; as Select.optgroups, only the first match is selected."""
    chosen = choice_field.widget.format_value(field.value())
    selected = mark_safe(" selected")
    options: list[tuple[str, str, str]] = []
    found = False
    # A choice field's choices, once bound to the field, iterate as (value, label) pairs (the form has no groups).
    for value, label in cast("Iterable[tuple[object, object]]", listed_choices(choice_field.choices)):
        text = "" if value is None else str(value)
        mark = not found and text in chosen
        found |= mark
        options.append((text, selected if mark else "", str(label)))
    return options


def _positive_int(value: str | None) -> int | None:
    """A cursor or page number from the query string; anything else (text, 0, out of range) is ignored."""
    if value and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value) or None
    return None


def _page_url(path: str, query: QueryDict, **cursor: int | None) -> str:
    """The directory with the same search and filters, at the page the cursor names (the first without one)."""
    query = query.copy()
    for name, value in cursor.items():
        query[name] = str(value)
    return f"{path}?{query.urlencode()}" if query else path


def group_detail(request, pk):
    group = group_public_detail(pk)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "jsonld": _jsonld(request, group),
            "show_private": can_see_private_fields(request.user),
            "needs": needs_open_for_group(group),
        },
    )


def group_booklet_view(request):
    booklets = booklet.booklet_files()
    return render(
        request,
        "groups/group_booklet.html",
        {
            "booklets": booklets,
            "building": any(entry.spec and not entry.ready for entry in booklets),
            "show_errors": request.user.has_perm("core.view_generatedfile"),
            "licence": opendata.licence(),
        },
    )


def group_booklet_pdf(request, field_pk=None):
    entry = booklet.booklet_file(field_pk)
    if entry.spec and entry.row and entry.ready:
        try:
            return generated.file_response(request, entry.row, inline=True)
        except FileNotFoundError:
            entry.row = generated.lost_file(entry.spec, entry.row)
    response = render(request, "groups/group_booklet_pending.html", {"entry": entry}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _jsonld(request, group) -> str:
    """schema.org Organization markup with only public (consented) data, escaped for a <script> element."""
    data = {"@context": "https://schema.org", **opendata.organization(group, request.build_absolute_uri)}
    text = json.dumps(data, ensure_ascii=False)
    # Same escaping as Django's json_script: the JSON cannot close the <script> element.
    return mark_safe(text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026"))  # noqa: S308
