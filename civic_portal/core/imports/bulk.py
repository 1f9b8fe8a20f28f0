"""Resource helpers that write an import's new rows in batches and read lookup tables once per import.

- `CachedManyToManyWidget`: a ManyToManyWidget that reads its (small) table once per import instead of once a row.
- `BulkCreates`: import-export's `use_bulk` for new rows (written in batches of `batch_size` with COPY), with their
  many-to-many cells written the same way after each batch (import-export's bulk mode leaves them out) and shown in
  the preview's diff. Updated rows are still saved one at a time, through the resource's own save (a service, say).
- `PrefetchedInstanceLoader`: the rows a file updates, read in one query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.expressions import DatabaseDefault
from django.utils.encoding import smart_str
from import_export import widgets
from import_export.instance_loaders import ModelInstanceLoader
from import_export.resources import Diff

if TYPE_CHECKING:
    from import_export.resources import ModelResource as _ResourceBase
else:
    _ResourceBase = object


class CachedManyToManyWidget(widgets.ManyToManyWidget):
    """Same values as ManyToManyWidget (unknown ones dropped, a wrong type an error), from one query per import."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._by_value: dict | None = None

    def __deepcopy__(self, memo):
        # Each resource instance (one import) gets its own, empty cache.
        copy = type(self).__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy._by_value = None
        return copy

    def clean(self, value, row=None, **kwargs):
        if not value:
            return []
        raw: list[int | str]
        if isinstance(value, (float, int)):
            raw = [int(value)]
        else:
            raw = [part.strip() for part in str(value).split(self.separator) if part.strip()]
        field = self.model._meta.get_field(self.field) if self.field != "pk" else self.model._meta.pk
        table = self._table(field)
        found, seen = [], set()
        for item in raw:
            key = field.get_prep_value(item)  # the error the filter would raise for a wrong type
            for obj in table.get(key, ()):
                if obj.pk not in seen:
                    seen.add(obj.pk)
                    found.append(obj)
        return found

    def _table(self, field) -> dict:
        if self._by_value is None:
            table: dict = {}
            for obj in self.model._default_manager.all():
                table.setdefault(getattr(obj, field.attname), []).append(obj)
            self._by_value = table
        return self._by_value

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, list):
            return self.separator.join(smart_str(getattr(item, self.field)) for item in value)
        return super().render(value, obj=obj, **kwargs)


class PendingDiff(Diff):
    """The preview's diff of a row waiting for its batch: many-to-many cells from the values it will get."""

    def __init__(self, resource, instance, new):  # Diff's own reads every cell through Diff, not the subclass
        self.left = self._values(resource, instance)
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = self._values(resource, instance)

    @staticmethod
    def _values(resource, instance):
        pending = resource._pending_m2m_values(instance)
        return [
            field.widget.render(pending[field.attribute])
            if field.attribute in pending and isinstance(field.widget, widgets.ManyToManyWidget)
            else field.export(instance)
            for field in resource.get_import_fields()
        ]


class BulkCreates(_ResourceBase):
    """Resource mixin: new rows INSERTed in batches with their many-to-many cells; updates saved row by row.

    Put it before the resource's base (ModelResource) and set `use_bulk = True` in Meta. A row's database errors
    then show as errors of the whole file (its batch), not of the row: validate rows fully before they are saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pending: dict[int, tuple] = {}  # id(instance) -> (instance, {attribute: [related objects]})

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create or not self._meta.use_bulk:
            return super().save_instance(instance, is_create, row, **kwargs)
        # An update is written at once, as without bulk (bulk_update would need every field to be a model field).
        self.before_save_instance(instance, row, **kwargs)
        self.do_instance_save(instance, is_create)
        self.after_save_instance(instance, row, **kwargs)
        return None

    def save_m2m(self, instance, row, **kwargs):
        if not self._meta.use_bulk:
            return super().save_m2m(instance, row, **kwargs)
        values = {
            field.attribute: list(field.clean(row))
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row and not field.readonly
        }
        if instance.pk is None:
            self._pending[id(instance)] = (instance, values)
        else:
            for field in self.get_import_fields():
                if field.attribute in values:
                    self.import_field(field, instance, row, is_m2m=True)
        return None

    def _pending_m2m_values(self, instance) -> dict:
        return self._pending.get(id(instance), (None, {}))[1]

    def get_diff_class(self):
        return PendingDiff if self._meta.use_bulk else super().get_diff_class()

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.create_instances or not (using_transactions or not dry_run):
            self.create_instances.clear()
            return
        model = self._meta.model
        batch = [self._pending.pop(id(obj)) for obj in self.create_instances if id(obj) in self._pending]
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                copy_insert(model, self.create_instances, using=self.get_db_connection_name())
                links: dict = {}
                for instance, values in batch:
                    for attribute, related in values.items():
                        field = model._meta.get_field(attribute)
                        through = field.remote_field.through
                        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                        links.setdefault(through, []).extend(
                            through(**{f"{source}_id": instance.pk, f"{target}_id": obj.pk}) for obj in related
                        )
                for through, rows in links.items():
                    copy_insert(through, rows, using=self.get_db_connection_name())
        except Exception as exc:  # reported like import-export's own bulk errors: on the file, rolled back
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()


def copy_insert(model, objs: list, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """QuerySet.bulk_create(objs) through PostgreSQL's COPY: ids are drawn from the table's sequence first and set
    on the objects, as bulk_create sets them.

    bulk_create writes one INSERT with a placeholder a cell, which Django compiles and the driver fills in Python:
    for 5,000 rows of 50 columns that was most of an import's time. COPY sends the rows as data. Row triggers (the
    audit trail) fire as for INSERT; generated columns are left to the database. A model this does not cover (one
    with parents, a database default to apply) goes through bulk_create.
    """
    if not objs:
        return
    opts = model._meta
    connection = connections[using]
    pk = opts.pk
    fields = [f for f in opts.local_concrete_fields if not f.generated and f is not pk]
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    rows = [[f.pre_save(obj, True) for f in fields] for obj in objs]
    if opts.parents or any(isinstance(v, DatabaseDefault) or hasattr(v, "resolve_expression") for r in rows for v in r):
        model._default_manager.using(using).bulk_create(objs)
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        missing = [obj for obj in objs if obj.pk is None]
        cursor.execute(  # also what sets the audit context of this transaction, if it was not yet
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, pk.column, len(missing)],
        )
        for obj, (next_id,) in zip(missing, cursor.fetchall(), strict=True):
            obj.pk = next_id
        columns = ", ".join(qn(c) for c in [pk.column, *(f.column for f in fields)])
        with cursor.cursor.copy(f"COPY {qn(opts.db_table)} ({columns}) FROM STDIN") as copy:
            for obj, values in zip(objs, rows, strict=True):
                copy.write_row(
                    [pk.get_db_prep_save(obj.pk, connection)]
                    + [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


class PrefetchedInstanceLoader(ModelInstanceLoader):
    """import-export's CachedInstanceLoader (the file's rows read in one query), except that an id it cannot read
    is left for its row to report, as ModelInstanceLoader does, instead of failing the whole file."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        names = resource.get_import_id_fields()
        self.field = resource.fields[names[0]] if len(names) == 1 else None
        self.instances: dict | None = None
        if self.field is None or dataset is None or self.field.column_name not in (dataset.headers or []):
            return
        keys = set()
        for value in dataset[self.field.column_name]:
            try:
                keys.add(self.field.clean({self.field.column_name: value}))
            except (ValueError, TypeError, ValidationError):
                continue
        keys.discard(None)
        rows = self.get_queryset().filter(**{f"{self.field.attribute}__in": keys})
        self.instances = {self.field.get_value(instance): instance for instance in rows}

    def get_instance(self, row):
        if self.instances is None or self.field is None:
            return super().get_instance(row)
        return self.instances.get(self.field.clean(row))
