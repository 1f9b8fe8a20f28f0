"""The one way a workflow object changes status: check its table, save what changed, log who, when and why.

A workflow model inherits civic_portal.core.models.WorkflowModel (a TRANSITIONS table and `can_move_to()`); its
log is a StatusChangeBase model with a ForeignKey to it whose reverse name is STATUS_LOG ("status_changes").
Services call transition() and keep their own side effects (emails, released rooms) around the call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db.models import ForeignObjectRel
from django.utils.translation import gettext as _

from .models import StatusChangeBase, WorkflowModel

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

ILLEGAL_TRANSITION = "illegal_transition"
REFUSED_TRANSITION = "refused_transition"


def transition[M: WorkflowModel](obj: M, *, to: str, by: User | None, note: str = "", fields: Iterable[str] = ()) -> M:
    """Move `obj` to status `to` and log the step; returns `obj`.

    `by` is who did it (None for the system: a scheduled job, an automatic rule). `fields` names other fields the
    caller set for this step (dates, amounts) so they are saved with it; only those, `status` and `updated_at`
    (when the model has one) are written. A move the table does not allow raises ValidationError with code
    "illegal_transition" and changes nothing; one the object's transition_problem() refuses (a rule of time or
    data) raises ValidationError with that message and code "refused_transition".
    """
    if not obj.can_move_to(to):
        raise ValidationError(
            _("「%(from)s」から「%(to)s」には進めません。"),
            code=ILLEGAL_TRANSITION,
            params={"from": status_label(obj, obj.status), "to": status_label(obj, to)},
        )
    if problem := obj.transition_problem(to):
        raise ValidationError(problem, code=REFUSED_TRANSITION)
    from_status = obj.status
    obj.status = to
    update_fields = ["status", *fields]
    if any(field.name == "updated_at" for field in obj._meta.concrete_fields):
        update_fields.append("updated_at")
    obj.save(update_fields=list(dict.fromkeys(update_fields)))
    log_status_change(obj, from_status=from_status, by=by, note=note)
    return obj


def log_status_change(obj: WorkflowModel, *, from_status: str, by: User | None, note: str = "") -> StatusChangeBase:
    """Write one row of `obj`'s status log ending in its current status: a transition, or the row of a new object
    (from_status "")."""
    relation = cast(ForeignObjectRel, obj._meta.get_field(obj.STATUS_LOG))
    log_model = cast(type[StatusChangeBase], relation.related_model)
    # The log's own fields (its ForeignKey, from_status, to_status) are declared by each app, not on the base.
    values = {relation.field.name: obj, "from_status": from_status, "to_status": obj.status}
    return log_model._default_manager.create(**values, changed_by=by, note=note)


def status_label(obj: WorkflowModel, status: str) -> str:
    """The display label of one of `obj`'s statuses (the raw value if it is not one)."""
    return str(dict(obj._meta.get_field("status").flatchoices).get(status, status))
