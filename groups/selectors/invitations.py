"""Reading invitations to apply: a volunteer's open ones, one for its volunteer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models.invitations import InvitationStatus, VolunteerInvitation
from ..models.volunteers import NeedStatus

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


def invitations_open_for(user: User) -> QuerySet[VolunteerInvitation]:
    """Invitations the user has still to answer, to needs that are open, newest first."""
    return (
        VolunteerInvitation.objects.filter(
            volunteer__user=user, status=InvitationStatus.INVITED, need__status=NeedStatus.OPEN
        )
        .select_related("need__group")
        .order_by("-created_at", "-id")
    )


def invitation_get_for_volunteer(*, user: User, pk: int) -> VolunteerInvitation:
    """The user's own invitation (404 for anyone else's)."""
    return get_object_or_404(
        VolunteerInvitation.objects.select_related("need__group", "volunteer"), pk=pk, volunteer__user=user
    )
