"""The uploaded file of an import: checked in the request (size, format, encoding, header row), read in the task.

The request only looks at the first row, so a file of any size is answered at once; the task reads it whole. Every
refusal is one Japanese sentence saying what to do.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
# Files people pick by mistake: PDF, images, old Excel (OLE), gzip, 7z, RAR.
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", MAX_BYTES)


@dataclass
class Upload:
    data: bytes
    sha256: str
    headers: list[str]


def is_binary(format_class) -> bool:
    return format_class().is_binary()


def check_upload(upload, format_class, known_columns: set[str]) -> Upload:
    """The uploaded file's bytes if it can be imported with this format; ValidationError (Japanese) otherwise."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("ファイルが大きすぎます（%(size)s）。%(limit)s 以下のファイルにしてください。")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    data = b"".join(upload.chunks())
    if not data.strip():
        raise ValidationError(_("ファイルが空です。"), code="empty")
    headers = xlsx_headers(data) if is_binary(format_class) else csv_headers(data)
    names = [str(h).strip().lstrip("\ufeff") for h in headers if h not in (None, "")]
    if not names:
        raise ValidationError(_("1行目に列名がありません。エクスポートしたファイルの1行目をそのまま使ってください。"))
    if known_columns and not set(names) & known_columns:
        raise ValidationError(
            _("この画面で取り込める列が1つもありません（1行目: %(found)s）。取り込める列: %(known)s")
            % {"found": "、".join(names[:8]), "known": "、".join(sorted(known_columns)[:12])},
            code="columns",
        )
    return Upload(data=data, sha256=hashlib.sha256(data).hexdigest(), headers=names)


def csv_text(data: bytes) -> str:
    """The CSV's text (UTF-8, with or without a BOM); ValidationError for another encoding or a non-text file."""
    if data.startswith(XLSX_MAGIC):
        raise ValidationError(_("XLSX（Excel）のファイルです。形式で「xlsx」を選んでください。"), code="format")
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise ValidationError(
            _("CSV でも XLSX でもないファイルです。CSV か XLSX のファイルを選んでください。"), code="format"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "文字コードが UTF-8 ではありません（Shift_JIS などで保存されたファイルのようです）。"
                "Excel では「CSV UTF-8（コンマ区切り）」で保存し直してください。"
            ),
            code="encoding",
        ) from None


def csv_headers(data: bytes) -> list[str]:
    text = csv_text(data)
    try:
        return next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        raise ValidationError(_("CSV として読めません。区切りや引用符を確かめてください。"), code="format") from None


def xlsx_headers(data: bytes) -> list:
    from openpyxl import load_workbook

    if not data.startswith(XLSX_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError(
            _("XLSX（Excel）のファイルではありません。CSV なら形式で「csv」を選んでください。"), code="format"
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return list(next(sheet.iter_rows(max_row=1, values_only=True), ()))
        finally:
            book.close()
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ValidationError(
            _("XLSX（Excel）のファイルとして読めません。保存し直してください。"), code="format"
        ) from None


def read_dataset(data: bytes, format_class):
    """The whole file as a tablib Dataset, read as the admin's format reads it; ValidationError if it cannot be."""
    input_format = format_class(encoding=None if is_binary(format_class) else "utf-8-sig")
    content = data if input_format.is_binary() else csv_text(data)
    try:
        return input_format.create_dataset(content)
    except ValidationError:
        raise
    except Exception as exc:  # tablib and openpyxl raise many kinds: ragged rows, a damaged sheet, ...
        raise ValidationError(
            _("ファイルを読めませんでした（%(error)s）。形式と中身を確かめてください。")
            % {"error": type(exc).__name__},
            code="format",
        ) from exc


def unchanged(job) -> bool:
    """Whether the stored file is still the one that was previewed (same SHA-256)."""
    if not job.file:
        return False
    try:
        with job.file.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except (FileNotFoundError, ValueError):
        return False
    return digest == job.file_sha256
