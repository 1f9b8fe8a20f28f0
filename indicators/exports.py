"""Tables as downloads: CSV (UTF-8 with BOM, so spreadsheet software reads Japanese) or XLSX (openpyxl)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Neutralise spreadsheet formulas in text cells (CSV/XLSX injection); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def table_response(rows: list[list], filename: str, fmt: str) -> HttpResponse:
    rows = [[_safe(value) for value in row] for row in rows]
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        csv.writer(response).writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
