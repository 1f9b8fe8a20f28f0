"""Base of the admin's spreadsheet resources: the importing user's permissions hold row by row, all or nothing."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources

from . import audit

if TYPE_CHECKING:
    from import_export.admin import ImportExportMixin as _AdminBase
    from import_export.resources import ModelResource as _ResourceBase

    from civic_portal.accounts.models import User
else:
    _AdminBase = _ResourceBase = object


class LoggedImport(_ResourceBase):
    """Logs every import (the admin's preview and confirm, commands): model, user id, rows new, updated, in error.

    The logger is the resource module's (groups.resources, indicators.importers.plans, ...), so each app's log
    level holds. Put it before ModelResource in the bases.
    """

    def import_data(self, dataset, **kwargs):
        dry_run = kwargs.get("dry_run", False)
        result = super().import_data(dataset, **kwargs)
        errors = len(result.base_errors) + len(result.row_errors()) + len(result.invalid_rows)
        # import-export rolls back on any row error, and on invalid rows when asked to (our resources all ask).
        rolled_back = result.has_errors() or (kwargs.get("rollback_on_validation_errors") and errors)
        user = kwargs.get("user")
        fields = {
            "model": self._meta.model._meta.label,
            "user_id": getattr(user, "pk", None),
            "rows": result.total_rows,
            "new": result.totals.get("new", 0),
            "updated": result.totals.get("update", 0),
            "errors": errors,
            "dry_run": bool(dry_run),
            "saved": not dry_run and not rolled_back,
        }
        logging.getLogger(type(self).__module__).info(
            "import %(model)s by user %(user_id)s: %(rows)d rows, %(new)d new, %(updated)d updated, "
            "%(errors)d in error, dry run %(dry_run)s, saved %(saved)s",
            fields,
            extra={"event": "import", **fields},
        )
        return result


class PermittedResource(LoggedImport, resources.ModelResource):
    """Refuses a whole file with unknown columns, unknown ids or rows the user may not add or change.

    Every problem is a row error (the admin lists them with row numbers) and nothing is saved. `user` is the
    person importing or exporting; None means a trusted caller (a management command or the shell).
    """

    def __init__(self, user: User | None = None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._header_problems: list[str] = []
        self._known_ids: set[int] = set()
        self._text_columns = {
            f.name
            for f in self._meta.model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField") and not f.null
        }

    def allowed_import_columns(self) -> set[str]:
        return {field.column_name for field in self.get_import_fields()}

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        unknown = [h for h in dataset.headers or [] if h not in self.allowed_import_columns()]
        self._header_problems = (
            [_("この列は取り込めません: %(columns)s") % {"columns": "、".join(map(str, unknown))}] if unknown else []
        )
        # One query for the whole file: which of its ids are on the table.
        column = dataset["id"] if "id" in (dataset.headers or []) else []
        ids = {_as_int(pk) for pk in column if pk not in (None, "")}
        self._known_ids = set(self._meta.model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for field in self.get_import_fields():
            # Spreadsheets give None for an empty cell; text columns store an empty string.
            if field.attribute in self._text_columns and row.get(field.column_name, "") is None:
                row[field.column_name] = ""
        problems = list(self._header_problems)
        pk = row.get("id")
        opts = self._meta.model._meta
        if pk not in (None, ""):
            if _as_int(pk) not in self._known_ids:
                problems.append(_("id %(id)s の%(model)sはありません。") % {"id": pk, "model": opts.verbose_name})
            elif not self._may("change"):
                problems.append(_("この%(model)sを変更する権限がありません。") % {"model": opts.verbose_name})
        elif not self._may("add"):
            problems.append(_("%(model)sを追加する権限がありません。") % {"model": opts.verbose_name})
        if problems:
            raise ValidationError(problems)

    def _may(self, action: str) -> bool:
        opts = self._meta.model._meta
        return self.user is None or self.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def import_data(self, dataset, **kwargs):
        # All or nothing for every caller (admin, shell, commands): one invalid row and no row is saved.
        kwargs.setdefault("rollback_on_validation_errors", True)
        with audit.context("import"):
            return super().import_data(dataset, **kwargs)


def _as_int(value) -> int:
    try:
        return int(float(value)) if isinstance(value, float) else int(str(value).strip())
    except ValueError:
        return -1


class UserResourceAdminMixin(_AdminBase):
    """Admin side of PermittedResource: the signed-in user reaches the resource for imports and exports."""

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}
