"""The shared import machinery: a django-import-export resource driven by named columns, plus a file runner.

A row is parsed by a pure function into a small dataclass (raising ValidationError keyed by column), then applied
by an upsert keyed on (plan code, item code). import-export runs every row inside one transaction and rolls the
whole file back when any row is invalid, so a bad file changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from import_export.formats.base_formats import CSV, XLSX

from civic_portal.core.resources import LoggedImport

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

TRUE_WORDS = {"true", "1", "yes", "y", "t", "○", "はい"}
FALSE_WORDS = {"false", "0", "no", "n", "f", "", "いいえ"}
FY_COLUMN = re.compile(r"^fy(\d{4})$")


def cell(row: dict, column: str) -> str:
    """A cell as stripped text; numbers from spreadsheets lose a trailing .0."""
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_bool(value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("true か false を入力してください（%(value)s）。") % {"value": value})


def parse_decimal(value: str) -> Decimal | None:
    if value == "":
        return None
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(_("数値ではありません（%(value)s）。") % {"value": value}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e11"):
        raise ValidationError(_("数値ではありません（%(value)s）。") % {"value": value})
    return number


def parse_year(value: str) -> int | None:
    if value == "":
        return None
    try:
        year = int(Decimal(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("西暦の年度を入力してください（%(value)s）。") % {"value": value}) from None
    if not 1900 <= year <= 2200:
        raise ValidationError(_("西暦の年度を入力してください（%(value)s）。") % {"value": value})
    return year


class RowErrors:
    """Collects per-column messages while a row is parsed, raised together."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)

    def run(self, column: str, func, *args):
        try:
            return func(*args)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(column, message)
            return None

    def require(self, row: dict, column: str, max_length: int | None = None) -> str:
        value = cell(row, column)
        if not value:
            self.add(column, _("必須です。"))
        return self.limit(column, value, max_length)

    def limit(self, column: str, value: str, max_length: int | None) -> str:
        if max_length and len(value) > max_length:
            self.add(column, _("%(max)d 文字以内にしてください。") % {"max": max_length})
        return value

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


class ColumnResource(LoggedImport, resources.ModelResource):
    """Base for the plan and indicator resources: header checks, row parsing and upsert hooks."""

    required_columns: tuple[str, ...] = ()
    known_columns: tuple[str, ...] = ()

    class Meta:
        skip_diff = True
        clean_model_instances = False
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.unknown_columns: list[str] = []
        self.headers: list[str] = []
        self._seen: dict[tuple, int] = {}
        self._row_number = 0

    def is_known(self, column: str) -> bool:
        return column in self.known_columns

    def before_import(self, dataset, **kwargs):
        headers = [str(h or "").strip().lstrip("\ufeff") for h in dataset.headers or []]
        dataset.headers = headers
        self.headers = headers
        self.unknown_columns = [h for h in headers if h and not self.is_known(h)]
        missing = [c for c in self.required_columns if c not in headers]
        if missing:
            raise ValidationError(_("必須の列がありません: %(columns)s") % {"columns": ", ".join(missing)})

    def after_import(self, dataset, result, **kwargs):
        result.unknown_columns = self.unknown_columns

    # --- rows -------------------------------------------------------------------------------------------------
    def parse(self, row: dict):  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def row_key(self, parsed) -> tuple:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def lookup(self, row: dict):  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def apply(self, instance, parsed, *, row_number: int):  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def get_instance(self, instance_loader, row):
        return self.lookup(row)

    def init_instance(self, row=None):
        return self._meta.model()

    def import_instance(self, instance, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0)
        parsed = self.parse(row)
        key = self.row_key(parsed)
        if key in self._seen:
            raise ValidationError(
                {self.key_column: [_("データ行 %(row)d と同じ番号です。") % {"row": self._seen[key]}]}
            )
        self._seen[key] = self._row_number
        instance._parsed = parsed

    key_column = "item_code"

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        saved = self.apply(instance, instance._parsed, row_number=kwargs.get("row_number", 0))
        if saved is not instance:
            # The row result (admin log, preview) reports the object actually written.
            instance.__dict__.update(saved.__dict__)

    def save_m2m(self, instance, row, **kwargs):
        pass

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        pass


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        line = _("データ行 %(row)d（ファイルの %(line)d 行目）") % {"row": self.row, "line": self.row + 1}
        column = f" {self.column}" if self.column else ""
        return f"{line}{column}: {self.message}"


@dataclass
class ImportReport:
    total: int = 0
    new: int = 0
    updated: int = 0
    saved: bool = False
    errors: list[RowError] = field(default_factory=list)
    base_errors: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.base_errors


def read_dataset(source: str | Path | bytes, *, name: str = "") -> tablib.Dataset:
    """A dataset from a CSV (UTF-8, BOM allowed) or XLSX file, chosen by content, not by extension."""
    if isinstance(source, (str, Path)):
        name = name or str(source)
        data = Path(source).read_bytes()
    else:
        data = source
    if data[:2] == b"PK":
        return XLSX().create_dataset(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("%(name)s は UTF-8 の CSV でも XLSX でもありません。") % {"name": name}) from None
    return CSV().create_dataset(text)


def import_file(source, resource_class, *, dry_run: bool = False, user: User | None = None) -> ImportReport:
    """Import a CSV/XLSX file with a resource; saves nothing unless every row is valid (and not dry_run)."""
    dataset = read_dataset(source)
    resource = resource_class()
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )
    report = ImportReport(total=result.total_rows, unknown_columns=list(resource.unknown_columns))
    report.new = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.base_errors = [str(_message(e.error)) for e in result.base_errors]
    for number, errors in result.row_errors():
        for error in errors:
            report.errors.append(RowError(number, "", str(error.error)))
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                report.errors.append(RowError(invalid.number, "" if column == "__all__" else column, message))
    report.errors.sort(key=lambda e: e.row)
    report.saved = report.ok and not dry_run
    return report


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
