"""Admin actions that call a service once per selected object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def run_for_each(modeladmin, request, objects, call, done_message: StrOrPromise) -> int:
    """Call a service per object; report each refusal by name and the successes once (%(n)d or %(count)d)."""
    done = 0
    for obj in objects:
        try:
            call(obj)
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(getattr(exc, "messages", [str(exc)]))
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"n": done, "count": done}, messages.SUCCESS)
    return done
