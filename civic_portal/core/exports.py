"""Every spreadsheet the portal hands out, public or admin, is written here: CSV and XLSX.

Formula injection (CSV/XLSX injection, OWASP): a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return (or their full-width forms, which Japanese Excel also reads as a formula) is made inert by
``neutralise``: a single quote ``'`` is put in front, as OWASP recommends. Numbers stay numbers: an int, float or
Decimal is never text, and neither is a string that is just a decimal number ("-5", "-1.25"), which a spreadsheet
reads as that number and never as a formula. Every writer below neutralises every cell, headings included.

Writers, and the byte order mark (BOM) decision for each:

* ``csv_response`` / ``csv_text`` / ``csv_write`` (a stored file): UTF-8 with a BOM by default, so that Excel on a
  Japanese PC (which otherwise reads a CSV as Shift_JIS) opens it; RFC 4180 rows (CRLF). ``bom=False`` exists for
  a format that forbids it.
  - facilities ``opendata_csv`` (自治体標準オープンデータセット「公共施設一覧」): BOM. The standard fixes the
    columns and their order (kept as they are) and asks for UTF-8; it does not forbid a BOM, and the people who
    open this file are mostly Excel users.
  - grants ``opendata_csv`` (360Giving column titles): BOM. 360Giving asks for UTF-8; its tools (CoVE,
    flatten-tool) read a UTF-8 BOM, and it has been written with one since the start. The column titles are the
    standard's and stay as they are.
  - indicators CSV of an indicator and of a report: BOM (as before); Japanese headings for people.
* ``xlsx_response``: openpyxl; every string cell is neutralised, so none is ever a formula (``data_type`` "f").
  - indicators XLSX of a report.
* django-import-export (every admin export and import): ``CSV`` and ``XLSX`` below, named in settings as
  ``IMPORT_EXPORT_FORMATS``/``EXPORT_FORMATS``/``IMPORT_FORMATS``. Admin CSV has a BOM (staff open it in Excel; the
  admin import reads ``utf-8-sig``). django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only
  strips a leading ``=`` (``@SUM(1+1)``, ``+1+1`` go out unchanged) and turns every cell, numbers too, into text;
  these formats neutralise the same way as the public files instead, keep numbers, and undo exactly that quote on
  import, so an export re-imports unchanged. The setting stays on for any built-in format used elsewhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import BinaryIO
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
# OWASP's list, and the full-width forms a Japanese IME types (Excel converts those and evaluates the formula).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def neutralise(value):
    """Make a text cell inert if a spreadsheet would read it as a formula; anything else is returned unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def unneutralise(value):
    """Undo ``neutralise`` (and only what it adds), for a file the portal wrote and someone brings back."""
    if isinstance(value, str) and value.startswith("'") and neutralise(value[1:]) == value:
        return value[1:]
    return value


def safe_row(row: Iterable) -> list:
    return [neutralise(value) for value in row]


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the real (Japanese) name as RFC 5987 ``filename*``."""
    fallback = "".join(c for c in filename if c.isascii() and c.isprintable() and c not in '"\\;%')
    stem = fallback.rsplit(".", 1)[0].strip("._- ")
    if not stem:
        extension = filename.rsplit(".", 1)[-1] if "." in filename else ""
        fallback = f"download.{extension}" if extension.isascii() and extension.isalnum() else "download"
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def _csv_lines(headers: Sequence | None, rows: Iterable[Iterable], *, bom: bool):
    writer = csv.writer(_Echo())
    if bom:
        yield BOM
    if headers is not None:
        yield writer.writerow(safe_row(headers))
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_text(headers: Sequence | None, rows: Iterable[Iterable], *, bom: bool = True) -> str:
    """The CSV as text (neutralised, CRLF rows, a BOM unless ``bom=False``)."""
    return "".join(_csv_lines(headers, rows, bom=bom))


def csv_write(out: BinaryIO, headers: Sequence | None, rows: Iterable[Iterable], *, bom: bool = True) -> None:
    """Write the CSV, UTF-8 encoded, into a binary file as rows come (a stored open-data file)."""
    for line in _csv_lines(headers, rows, bom=bom):
        out.write(line.encode("utf-8"))


def csv_response(
    filename: str,
    headers: Sequence | None,
    rows: Iterable[Iterable],
    *,
    bom: bool = True,
    streaming: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A CSV download; ``streaming=True`` writes rows as they are produced (for large querysets)."""
    response: HttpResponse | StreamingHttpResponse
    if streaming:
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in _csv_lines(headers, rows, bom=bom)), content_type=CSV_TYPE
        )
    else:
        response = HttpResponse(csv_text(headers, rows, bom=bom).encode("utf-8"), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def _xlsx_cell(value):
    value = neutralise(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: local time, as shown
    if value is None or isinstance(value, (bool, int, float, Decimal, dt.date, dt.time)):
        return value
    return neutralise(str(value))


def sheet_title(title: str) -> str:
    """A valid worksheet name: at most 31 characters, none of []:*?/\\."""
    return _SHEET_TITLE_BAD.sub("_", title).strip("'")[:31] or "Sheet1"


def xlsx_bytes(headers: Sequence | None, rows: Iterable[Iterable], *, sheet_title_: str = "Sheet1") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(sheet_title_)
    if headers is not None:
        sheet.append([_xlsx_cell(value) for value in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, headers: Sequence | None, rows: Iterable[Iterable], *, sheet_title: str = "Sheet1"
) -> HttpResponse:
    """An XLSX download of one sheet; headings (if any) bold and frozen; no cell is a formula."""
    response = HttpResponse(xlsx_bytes(headers, rows, sheet_title_=sheet_title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


# django-import-export ------------------------------------------------------------------------------------------


def _neutralise_dataset(dataset) -> None:
    if dataset.headers:
        dataset.headers = safe_row(dataset.headers)
    rows = [safe_row(row) for row in dataset]
    del dataset[:]  # keeps the headers
    dataset.extend(rows)


def _unneutralise_dataset(dataset):
    if dataset.headers:
        dataset.headers = [unneutralise(value) for value in dataset.headers]
    rows = [[unneutralise(value) for value in row] for row in dataset]
    del dataset[:]
    dataset.extend(rows)
    return dataset


class CSV(base_formats.CSV):
    """Admin CSV: neutralised like the portal's own CSV, UTF-8 with a BOM."""

    CONTENT_TYPE = CSV_TYPE

    def _escape_formulae(self, dataset):  # what IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT calls
        _neutralise_dataset(dataset)

    def export_data(self, dataset, **kwargs):
        _neutralise_dataset(dataset)  # whatever the setting says
        return BOM + super().export_data(dataset, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.removeprefix(BOM)
        return _unneutralise_dataset(super().create_dataset(in_stream, **kwargs))


class XLSX(base_formats.XLSX):
    """Admin XLSX: every string cell neutralised (never a formula), numbers and dates kept as such."""

    def _escape_formulae(self, dataset):
        _neutralise_dataset(dataset)

    def export_data(self, dataset, **kwargs):
        _neutralise_dataset(dataset)
        return super().export_data(dataset, **kwargs)

    def create_dataset(self, in_stream):
        return _unneutralise_dataset(super().create_dataset(in_stream))


# The admin keeps native cell types (numbers, dates) only for the formats in this list, compared by exact type.
if XLSX not in base_formats.BINARY_FORMATS:
    base_formats.BINARY_FORMATS.append(XLSX)

ADMIN_FORMATS = [CSV, XLSX]
