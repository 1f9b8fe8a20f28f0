"""Rows written with PostgreSQL COPY: ids reserved from the table's sequence, every column filled as Django would.

Only what Django itself would leave to Python is filled in here (field defaults, auto_now); constraints, triggers
(the audit trail) and indexes all stay on, so the database checks every generated row as it checks any other.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone
from django.utils.functional import Promise


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys from the model's identity sequence (a block nobody else will be given)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return list(range(first, first + count))


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not isinstance(f, models.GeneratedField)]


def _column(field: models.Field) -> str:
    """The quoted column of a concrete field (only non-concrete fields, e.g. many-to-many, have none)."""
    if field.column is None:
        raise ValueError(f"{field} has no column to COPY into")
    return connection.ops.quote_name(field.column)


_CALL, _REQUIRED = object(), object()


def _default(field: models.Field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        # A callable default other than an empty container (a token, a uuid) is called for every row.
        if callable(field.default) and field.default not in (list, dict):
            return _CALL
        value = field.get_default()
        return str(value) if isinstance(value, Promise) else value  # a lazily translated default text
    if field.null:
        return None
    if field.empty_strings_allowed:
        return ""
    return _REQUIRED


def copy_rows(model: type[models.Model], rows: Iterable[dict]) -> int:
    """COPY dict rows (keys: field attnames, e.g. group_id) into the model's table; missing keys take defaults.

    Rows that carry an "id" (see reserve_ids) keep it; without one the table's sequence numbers them.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    pk = model._meta.pk
    fields = [f for f in _columns(model) if not (f is pk and pk.attname not in first)]
    now = timezone.now()
    by_name = {f.attname: f for f in fields}
    defaults = {f.attname: _default(f, now) for f in fields if f is not pk}
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    names = [f.attname for f in fields]
    columns = ", ".join(_column(f) for f in fields)
    count = 0
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
        for row in itertools.chain([first], rows):
            values = []
            for name in names:
                if name in row:
                    value = row[name]
                else:
                    value = defaults[name]
                    if value is _CALL:
                        value = by_name[name].get_default()
                    elif value is _REQUIRED:
                        raise ValueError(f"{model.__name__}.{name} needs a value")
                if name in json_fields:
                    value = json.dumps(value, ensure_ascii=False)
                values.append(value)
            copy.write_row(values)
            count += 1
    return count


def copy_links(through: type[models.Model], rows: Iterable[tuple[int, int]], left: str, right: str) -> int:
    """COPY many-to-many pairs into an auto-created through table (its id comes from the table's sequence)."""
    table = connection.ops.quote_name(through._meta.db_table)
    cols = f"{connection.ops.quote_name(left)}, {connection.ops.quote_name(right)}"
    count = 0
    with connection.cursor() as wrapper, wrapper.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for pair in rows:
            copy.write_row(pair)
            count += 1
    return count


def copy_tuples(model: type[models.Model], names: list[str], rows: Iterable[tuple]) -> int:
    """COPY tuples holding exactly the given attnames (no defaults filled), for the tables with most rows."""
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    columns = ", ".join(_column(by_name[name]) for name in names)
    count = 0
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
