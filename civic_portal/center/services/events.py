"""Event workflow: propose, approve (books the rooms), return, cancel; sign-up, guest check, cancel with promotion
from the waitlist, check-in at the door, and the reminder the day before."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.mail import send_templated_mail, send_templated_mails
from civic_portal.core.workflow import log_status_change, transition
from facilities.models import BookingStatus
from facilities.services import booking_cancel, booking_create
from facilities.services.bookings import booking_problems, load_space
from groups.permissions import can_act_for_group, is_group_manager

from ..models.events import (
    CAPACITY_MAX,
    CAPACITY_MIN,
    Event,
    EventSession,
    EventStatus,
    Signup,
    SignupStatus,
)

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from civic_portal.accounts.types import Visitor
    from facilities.models import Space
    from groups.models import Group

logger = logging.getLogger(__name__)

EVENT_FIELDS = (
    "kind", "title", "description", "capacity", "fee", "audience", "sign_language", "childcare",
    "accessibility_notes", "space", "outside_venue", "signup_deadline", "cancel_deadline", "guests_allowed",
)  # fmt: skip


def can_manage_event(user: Visitor, event: Event) -> bool:
    """Center staff manage every event; a group's managers manage the group's own."""
    if is_center_staff(user):
        return True
    return event.group is not None and is_group_manager(user, event.group)


def _session_label(starts_at: dt.datetime) -> str:
    return f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}"


def event_problems(
    *, values: dict, sessions: Sequence[tuple[dt.datetime, dt.datetime]], now: dt.datetime | None = None
) -> dict[str, list[str]]:
    """Every reason an event's details cannot be accepted, by field ("__all__" for the whole); empty when they
    can. Room clashes are checked here too, so a group hears of them when it proposes."""
    now = now or timezone.now()
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    capacity = values.get("capacity")
    if capacity is not None and not CAPACITY_MIN <= capacity <= CAPACITY_MAX:
        add("capacity", _("定員は1人から10,000人までで入力してください。"))
    space: Space | None = values.get("space")
    if bool(space) == bool(values.get("outside_venue", "").strip()):
        add("space", _("会場は施設の部屋か外部の住所のどちらか一方を指定してください。"))
    if not sessions:
        add("__all__", _("開催日時を1つ以上入力してください。"))
        return problems
    for starts_at, ends_at in sessions:
        if ends_at <= starts_at:
            add(
                "__all__", _("%(when)s: 終了日時は開始日時より後にしてください。") % {"when": _session_label(starts_at)}
            )
        if starts_at <= now:
            add("__all__", _("%(when)s: 過去の日時は指定できません。") % {"when": _session_label(starts_at)})
    first = min(starts for starts, _ends in sessions)
    signup_deadline, cancel_deadline = values.get("signup_deadline"), values.get("cancel_deadline")
    if signup_deadline is not None:
        if signup_deadline > first:
            add("signup_deadline", _("申込締切は最初の開催日時より前にしてください。"))
        if signup_deadline <= now:
            add("signup_deadline", _("申込締切は今より後にしてください。"))
    if cancel_deadline is not None and cancel_deadline > first:
        add("cancel_deadline", _("取消期限は最初の開催日時より前にしてください。"))
    if space and not problems:
        room = load_space(space)
        if capacity and capacity > room.capacity:
            add("capacity", _("定員が部屋の定員（%(n)d人）を超えています。") % {"n": room.capacity})
        for starts_at, ends_at in sessions:
            for message in booking_problems(space=room, starts_at=starts_at, ends_at=ends_at, group=None, now=now):
                add("__all__", f"{_session_label(starts_at)}: {message}")
    return problems


def _check(values: dict, sessions: Sequence[tuple[dt.datetime, dt.datetime]]) -> None:
    if problems := event_problems(values=values, sessions=sessions):
        raise ValidationError(problems)


@transaction.atomic
def event_propose(
    *, by: User, group: Group | None, values: dict, sessions: Sequence[tuple[dt.datetime, dt.datetime]]
) -> Event:
    """A group's manager proposes an event of their registered group (staff may propose for any group or the
    center); it waits for staff approval."""
    if group is None and not is_center_staff(by):
        raise ValidationError(_("センター主催のイベントは職員だけが登録できます。"))
    if group is not None and not (can_act_for_group(by, group) or is_center_staff(by)):
        raise ValidationError(_("この団体のイベントを登録する権限がありません。"))
    _check(values, sessions)
    event = Event.objects.create(
        group=group, created_by=by, status=EventStatus.PROPOSED, **{k: values[k] for k in EVENT_FIELDS if k in values}
    )
    EventSession.objects.bulk_create(EventSession(event=event, starts_at=s, ends_at=e) for s, e in sorted(sessions))
    log_status_change(event, from_status="", by=by)
    return event


@transaction.atomic
def event_resubmit(*, event: Event | int, by: User, values: dict) -> Event:
    """The organiser corrects a returned event and sends it back for approval."""
    event = _lock(event)
    if not can_manage_event(by, event):
        raise ValidationError(_("このイベントを変更する権限がありません。"))
    sessions = [(s.starts_at, s.ends_at) for s in event.sessions.all()]
    _check({name: getattr(event, name) for name in EVENT_FIELDS} | values, sessions)
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    return transition(event, to=EventStatus.PROPOSED, by=by, fields=[k for k in EVENT_FIELDS if k in values])


def _lock(event: Event | int) -> Event:
    pk = event.pk if isinstance(event, Event) else event
    return Event.objects.select_for_update(of=("self",)).select_related("group", "space", "created_by").get(pk=pk)


def _require_staff(by: User) -> None:
    if not is_center_staff(by):
        raise ValidationError(_("この操作はセンター職員だけができます。"))


@transaction.atomic
def event_approve(*, event: Event | int, by: User, note: str = "") -> Event:
    """Staff approve an event, making it public; an event in a center room first books the room for each session
    through the facilities booking service (a clash refuses the approval and books nothing)."""
    _require_staff(by)
    event = _lock(event)
    if not event.can_move_to(EventStatus.APPROVED):
        transition(event, to=EventStatus.APPROVED, by=by)  # raises the workflow's message
    if event.space_id:
        for session in event.sessions.order_by("starts_at"):
            try:
                booking = booking_create(
                    user=by,
                    space=event.space_id,
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    purpose=event.title[:200],
                    expected_attendees=event.capacity,
                    group=event.group,
                    notify=False,
                )
            except ValidationError as exc:
                raise ValidationError(
                    [f"{_session_label(session.starts_at)}: {message}" for message in exc.messages]
                ) from exc
            if booking.can_move_to(BookingStatus.CONFIRMED):
                transition(booking, to=BookingStatus.CONFIRMED, by=by, note=_("イベント承認による予約"))
            session.booking = booking
            session.save(update_fields=["booking"])
    transition(event, to=EventStatus.APPROVED, by=by, note=note)
    _notify_organiser(event, "approved", note=note)
    return event


@transaction.atomic
def event_return(*, event: Event | int, by: User, note: str) -> Event:
    """Staff send a proposal back to its group with a reason."""
    _require_staff(by)
    if not note.strip():
        raise ValidationError({"note": _("差し戻しの理由を入力してください。")})
    event = _lock(event)
    transition(event, to=EventStatus.RETURNED, by=by, note=note)
    _notify_organiser(event, "returned", note=note)
    return event


@transaction.atomic
def event_cancel(*, event: Event | int, by: User, note: str = "") -> Event:
    """Staff or the organiser call an event off: its room bookings are cancelled and everyone signed up is told."""
    event = _lock(event)
    if not can_manage_event(by, event):
        raise ValidationError(_("このイベントを中止する権限がありません。"))
    transition(event, to=EventStatus.CANCELLED, by=by, note=note)
    for session in event.sessions.select_related("booking").order_by("starts_at"):
        if session.booking and session.booking.can_move_to(BookingStatus.CANCELLED):
            booking_cancel(booking=session.booking, by=by, note=_("イベント中止のため"))
    signups = list(event.signups.filter(status__in=[SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]))
    event.signups.filter(pk__in=[s.pk for s in signups]).update(
        status=SignupStatus.CANCELLED, cancelled_at=timezone.now()
    )
    send_templated_mails(
        template="center/email/event_cancelled",
        messages=[([s.email], {"event": event, "signup": s, "note": note}) for s in signups],
    )
    return event


def _notify_organiser(event: Event, step: str, *, note: str) -> None:
    if event.created_by and event.created_by.email:
        send_templated_mail(
            to=[event.created_by.email], template=f"center/email/event_{step}", context={"event": event, "note": note}
        )


# --- sign-ups -------------------------------------------------------------------------------------------------


def _seat_status(event: Event) -> str:
    """Confirmed while seats remain, else waitlisted (the caller holds the event's row lock)."""
    taken = event.signups.filter(status__in=[SignupStatus.CONFIRMED, SignupStatus.ATTENDED]).count()
    return SignupStatus.CONFIRMED if taken < event.capacity else SignupStatus.WAITLISTED


def _signup_refusal(event: Event, now: dt.datetime) -> str | None:
    if not event.is_public():
        return _("このイベントは申込を受け付けていません。")
    if now >= event.signup_deadline:
        return _("申込締切（%(deadline)s）を過ぎています。") % {"deadline": _session_label(event.signup_deadline)}
    return None


def _create(**fields) -> Signup:
    try:
        with transaction.atomic():
            return Signup.objects.create(**fields)
    except IntegrityError as exc:
        raise ValidationError(_("このイベントにはすでに申し込んでいます。"), code="duplicate") from exc


@transaction.atomic
def signup_create(*, event: Event | int, user: User, now: dt.datetime | None = None) -> Signup:
    """A signed-in user signs up: confirmed while seats remain, else on the waitlist (the event row is locked, so
    the last seat is never given twice)."""
    now = now or timezone.now()
    event = _lock(event)
    if problem := _signup_refusal(event, now):
        raise ValidationError(problem)
    if event.signups.filter(user=user, status__in=_active()).exists():
        raise ValidationError(_("このイベントにはすでに申し込んでいます。"), code="duplicate")
    signup = _create(event=event, user=user, status=_seat_status(event))
    _notify_signup(signup)
    return signup


def _active() -> list[str]:
    return [SignupStatus.PENDING, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.ATTENDED]


@transaction.atomic
def signup_guest(*, event: Event | int, name: str, email: str, now: dt.datetime | None = None) -> Signup:
    """A guest (no account) signs up where the organiser allows it: the sign-up waits until the guest follows the
    link mailed to the address; only then does it take a seat or a place on the waitlist."""
    now = now or timezone.now()
    event = _lock(event)
    if problem := _signup_refusal(event, now):
        raise ValidationError(problem)
    if not event.guests_allowed:
        raise ValidationError(_("このイベントはアカウントをお持ちの方だけが申し込めます。"))
    email = email.strip().lower()
    if event.signups.filter(guest_email=email, status__in=_active()).exists():
        raise ValidationError({"guest_email": _("このメールアドレスではすでに申し込まれています。")}, code="duplicate")
    signup = _create(event=event, guest_name=name.strip(), guest_email=email, status=SignupStatus.PENDING)
    send_templated_mail(
        to=[email],
        template="center/email/signup_check",
        context={"signup": signup, "event": event, "url": f"{settings.SITE_URL}{_guest_url(signup)}"},
    )
    return signup


def _guest_url(signup: Signup) -> str:
    from django.urls import reverse

    return reverse("center:signup_guest", args=[signup.token])


@transaction.atomic
def signup_guest_confirm(*, token: str, now: dt.datetime | None = None) -> Signup:
    """The guest followed the mailed link: the sign-up takes a seat or a place on the waitlist (once)."""
    now = now or timezone.now()
    signup = Signup.objects.select_related("event").filter(token=token).first()
    if signup is None:
        raise ValidationError(_("このリンクは無効です。"))
    event = _lock(signup.event_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status != SignupStatus.PENDING:
        return signup
    if problem := _signup_refusal(event, now):
        raise ValidationError(problem)
    signup.status = _seat_status(event)
    signup.save(update_fields=["status"])
    signup.event = event
    _notify_signup(signup)
    return signup


def _notify_signup(signup: Signup) -> None:
    send_templated_mail(
        to=[signup.email],
        template=f"center/email/signup_{signup.status}",
        context={"signup": signup, "event": signup.event, "manage_url": _manage_url(signup)},
    )


def _manage_url(signup: Signup) -> str:
    from django.urls import reverse

    if signup.user_id:
        return f"{settings.SITE_URL}{reverse('center:my_signups')}"
    return f"{settings.SITE_URL}{_guest_url(signup)}"


def participant_cancel_refusal(signup: Signup, *, now: dt.datetime | None = None) -> str | None:
    """Why the participant cannot cancel their own sign-up now (its status, or past the event's deadline); None
    when they can."""
    if signup.status not in (SignupStatus.PENDING, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED):
        return _("「%(status)s」の申込は取り消せません。") % {"status": signup.get_status_display()}
    if (now or timezone.now()) >= signup.event.cancel_deadline:
        return _("取消期限（%(deadline)s）を過ぎたため取り消せません。主催者にご連絡ください。") % {
            "deadline": _session_label(signup.event.cancel_deadline)
        }
    return None


def cancel_refusal(signup: Signup, *, by: Visitor | None, now: dt.datetime | None = None) -> str | None:
    """Why `by` cannot cancel this sign-up now (the participant: until the event's deadline; staff and the
    organiser any time), in the user's language; None when they can. `by` None: the guest holding the link."""
    if by is not None and by.is_authenticated and can_manage_event(by, signup.event):
        if signup.status not in (SignupStatus.PENDING, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED):
            return _("「%(status)s」の申込は取り消せません。") % {"status": signup.get_status_display()}
        return None
    if by is not None and signup.user_id != getattr(by, "pk", None):
        return _("この申込を取り消す権限がありません。")
    return participant_cancel_refusal(signup, now=now)


@transaction.atomic
def signup_cancel(*, signup: Signup | int, by: User | None, now: dt.datetime | None = None) -> Signup:
    """Cancel a sign-up (the participant until the deadline, `by` None for a guest by their link; staff or the
    organiser any time); a freed seat goes to the first on the waitlist in the same transaction, who is mailed
    (after commit)."""
    pk = signup.pk if isinstance(signup, Signup) else signup
    event_id = Signup.objects.values_list("event_id", flat=True).get(pk=pk)
    event = _lock(event_id)  # the event first, as sign-ups lock it: one order, no deadlock
    signup = Signup.objects.select_for_update(of=("self",)).select_related("user").get(pk=pk)
    signup.event = event
    if problem := cancel_refusal(signup, by=by, now=now):
        raise ValidationError(problem)
    held_seat = signup.status == SignupStatus.CONFIRMED
    signup.status = SignupStatus.CANCELLED
    signup.cancelled_at = now or timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    send_templated_mail(
        to=[signup.email], template="center/email/signup_cancelled", context={"signup": signup, "event": event}
    )
    if held_seat:
        promote_from_waitlist(event)
    return signup


def promote_from_waitlist(event: Event) -> Signup | None:
    """Give a free seat to the first on the waitlist (pk order) and mail them; the caller holds the event lock."""
    if _seat_status(event) != SignupStatus.CONFIRMED:
        return None
    first = (
        event.signups.select_for_update(of=("self",))
        .select_related("user")
        .filter(status=SignupStatus.WAITLISTED)
        .order_by("pk")
        .first()
    )
    if first is None:
        return None
    first.status = SignupStatus.CONFIRMED
    first.save(update_fields=["status"])
    first.event = event
    send_templated_mail(
        to=[first.email],
        template="center/email/signup_promoted",
        context={"signup": first, "event": event, "manage_url": _manage_url(first)},
    )
    return first


@transaction.atomic
def signup_check_in(*, signup: Signup | int, by: User, now: dt.datetime | None = None) -> Signup:
    """Staff or the organiser mark a confirmed participant present at the door."""
    pk = signup.pk if isinstance(signup, Signup) else signup
    signup = Signup.objects.select_for_update(of=("self",)).select_related("event__group", "user").get(pk=pk)
    if not can_manage_event(by, signup.event):
        raise ValidationError(_("受付をする権限がありません。"))
    if signup.status == SignupStatus.ATTENDED:
        return signup
    if signup.status != SignupStatus.CONFIRMED:
        raise ValidationError(_("「%(status)s」の申込は受付できません。") % {"status": signup.get_status_display()})
    signup.status = SignupStatus.ATTENDED
    signup.attended_at = now or timezone.now()
    signup.save(update_fields=["status", "attended_at"])
    return signup


@transaction.atomic
def send_event_reminders(now: dt.datetime | None = None) -> int:
    """Mail every confirmed participant of sessions held tomorrow (Japan time); a session is reminded once, so a
    second run the same day sends nothing. Returns how many mails were queued."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(), tzinfo=timezone.get_current_timezone())
    sessions = list(
        EventSession.objects.select_for_update(of=("self",))
        .select_related("event", "event__space__facility", "event__group")
        .filter(
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
            reminded_at__isnull=True,
            event__status=EventStatus.APPROVED,
        )
    )
    if not sessions:
        return 0
    signups = (
        Signup.objects.select_related("user")
        .filter(event__in=[s.event_id for s in sessions], status=SignupStatus.CONFIRMED)
        .order_by("pk")
    )
    by_event: dict[int, list[Signup]] = {}
    for signup in signups:
        by_event.setdefault(signup.event_id, []).append(signup)
    messages = [
        ([signup.email], {"event": session.event, "session": session, "signup": signup})
        for session in sessions
        for signup in by_event.get(session.event_id, [])
    ]
    sent = send_templated_mails(template="center/email/event_reminder", messages=messages)
    EventSession.objects.filter(pk__in=[s.pk for s in sessions]).update(reminded_at=now)
    logger.info("event reminders: %d sessions, %d mails", len(sessions), sent)
    return sent
