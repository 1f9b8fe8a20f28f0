"""Event reads: the public list and feed (approved, still to come), one event with its seats, a user's sign-ups, an
organiser's events and participants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from groups.models import Group, MembershipRole

from ..models.events import (
    ACTIVE_SIGNUP_STATUSES,
    EXCHANGE_KINDS,
    LEARNING_KINDS,
    Event,
    EventSession,
    EventStatus,
    Signup,
    SignupStatus,
)

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from civic_portal.accounts.types import Visitor

SEATED = Q(signups__status__in=[SignupStatus.CONFIRMED, SignupStatus.ATTENDED])
_SESSIONS = Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "id"))


def _with_dates(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(first_start=Min("sessions__starts_at"), last_end=Max("sessions__ends_at"))


def events_upcoming(*, kind: str = "") -> QuerySet[Event]:
    """Approved events not yet over, soonest first, of one kind or all, with their sessions (2 queries a page)."""
    events = (
        _with_dates(Event.objects.filter(status=EventStatus.APPROVED))
        .filter(Exists(EventSession.objects.filter(event=OuterRef("pk"), ends_at__gt=timezone.now())))
        .select_related("group", "space__facility")
        .prefetch_related(_SESSIONS)
        .order_by(F("first_start").asc(), "id")
    )
    return events.filter(kind=kind) if kind else events


def events_next(limit: int = 5) -> list[Event]:
    """The next approved events, for the home page."""
    return list(events_upcoming()[:limit])


def event_visible_to(user: Visitor, pk: int) -> Event:
    """One event with its sessions and seats taken; Http404 unless approved (public) or the user manages it."""
    from ..services.events import can_manage_event

    event = (
        Event.objects.filter(pk=pk)
        .select_related("group", "space__facility")
        .prefetch_related(_SESSIONS)
        .annotate(seated=Count("signups", filter=SEATED))
        .first()
    )
    if event is None or not (event.is_public() or (user.is_authenticated and can_manage_event(user, event))):
        raise Http404
    return event


def event_managed_by(user: User, pk: int) -> Event:
    """An event the user manages (staff: any; a group manager: the group's); Http404 otherwise."""
    from ..services.events import can_manage_event

    event = Event.objects.filter(pk=pk).select_related("group", "space__facility").prefetch_related(_SESSIONS).first()
    if event is None or not can_manage_event(user, event):
        raise Http404
    return event


def user_signup(user: Visitor, event: Event) -> Signup | None:
    """The user's active sign-up for the event, if any."""
    if not user.is_authenticated:
        return None
    return event.signups.filter(user=user, status__in=ACTIVE_SIGNUP_STATUSES).first()


def my_signups(user: User) -> QuerySet[Signup]:
    """The user's sign-ups, newest first, each with its event and sessions (2 queries)."""
    return (
        Signup.objects.filter(user=user)
        .select_related("event__group", "event__space__facility")
        .prefetch_related(Prefetch("event__sessions", queryset=EventSession.objects.order_by("starts_at", "id")))
        .order_by("-id")
    )


def managed_groups(user: User) -> list[Group]:
    """The registered groups the user manages (they may propose events for these)."""
    return list(
        Group.objects.public().filter(memberships__user=user, memberships__role=MembershipRole.MANAGER).order_by("name")
    )


def organised_events(user: User) -> QuerySet[Event]:
    """Events of the groups the user manages, newest first, with their seats taken."""
    return (
        _with_dates(
            Event.objects.filter(
                group__memberships__user=user, group__memberships__role=MembershipRole.MANAGER
            ).select_related("group")
        )
        .annotate(seated=Count("signups", filter=SEATED, distinct=True))
        .order_by("-id")
    )


def participants(event: Event) -> QuerySet[Signup]:
    """Everyone signed up for an event (not the unconfirmed guests), in sign-up order."""
    return event.signups.exclude(status=SignupStatus.PENDING).select_related("user").order_by("pk")


def _attended_in(fiscal_year: int, kinds) -> int:
    from civic_portal.core.fiscal import fiscal_year_range

    start, end = fiscal_year_range(fiscal_year)
    return Signup.objects.filter(
        status=SignupStatus.ATTENDED, event__kind__in=sorted(kinds), attended_at__gte=start, attended_at__lt=end
    ).count()


def learning_participants(fiscal_year: int) -> int:
    """Participants checked in at the center's learning opportunities (講座, セミナー, シンポジウム, 成果発表会,
    説明会) in a fiscal year."""
    return _attended_in(fiscal_year, LEARNING_KINDS)


def exchange_participants(fiscal_year: int) -> int:
    """Participants checked in at exchange meetings (交流会, ラウンドテーブル) in a fiscal year."""
    return _attended_in(fiscal_year, EXCHANGE_KINDS)
