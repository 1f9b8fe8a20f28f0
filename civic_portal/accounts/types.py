"""Types for who is asking: the visitor behind a request, and a request whose user has signed in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import User

# Whoever makes a request (request.user): a signed-in user or an anonymous visitor.
type Visitor = User | AnonymousUser


class SignedInRequest(HttpRequest):
    """A request behind login_required / LoginRequiredMixin: its user is a User (for type checking only)."""

    user: User
