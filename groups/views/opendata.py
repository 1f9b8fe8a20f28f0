"""The register's open-data files (CSV, JSON-LD), served from storage once built for the register as it is now."""

from django.views.decorators.http import require_safe

from civic_portal.core import generated

from .. import opendata


@require_safe
def opendata_csv(request):
    return _current(request, opendata.csv_spec(opendata.register_version()), inline=False)


@require_safe
def opendata_jsonld(request):
    return _current(request, opendata.json_spec(opendata.register_version()), inline=True)


def _current(request, spec, *, inline: bool):
    """The file built from the current register, or 503 with Retry-After while it is (re)built."""
    row = generated.ensure([spec]).get(spec.key)
    if row is not None and generated.servable(spec, row):
        try:
            return generated.file_response(request, row, inline=inline)
        except FileNotFoundError:
            generated.lost_file(spec, row)
    return generated.retry_later()
