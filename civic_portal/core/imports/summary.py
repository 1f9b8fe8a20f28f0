"""What an import's result leaves on its job: the counts (always whole), the first rows of the preview and of the
errors (bounded, for the pages and the error report), and the error report itself (CSV, formula-neutralised)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export.results import RowResult

from .. import exports

PREVIEW_ROWS = 200
ERROR_ROWS = 200


def preview_limit() -> int:
    return getattr(settings, "IMPORT_PREVIEW_ROWS", PREVIEW_ROWS)


def error_limit() -> int:
    return getattr(settings, "IMPORT_ERROR_ROWS", ERROR_ROWS)


def message_of(error) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(m) for m in error.messages]
    return [str(error) or type(error).__name__]


def counts(result) -> dict[str, int]:
    totals = result.totals
    return {
        "new": totals[RowResult.IMPORT_TYPE_NEW],
        "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
        "deleted": totals[RowResult.IMPORT_TYPE_DELETE],
        "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
        "error_count": totals[RowResult.IMPORT_TYPE_ERROR]
        + totals[RowResult.IMPORT_TYPE_INVALID]
        + len(result.base_errors),
    }


def error_rows(result, headers: list[str], raw: dict[int, list]) -> list[dict]:
    """The file's errors, first the ones of the whole file, then by row: [{"row", "errors": [[column, message]],
    "values"}], at most error_limit() rows. `raw` holds the cells of the rows in error, as the file had them."""
    limit = error_limit()
    rows = [{"row": None, "errors": [["", m] for m in message_of(e.error)], "values": []} for e in result.base_errors]
    by_number: dict[int, dict] = {}
    for error_row in result.error_rows:
        entry = by_number.setdefault(error_row.number, {"row": error_row.number, "errors": [], "values": []})
        for error in error_row.errors:
            entry["errors"].extend(["", m] for m in message_of(error.error))
            if not entry["values"]:
                entry["values"] = [_cell(v) for v in raw.get(error_row.number, ())]
    for invalid in result.invalid_rows:
        entry = by_number.setdefault(invalid.number, {"row": invalid.number, "errors": [], "values": []})
        for column, messages in invalid.error_dict.items():
            name = "" if column == NON_FIELD_ERRORS else column
            entry["errors"].extend([name, str(m)] for m in messages)
        entry["values"] = [_cell(v) for v in raw.get(invalid.number, ())]
    rows.extend(by_number[number] for number in sorted(by_number))
    return rows[:limit]


def preview(result, headers: list[str], warnings: list[str]) -> dict:
    """The rows the preview shows (import-export's diff cells, or the row's name where the resource has no diff)."""
    rows = []
    for row in result.valid_rows()[: preview_limit()]:
        rows.append(
            {
                "row": getattr(row, "number", None),
                "type": row.import_type,
                "repr": row.object_repr or "",
                "diff": [str(cell) for cell in row.diff] if row.diff else [],
            }
        )
    return {"headers": [str(h) for h in result.diff_headers], "rows": rows, "warnings": warnings, "columns": headers}


def _cell(value):
    if value is None:
        return ""
    return value if isinstance(value, (int, float)) else str(value)


def error_report(job):
    """The error report download: one line a message, with the row's cells as the file had them."""
    columns = job.preview.get("columns", [])
    header = [_("行"), _("列"), _("エラー"), *columns]
    lines = []
    for entry in job.errors:
        for column, message in entry["errors"] or [["", ""]]:
            row = entry["row"] if entry["row"] is not None else _("ファイル全体")
            lines.append([row, column, message, *entry["values"]])
    name = f"{job.file_name.rsplit('.', 1)[0]}_errors.csv"
    return exports.csv_response(name, header, lines)
