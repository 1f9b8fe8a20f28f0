"""The admin's resource as the import task runs it: the same class with a thin layer in front that reports progress,
keeps the cells of the rows in error (for the error report) and takes import-export's diff only for the rows the
preview shows (the diff is for display; taking it for 5,000 rows would cost more than the import itself)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from import_export.resources import Diff
from import_export.results import RowResult

from . import summary

if TYPE_CHECKING:
    from import_export.resources import ModelResource as _ResourceBase
else:
    _ResourceBase = object

_UNSET = object()


class LazyDiff(Diff):
    """import-export's diff, taken only when the task asks for it (right after the row, for the rows it keeps)."""

    def __init__(self, resource, instance, new):
        self.resource, self.original, self.new, self.instance = resource, instance, new, _UNSET

    def compare_with(self, resource, instance):
        self.instance = instance

    def as_html(self):
        return self

    def taken(self) -> list:
        diff = self.resource.base_diff_class()(self.resource, self.original, self.new)
        if self.instance is not _UNSET:
            diff.compare_with(self.resource, self.instance)
        return diff.as_html()


class TaskImport(_ResourceBase):
    progress = None  # called with the number of rows done

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_rows: dict[int, list] = {}
        self._shown = 0
        self._preview_rows = summary.preview_limit()

    def import_row(self, row, instance_loader, **kwargs):
        number = kwargs.get("row_number", 0)
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = number
        if isinstance(row_result.diff, LazyDiff):
            reported = row_result.import_type != RowResult.IMPORT_TYPE_SKIP or self._meta.report_skipped
            keep = row_result.is_valid() and reported and self._shown < self._preview_rows
            row_result.diff = row_result.diff.taken() if keep else None
            self._shown += keep
        if (row_result.errors or row_result.validation_error) and len(self.raw_rows) < summary.error_limit():
            self.raw_rows[number] = list(row.values())
        if self.progress is not None:
            self.progress(number)
        return row_result

    def get_import_fields(self):
        # The same for every row of one import; import-export works it out again four times a row.
        fields = self.__dict__.get("_import_fields")
        if fields is None:
            fields = self._import_fields = super().get_import_fields()
        return fields

    def base_diff_class(self):
        return super().get_diff_class()

    def get_diff_class(self):
        return LazyDiff


@cache
def task_resource(resource_class):
    """resource_class with TaskImport in front (made once per class; same module, so the same logger)."""
    return type(
        resource_class.__name__,
        (TaskImport, resource_class),
        {"__module__": resource_class.__module__, "__qualname__": resource_class.__qualname__},
    )
