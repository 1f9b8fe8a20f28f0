"""Model validation for imports without a query per row: Model.full_clean's unique and constraint checks, answered
from memory where that gives the same answer as the database.

Django checks each unique field and each constraint of every row with a query (`SELECT 1 WHERE ...`): four to five
queries a row for a group. Here a check constraint whose condition is plain (exact, in, isnull and comparisons of
numbers and dates, with NOT/AND/OR) is evaluated in Python with SQL's three-valued logic; a unique field or
constraint is answered from the values the table held when the import began plus the rows this import has passed
(so two rows of one file with the same value are caught too, even when they are inserted in bulk). Anything else,
and any violation found, goes to Django's own check, so the messages are Django's. The database still enforces every
constraint on write, so a wrong answer here could only change a message, never let a bad row in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.constraints import CheckConstraint, UniqueConstraint

if TYPE_CHECKING:
    from import_export.resources import ModelResource as _ResourceBase
else:
    _ResourceBase = object

ORDERED_TYPES = (int, float, Decimal, dt.date, dt.time, dt.timedelta)  # datetime is a date
# Field types whose Python equality is the database's (text compared byte for byte, as PostgreSQL's deterministic
# collations do).
EXACT_FIELDS = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateField,
    models.UUIDField, models.ForeignKey,
)  # fmt: skip


LOOKUPS = frozenset({"exact", "in", "isnull", "gt", "gte", "lt", "lte"})


class Unsupported(Exception):
    """The condition is not one this module evaluates; Django's own (database) check is used instead."""


def evaluate(condition, instance) -> bool | None:
    """A constraint condition on one instance: True, False, or None for SQL's UNKNOWN (a NULL took part)."""
    if not isinstance(condition, Q):
        raise Unsupported
    values = [
        evaluate(child, instance) if isinstance(child, Q) else _lookup(child, instance) for child in condition.children
    ]
    if condition.connector == Q.AND:
        result = False if False in values else (None if None in values else True)
    elif condition.connector == Q.OR:
        result = True if True in values else (None if None in values else False)
    else:
        raise Unsupported
    if condition.negated:
        return None if result is None else not result
    return result


def referenced_fields(condition) -> set[str]:
    """The field names a plain condition reads (for Django's rule: a check on an excluded field is skipped)."""
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= referenced_fields(child)
        else:
            key, value = child
            names.add(key.split("__", 1)[0])
            if isinstance(value, F):
                names.add(_f_name(value))
    return names


def _field(instance, name):
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        raise Unsupported from None
    if not field.concrete or getattr(field, "generated", False) or field.many_to_many:
        raise Unsupported
    return field


def _value(instance, name):
    return getattr(instance, _field(instance, name).attname)


def _f_name(expression: F) -> str:
    return expression.name  # type: ignore[attr-defined]  # F.name exists; the stubs leave it out


def _lookup(child, instance) -> bool | None:
    if not isinstance(child, tuple) or len(child) != 2:
        raise Unsupported
    key, expected = child
    name, _sep, lookup = key.partition("__")
    lookup = lookup or "exact"
    if lookup not in LOOKUPS:
        raise Unsupported
    actual = _value(instance, name)
    if isinstance(expected, F):
        if "__" in _f_name(expected):
            raise Unsupported
        expected = _value(instance, _f_name(expected))
    elif hasattr(expected, "resolve_expression") or isinstance(expected, models.Model):
        raise Unsupported
    if lookup == "isnull":
        return (actual is None) is bool(expected)
    if lookup == "exact" and expected is None:  # Django reads field=None as IS NULL
        return actual is None
    if lookup == "in":
        if not isinstance(expected, (list, tuple, set, frozenset)):
            raise Unsupported
        if actual is None:
            return None
        if any(v is None for v in expected):  # x IN (…, NULL) is never FALSE in SQL
            raise Unsupported
        return actual in expected
    if actual is None or expected is None:
        return None
    if lookup == "exact":
        return actual == expected
    if lookup in ("gt", "gte", "lt", "lte"):
        # Text order is the collation's, not Python's: only numbers, dates and times are compared here.
        if not (isinstance(actual, ORDERED_TYPES) and isinstance(expected, ORDERED_TYPES)):
            raise Unsupported
        return _compare(lookup, actual, expected)
    raise Unsupported  # pragma: no cover - LOOKUPS lists what is handled above


def _compare(lookup: str, actual: Any, expected: Any) -> bool:
    try:
        if lookup == "gt":
            return actual > expected
        if lookup == "gte":
            return actual >= expected
        if lookup == "lt":
            return actual < expected
        return actual <= expected
    except TypeError:  # a date against a number, say
        raise Unsupported from None


class ImportChecks:
    """Model.full_clean for one import's rows, with the unique and constraint checks kept in memory."""

    def __init__(self, model):
        self.model = model
        self.meta = model._meta
        # (kind, names, condition) -> {values: set of row keys}; a row key is its pk, or a token for an unsaved row.
        self._seen: dict[tuple, dict[tuple, set]] = {}
        self._key_of: dict[tuple, dict[object, tuple]] = {}

    def full_clean(self, instance, exclude=(), validate_unique=True) -> None:
        """Same errors as instance.full_clean(exclude=..., validate_unique=...), same order of the checks."""
        errors: dict = {}
        exclude = set(exclude)
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if validate_unique:
            exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
            errors = self._unique(instance, exclude, errors)
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        errors = self._constraints(instance, exclude, errors)
        if errors:
            raise ValidationError(errors)
        self._remember(instance)

    # --- unique fields and unique_together (Model.validate_unique) ------------------------------------------------
    def _unique(self, instance, exclude, errors):
        unique_checks, date_checks = instance._get_unique_checks(exclude=exclude, include_meta_constraints=False)
        found: dict = {}
        for model_class, names in unique_checks:
            values = self._values(instance, names) if model_class is self.model else Unsupported
            if values is Unsupported or self._is_own_pk(instance, names):
                for key, messages in instance._perform_unique_checks([(model_class, names)]).items():
                    found.setdefault(key, []).extend(messages)
            elif values is not None and self._taken(instance, ("unique", names, None), values):
                key = names[0] if len(names) == 1 else NON_FIELD_ERRORS
                found.setdefault(key, []).append(instance.unique_error_message(model_class, names))
        for key, messages in instance._perform_date_checks(date_checks).items():
            found.setdefault(key, []).extend(messages)
        return ValidationError(found).update_error_dict(errors) if found else errors

    def _is_own_pk(self, instance, names) -> bool:
        return any(self.meta.get_field(name).primary_key for name in names)

    # --- Meta.constraints (Model.validate_constraints) ------------------------------------------------------------
    def _constraints(self, instance, exclude, errors):
        found: dict = {}
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                try:
                    self._constraint(model_class, constraint, instance, exclude)
                except ValidationError as exc:
                    fields: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
                    if getattr(exc, "code", None) == "unique" and len(fields) == 1:
                        found.setdefault(fields[0], []).append(exc)
                    else:
                        found = exc.update_error_dict(found)
        return ValidationError(found).update_error_dict(errors) if found else errors

    def _constraint(self, model_class, constraint, instance, exclude) -> None:
        try:
            if model_class is not self.model:
                raise Unsupported
            if isinstance(constraint, CheckConstraint):
                self._check(constraint, instance, exclude)
            elif isinstance(constraint, UniqueConstraint):
                self._unique_constraint(constraint, instance, exclude)
            else:
                raise Unsupported
        except Unsupported:
            constraint.validate(model_class, instance, exclude=exclude, using=self._db(instance))

    def _check(self, constraint, instance, exclude) -> None:
        if referenced_fields(constraint.condition) & exclude:
            return
        if evaluate(constraint.condition, instance) is False:  # UNKNOWN passes, as in the database
            constraint.validate(self.model, instance, exclude=exclude, using=self._db(instance))

    def _unique_constraint(self, constraint, instance, exclude) -> None:
        if constraint.expressions or constraint.nulls_distinct is False or not constraint.fields:
            raise Unsupported
        names = tuple(constraint.fields)
        if set(names) & exclude:
            return
        condition = constraint.condition
        if condition is not None:
            if referenced_fields(condition) & exclude:
                return
            if evaluate(condition, instance) is False:
                return
        values = self._values(instance, names)
        if values is Unsupported:
            raise Unsupported
        if values is None or not self._taken(instance, ("constraint", names, condition), values):
            return
        if condition is None and constraint.violation_error_message == constraint.default_violation_error_message:
            message = instance.unique_error_message(self.model, names)
            raise ValidationError(message, code=message.code)
        raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)

    # --- the values already taken -----------------------------------------------------------------------------
    def _values(self, instance, names):
        """The row's values for the names (None when one is NULL: no conflict possible), or Unsupported."""
        values = []
        for name in names:
            field = self.meta.get_field(name)
            if not isinstance(field, EXACT_FIELDS) or getattr(field, "generated", False):
                return Unsupported
            value = getattr(instance, field.attname)
            if value is None:
                return None
            values.append(value)
        return tuple(values)

    def _taken(self, instance, check, values) -> bool:
        seen = self._load(check)
        holders = seen.get(values, set())
        return bool(holders - {self._row_key(instance)})

    def _load(self, check):
        if check not in self._seen:
            _kind, names, condition = check
            attnames = [self.meta.get_field(name).attname for name in names]
            rows = self.model._default_manager.all()
            if condition is not None:
                rows = rows.filter(condition)
            seen: dict[tuple, set] = {}
            key_of: dict[object, tuple] = {}
            for *values, pk in rows.values_list(*attnames, "pk").iterator(chunk_size=5000):
                seen.setdefault(tuple(values), set()).add(pk)
                key_of[pk] = tuple(values)
            self._seen[check], self._key_of[check] = seen, key_of
        return self._seen[check]

    def _row_key(self, instance):
        return instance.pk if not instance._state.adding and instance.pk is not None else ("row", id(instance))

    def _remember(self, instance) -> None:
        """A row that passed will be written: later rows of the file must not take its values."""
        row = self._row_key(instance)
        for check, seen in self._seen.items():
            _kind, names, condition = check
            old = self._key_of[check].pop(row, None)
            if old is not None:
                seen.get(old, set()).discard(row)
            applies = True
            if condition is not None:
                try:
                    applies = evaluate(condition, instance) is not False
                except Unsupported:
                    applies = True
            values = self._values(instance, names)
            if applies and values not in (None, Unsupported):
                seen.setdefault(values, set()).add(row)
                self._key_of[check][row] = values

    def _db(self, instance) -> str:
        from django.db import router

        return router.db_for_write(self.model, instance=instance)


class FastValidation(_ResourceBase):
    """Resource mixin: clean_model_instances validation through ImportChecks (one query per check per import)."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            checks = self.__dict__.get("_import_checks")
            if checks is None:
                checks = self._import_checks = ImportChecks(self._meta.model)
            try:
                checks.full_clean(instance, exclude=errors.keys(), validate_unique=validate_unique)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
