"""Which events a page of the audit trail shows, read from each event table through its time index.

pghistory's query of all event tables reads each table in `pgh_id` order inside its own subquery, so a page sorted
by time sorts every event of the period first (90,000 at city scale). Asked per table for its newest rows of the
period, each table answers from its `(pgh_created_at, pgh_id)` index and the page is the newest of those few.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import CharField, Model, Q, QuerySet, Value
from pghistory import core as pghistory_core
from pghistory.admin.core import LabelFilter, ObjFilter

ORDER = ("-pgh_created_at", "-event_model", "-pgh_id")


def page_keys(changelist, request, readable: dict[str, Q]) -> list[tuple[str, int]] | None:
    """The (event model label, pgh_id) of the changelist's page; None where the general query must answer."""
    params = request.GET
    if "method" in params or changelist.query:
        return None  # one object's history (small, read whole) or a search
    models = _event_models(params)
    if not models:
        return []
    stop = changelist.page_num * changelist.list_per_page
    start = stop - changelist.list_per_page
    tables = [_newest(model, changelist, request, readable.get(model._meta.label, Q())) for model in models]
    if len(tables) == 1:
        page = tables[0][start:stop]
    else:
        page = tables[0][:stop].union(*(table[:stop] for table in tables[1:]), all=True).order_by(*ORDER)[start:stop]
    return [(label, pk) for _at, label, pk in page]


def _event_models(params) -> list[type[Model]]:
    chosen = params.get("event_model")
    if "model" in params:
        try:
            tracked = apps.get_model(params["model"])
        except (LookupError, ValueError):
            return []
        models = pghistory_core.event_models(tracks_model=tracked, include_missing_pgh_obj=True)
    else:
        models = pghistory_core.event_models()
    if chosen:
        models = [model for model in models if model._meta.label_lower == chosen]
    return sorted(models, key=lambda model: model._meta.label)


def _newest(model, changelist, request, readable: Q) -> QuerySet:
    rows = model.objects.filter(readable)
    for spec in changelist.filter_specs:
        if isinstance(spec, ObjFilter):
            rows = spec.queryset(request, rows) if hasattr(model, "pgh_obj") else rows.none()
        elif isinstance(spec, LabelFilter) or getattr(spec, "field_name", "") == "pgh_created_at":
            rows = spec.queryset(request, rows)
    label = Value(model._meta.label, output_field=CharField())
    rows = rows.annotate(event_model=label).order_by("-pgh_created_at", "-pgh_id")
    return rows.values_list("pgh_created_at", "event_model", "pgh_id")
