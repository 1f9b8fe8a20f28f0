"""Base of the admin's spreadsheet resources: the importing user's permissions hold row by row, all or nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources

from . import audit

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

if TYPE_CHECKING:
    from import_export.admin import ImportExportMixin as _AdminBase
else:
    _AdminBase = object


class PermittedResource(resources.ModelResource):
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
