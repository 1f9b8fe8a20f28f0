"""Admin actions that call a service once per selected object, and the log line every bulk action writes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def run_for_each(modeladmin, request, objects, call, done_message: StrOrPromise) -> int:
    """Call a service per object; report each refusal by name and the successes once (%(n)d or %(count)d)."""
    done = refused = 0
    for obj in objects:
        try:
            call(obj)
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(getattr(exc, "messages", [str(exc)]))
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
            refused += 1
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"n": done, "count": done}, messages.SUCCESS)
    log_action(modeladmin, request, done=done, refused=refused)
    return done


def service_action(description: StrOrPromise, call: Callable[[Any, Any], object], done_message: StrOrPromise):
    """An admin action that runs `call(obj, request)` on each selected object through run_for_each()."""

    def action(modeladmin, request, queryset):
        run_for_each(modeladmin, request, queryset, lambda obj: call(obj, request), done_message)

    return admin.action(description=description)(action)


def log_action(modeladmin, request, *, done: int, refused: int = 0) -> None:
    """Log one admin bulk action (INFO): which action on which model, by which user id, how many done and refused.

    The logger is the admin module's (groups.admin.register, facilities.admin, ...), so each app's log level holds.
    """
    action = _action_name(request)
    model = modeladmin.model._meta.label
    logging.getLogger(type(modeladmin).__module__).info(
        "admin action %s on %s by user %s: %d done, %d refused",
        action,
        model,
        request.user.pk,
        done,
        refused,
        extra={
            "event": "admin_action",
            "action": action,
            "model": model,
            "user_id": request.user.pk,
            "done": done,
            "refused": refused,
        },
    )


def _action_name(request) -> str:
    # The changelist posts one "action" per action bar (top and bottom) and the "index" of the one used.
    names = request.POST.getlist("action")
    index = request.POST.get("index", "0")
    position = int(index) if index.isdigit() else 0
    return names[position] if position < len(names) else (names[0] if names else "")
