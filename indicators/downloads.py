"""The indicators' open-data downloads: one indicator's JSON, and every indicator at once as CSV or JSON."""

import json

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from civic_portal.core import exports

from . import opendata, permissions
from .selectors import breakdowns as breakdown_selectors
from .selectors import indicators as indicator_selectors
from .selectors import plans as plan_selectors

JSON_TYPE = "application/json; charset=utf-8"


def _json(document: dict) -> HttpResponse:
    return HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type=JSON_TYPE)


@require_safe
def indicator_json(request, code, indicator_code):
    plan = plan_selectors.plan_get(code=code)
    view = indicator_selectors.indicator_get(plan=plan, code=indicator_code, user=request.user)
    internal = permissions.can_view_internal(request.user)
    tables = breakdown_selectors.breakdown_tables(view.indicator, internal=internal)
    document = opendata.indicator_document(view, tables, breakdown_selectors.last_update(view.indicator))
    return _json(document)


@require_safe
def all_indicators_csv(request):
    indicators, observations, breakdowns = breakdown_selectors.all_series(
        internal=permissions.can_view_internal(request.user)
    )
    rows = opendata.bulk_rows(indicators, observations, breakdowns)
    return exports.csv_response("indicators.csv", opendata.bulk_headers(), rows)


@require_safe
def all_indicators_json(request):
    series = breakdown_selectors.all_series(internal=permissions.can_view_internal(request.user))
    return _json(opendata.bulk_document(*series))
