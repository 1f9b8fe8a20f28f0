"""The audit trail: database triggers (django-pghistory) keep every insert, update and delete of the tracked models.

Rows are written by PostgreSQL itself, so admin edits, imports, services and bulk updates are all caught; the event
tables are append-only (a trigger refuses UPDATE and DELETE). Each event carries its context: who, from where
(admin, web, import, command) and the address of the request.
"""

import pghistory
from allauth.account.adapter import get_adapter
from django.contrib.auth.models import Group as Role
from django.core.exceptions import PermissionDenied
from django.db import models
from pghistory.middleware import HistoryMiddleware


def audited(**kwargs):
    """Decorator: keep the model's history (insert, update, delete) in an append-only event table."""

    def decorate(model):
        tracker = pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            append_only=True,
            meta=_time_index(f"{model._meta.app_label}_{model._meta.model_name}"),
            **kwargs,
        )
        return tracker(model)

    return decorate


def _time_index(prefix: str) -> dict:
    """An event table's index on its time: the admin's list of changes reads one period of every table."""
    return {"indexes": [models.Index(fields=["pgh_created_at", "pgh_id"], name=f"{prefix[:21]}_event_at")]}


def track_role_changes(user_model) -> None:
    """Role changes: who joined or left a role and what a role may do (called from the accounts models)."""
    _track_links(user_model.groups.through, "UserRoleEvent", "role")
    _track_links(Role.permissions.through, "RolePermissionEvent", "permission")


def _track_links(through, model_name: str, label: str) -> None:
    pghistory.track(
        pghistory.InsertEvent(f"{label}.add"),
        pghistory.DeleteEvent(f"{label}.remove"),
        obj_field=None,
        append_only=True,
        model_name=model_name,
        app_label="accounts",
        meta=_time_index(f"accounts_{label}"),
    )(through)


class AuditMiddleware(HistoryMiddleware):
    """Every write in a request is attributed: the user, the path, admin or web, and the client address."""

    def get_context(self, request):
        return {
            **super().get_context(request),
            "source": "admin" if request.path.startswith("/admin/") else "web",
            "ip": _client_ip(request),
        }


def _client_ip(request) -> str:
    """The client's address as allauth sees it (X-Forwarded-For only through ALLAUTH_TRUSTED_PROXY_COUNT proxies)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address at all
        return ""


def context(source: str, **extra):
    """Attribute the writes inside the block to a source outside requests (an import, a command, a task)."""
    return pghistory.context(source=source, **extra)
