"""Lottery (抽選予約): ranked applications in the window, one seeded draw, provisional wins, losers told."""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.core.mail import send_templated_mails
from civic_portal.core.workflow import transition
from groups.models import Group
from groups.permissions import can_act_for_group

from ..availability import closed_reason, occupied_range, physical_space_ids, time_problems
from ..models import (
    Booking,
    BookingStatus,
    ChoiceOutcome,
    LotteryApplication,
    LotteryChoice,
    LotteryStatus,
    LotteryWindow,
    Occupancy,
    Space,
)
from .bookings import _lock, booking_create, set_payment_terms
from .notifications import notify_booking

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

logger = logging.getLogger(__name__)

Slot = tuple[Space, dt.datetime, dt.datetime]
ALTERNATIVES_MAX = 5


def month_bounds(window: LotteryWindow) -> tuple[dt.datetime, dt.datetime]:
    """The covered month as [first day 00:00, next month's first day 00:00) in Japan time."""
    first = window.month
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(dt.datetime.combine(first, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(following, dt.time.min)),
    )


def window_get(*, pk: int, for_draw: bool = False) -> LotteryWindow:
    """A lottery with its facility's calendar rules and rooms (parts included), as applications and draws read it."""
    qs = LotteryWindow.objects.select_related("facility").prefetch_related(
        "spaces__parts", "facility__opening_hours", "facility__closures", "facility__owner_windows"
    )
    if for_draw:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=pk)


def choice_problems(window: LotteryWindow, slots: Sequence[Slot], *, expected_attendees: int) -> list[str]:
    """Every reason the ranked choices cannot be accepted, in Japanese (empty when they can)."""
    if not slots:
        return [_("希望を1つ以上選んでください。")]
    if len(slots) > window.max_choices:
        return [_("希望は第%(n)d希望までです。") % {"n": window.max_choices}]
    start, end = month_bounds(window)
    allowed = {s.pk for s in window.spaces.all()}
    now = timezone.now()
    problems: list[str] = []
    seen: set[tuple[int, dt.datetime]] = set()
    for rank, (space, starts_at, ends_at) in enumerate(slots, start=1):
        label = _("第%(n)d希望") % {"n": rank}
        if space.pk not in allowed:
            problems.append(_("%(label)s: この抽選の対象の部屋ではありません。") % {"label": label})
            continue
        if not (start <= starts_at and ends_at <= end):
            problems.append(
                _("%(label)s: 抽選の対象は%(month)sの利用だけです。")
                % {"label": label, "month": f"{window.month:%Y年%m月}"}
            )
            continue
        if (space.pk, starts_at) in seen:
            problems.append(_("%(label)s: 同じ枠を二度選んでいます。") % {"label": label})
        seen.add((space.pk, starts_at))
        if expected_attendees > space.capacity:
            problems.append(_("%(label)s: 定員（%(n)d人）を超えています。") % {"label": label, "n": space.capacity})
        for problem in time_problems(
            facility=window.facility, starts_at=starts_at, ends_at=ends_at, registered=True, now=now, advance=False
        ):
            problems.append(f"{label}: {problem}")
    return problems


@transaction.atomic
def lottery_apply(
    *,
    window: LotteryWindow | int,
    user: User,
    group: Group,
    purpose: str,
    expected_attendees: int,
    slots: Sequence[Slot],
) -> LotteryApplication:
    """A registered group's manager applies with up to N ranked choices, within the application period; a group
    applies once per lottery (the database refuses a second application)."""
    window = window_get(pk=window.pk if isinstance(window, LotteryWindow) else window)
    if not window.is_accepting:
        raise ValidationError(
            _("申込期間（%(first)s〜%(last)s）外のため申し込めません。")
            % {"first": f"{window.applies_from:%Y-%m-%d}", "last": f"{window.applies_until:%Y-%m-%d}"},
            code="outside_window",
        )
    if not can_act_for_group(user, group):
        raise ValidationError({"group": _("登録団体の代表者・管理者だけが申し込めます。")})
    if expected_attendees < 1:
        raise ValidationError({"expected_attendees": _("人数は1人以上で入力してください。")})
    if problems := choice_problems(window, slots, expected_attendees=expected_attendees):
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            application = LotteryApplication.objects.create(
                window=window, group=group, user=user, purpose=purpose, expected_attendees=expected_attendees
            )
            LotteryChoice.objects.bulk_create(
                [
                    LotteryChoice(application=application, rank=rank, space=space, starts_at=starts_at, ends_at=ends_at)
                    for rank, (space, starts_at, ends_at) in enumerate(slots, start=1)
                ]
            )
    except IntegrityError as exc:
        raise ValidationError(_("この団体はこの抽選にすでに申し込んでいます。"), code="duplicate") from exc
    return application


def draw_order(application_ids: Sequence[int], seed: int) -> list[int]:
    """The published order: the applications sorted by number, shuffled by random.Random(seed)."""
    order = sorted(application_ids)
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible, published order, not a secret
    return order


class _Taken:
    """Time held in the window's rooms: active occupancies before the draw, then each win as it is given."""

    def __init__(self, window: LotteryWindow, spaces: Sequence[Space]):
        self.facility = window.facility
        ids = sorted({pk for s in spaces for pk in physical_space_ids(s)})
        start, end = month_bounds(window)
        self.held: dict[int, list[DateTimeTZRange]] = defaultdict(list)
        for space_id, during in Occupancy.objects.overlapping(ids, DateTimeTZRange(start, end, "[)")).values_list(
            "space_id", "during"
        ):
            self.held[space_id].append(during)

    def is_free(self, space: Space, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        during = occupied_range(self.facility, starts_at, ends_at)
        return not any(
            r.lower < during.upper and during.lower < r.upper for pk in physical_space_ids(space) for r in self.held[pk]
        )

    def hold(self, space: Space, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
        for pk in physical_space_ids(space):
            self.held[pk].append(occupied_range(self.facility, starts_at, ends_at))


def _confirm_deadline(window: LotteryWindow, starts_at: dt.datetime) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=window.confirm_days)
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time.max)), starts_at)


@transaction.atomic
def lottery_draw(*, window: LotteryWindow | int, by: User, seed: int | None = None) -> LotteryWindow:
    """Center staff run the one draw of a lottery once its period has ended: the applications in a seeded random
    order (seed and order stored, published and logged), then round by round each applicant in that order wins its
    best-ranked choice still free, up to the quota; wins become provisional bookings with a confirm-by time, losers
    are mailed free alternatives. A lottery already drawn is returned unchanged."""
    from civic_portal.accounts.roles import is_center_staff

    if not is_center_staff(by):
        raise PermissionDenied
    window = window_get(pk=window.pk if isinstance(window, LotteryWindow) else window, for_draw=True)
    if window.is_drawn:
        return window
    applications = list(
        LotteryApplication.objects.filter(window=window)
        .select_related("group", "user")
        .prefetch_related("choices__space__parts")
        .order_by("pk")
    )
    window.seed = secrets.randbits(48) if seed is None else seed
    window.draw_order = draw_order([a.pk for a in applications], window.seed)
    window.drawn_at = timezone.now()
    note = _("シード %(seed)d、抽選順（申込番号）: %(order)s") % {
        "seed": window.seed,
        "order": ", ".join(str(pk) for pk in window.draw_order) or "—",
    }
    # Drawn first: the month then opens, and the wins are booked through the same service as any booking.
    transition(window, to=LotteryStatus.DRAWN, by=by, note=note, fields=["seed", "draw_order", "drawn_at"])
    by_id = {a.pk: a for a in applications}
    spaces = list(window.spaces.all())
    taken = _Taken(window, spaces)
    pending = {a.pk: sorted(a.choices.all(), key=lambda c: c.rank) for a in applications}
    wins: dict[int, int] = defaultdict(int)
    for _round in range(window.quota_per_group):
        for pk in window.draw_order:
            application = by_id[pk]
            while pending[pk]:
                choice = pending[pk].pop(0)
                if not taken.is_free(choice.space, choice.starts_at, choice.ends_at):
                    continue
                try:
                    choice.booking = booking_create(
                        user=application.user,
                        space=choice.space,
                        starts_at=choice.starts_at,
                        ends_at=choice.ends_at,
                        purpose=application.purpose,
                        expected_attendees=application.expected_attendees,
                        group=application.group,
                        hold_until=_confirm_deadline(window, choice.starts_at),
                    )
                except (
                    ValidationError
                ) as exc:  # the slot broke a rule since (closure, quota, group no longer registered)
                    logger.info("lottery %s: choice %s not booked: %s", window.pk, choice.pk, exc.messages)
                    continue
                choice.outcome = ChoiceOutcome.WON
                taken.hold(choice.space, choice.starts_at, choice.ends_at)
                wins[pk] += 1
                break
    choices = [c for a in applications for c in a.choices.all()]
    for choice in choices:
        if choice.outcome != ChoiceOutcome.WON:
            choice.outcome = ChoiceOutcome.LOST
    LotteryChoice.objects.bulk_update(choices, ["outcome", "booking"])
    _tell_losers(window, [a for a in applications if not wins[a.pk]], spaces, taken)
    return window


def free_alternatives(
    window: LotteryWindow, choices: Sequence[LotteryChoice], spaces: Sequence[Space], taken: _Taken
) -> list[Slot]:
    """Free slots to offer a loser: the times they asked for in the lottery's other rooms on the same day, then in
    the same rooms on the same weekday of other weeks of the month (open days only)."""
    start, end = month_bounds(window)
    now = timezone.now()
    found: list[Slot] = []
    seen: set[tuple[int, dt.datetime]] = set()
    facility = window.facility
    for choice in sorted(choices, key=lambda c: c.rank):
        candidates = [(s, choice.starts_at, choice.ends_at) for s in spaces]
        for weeks in (-3, -2, -1, 1, 2, 3):
            shift = dt.timedelta(weeks=weeks)
            candidates.append((choice.space, choice.starts_at + shift, choice.ends_at + shift))
        for space, starts_at, ends_at in candidates:
            if (space.pk, starts_at) in seen or not (start <= starts_at and ends_at <= end) or starts_at <= now:
                continue
            seen.add((space.pk, starts_at))
            if closed_reason(facility, timezone.localtime(starts_at).date()) or not taken.is_free(
                space, starts_at, ends_at
            ):
                continue
            found.append((space, starts_at, ends_at))
            if len(found) >= ALTERNATIVES_MAX:
                return found
    return found


def _tell_losers(
    window: LotteryWindow, losers: Sequence[LotteryApplication], spaces: Sequence[Space], taken: _Taken
) -> None:
    messages = [
        (
            [a.user.email],
            {
                "window": window,
                "application": a,
                "alternatives": [
                    {"space": space, "starts_at": starts_at, "ends_at": ends_at}
                    for space, starts_at, ends_at in free_alternatives(window, list(a.choices.all()), spaces, taken)
                ],
            },
        )
        for a in losers
        if a.user.email
    ]
    send_templated_mails(template="facilities/email/lottery_lost", messages=messages)


@transaction.atomic
def booking_confirm_provisional(*, booking: Booking | int, by: User) -> Booking:
    """The booker (or a manager of its group) confirms a provisional booking before its confirm-by time."""
    booking = _lock(booking)
    if booking.user_id != by.pk and not (booking.group and can_act_for_group(by, booking.group)):
        raise PermissionDenied
    if booking.status != BookingStatus.PROVISIONAL:
        raise ValidationError(_("この予約は仮予約ではありません。"))
    transition(booking, to=BookingStatus.CONFIRMED, by=by, note=_("当選の確定"), fields=set_payment_terms(booking))
    notify_booking(booking)
    return booking
