"""Admin actions that call a service once per selected object."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def run_for_each(modeladmin, request, objects, call, done_message: str) -> int:
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
