"""The tables of /facilities/fees/, rendered once per version of the rows they are built from.

The cache key holds a digest PostgreSQL computes over every row of the tables the schedule reads (facilities,
rooms, fee rates, equipment types, exemption rules), the language and a digest of the template: any change to the
data, whether from the admin, an import, a bulk update or plain SQL, and any new layout give a new key, so there is
nothing to invalidate and nothing to forget. A hit costs the digest and one cache read instead of five queries and
some 700 table rows to render. Entries of older versions are never read again and expire after CACHE_SECONDS,
which also bounds how long a changed translation waits to appear.
"""

from __future__ import annotations

import hashlib
from functools import cache as cache_once

from django.core.cache import cache
from django.db import connection
from django.template import Engine
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from psycopg import sql

from .models import EquipmentType, ExemptionRule, Facility, FeeRate, Space
from .selectors import fee_schedule

CACHE_SECONDS = 24 * 3600
TEMPLATE = "facilities/_fee_tables.html"
SOURCES = (Facility, Space, FeeRate, EquipmentType, ExemptionRule)


def schedule_digest() -> str:
    """md5 of the whole rows (every column, in id order) of the tables the fee schedule is built from."""
    table = sql.SQL("(SELECT string_agg(t::text, ',' ORDER BY t.id) FROM {} t)")
    parts = sql.SQL(", ").join(table.format(sql.Identifier(m._meta.db_table)) for m in SOURCES)
    with connection.cursor() as cursor:
        # Composed by psycopg (identifiers quoted), handed to Django's cursor as text.
        cursor.execute(sql.SQL("SELECT md5(concat_ws('|', {}))").format(parts).as_string(connection.connection))
        return cursor.fetchone()[0]


@cache_once
def _layout() -> str:
    """A digest of the tables' template source, so a deployed change of layout is never served the old tables."""
    source = Engine.get_default().get_template(TEMPLATE).source
    return hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()[:12]


def fee_tables() -> SafeString:
    """The exemption rules' and every facility's fee tables as HTML, from the cache when the rows are unchanged."""
    key = f"facilities:fees:{_layout()}:{translation.get_language()}:{schedule_digest()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(TEMPLATE, fee_schedule())
        cache.set(key, html, CACHE_SECONDS)
    return html  # a SafeString, rendered with autoescaping (the cache keeps its type)
