"""Lottery (抽選予約): applications within the window, one fair and reproducible draw, provisional wins, losers told."""

import datetime as dt
import itertools

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from facilities.models import (
    Booking,
    BookingStatus,
    ChoiceOutcome,
    LotteryChoice,
    LotteryStatus,
    LotteryWindowStatusChange,
)
from facilities.services import (
    booking_confirm_provisional,
    booking_create,
    booking_release_expired,
    lottery_apply,
    lottery_draw,
)
from facilities.services.lottery import draw_order
from groups.models import GroupStatus
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import FacilityFactory, SpaceFactory, at, lottery_window
from tests.factories.groups import GroupFactory, manager_with_group

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
AUGUST = dt.date(2026, 8, 1)
SAT = dt.date(2026, 8, 8)  # a Saturday in the covered month


@pytest.fixture
def clock(time_machine):
    # 5 June 2026 10:00 Tokyo: inside the application period 1-10 June for August.
    time_machine.move_to(dt.datetime(2026, 6, 5, 10, tzinfo=TZ), tick=False)
    return time_machine


@pytest.fixture
def rooms(clock):
    facility = FacilityFactory(name="中央センター")
    return [SpaceFactory(facility=facility, name="ホール"), SpaceFactory(facility=facility, name="和室")]


@pytest.fixture
def window(rooms):
    return lottery_window(rooms, month=AUGUST, applies=(dt.date(2026, 6, 1), dt.date(2026, 6, 10)), max_choices=3)


def apply(window, slots, *, user=None, group=None, attendees=10):
    if user is None:
        user, group = manager_with_group()
    return lottery_apply(
        window=window, user=user, group=group, purpose="定例会", expected_attendees=attendees, slots=slots
    )


def slot(space, day=SAT, hours=(13, 17)):
    return (space, at(day, hours[0]), at(day, hours[1]))


def after_period(clock):
    clock.move_to(dt.datetime(2026, 6, 11, 9, tzinfo=TZ), tick=False)


def test_applications_outside_the_window_are_refused_in_japanese(window, rooms, clock):
    clock.move_to(dt.datetime(2026, 5, 31, 23, 59, tzinfo=TZ), tick=False)
    with pytest.raises(ValidationError, match="申込期間（2026-06-01〜2026-06-10）外"):
        apply(window, [slot(rooms[0])])
    clock.move_to(dt.datetime(2026, 6, 11, 0, 0, tzinfo=TZ), tick=False)
    with pytest.raises(ValidationError, match="申込期間"):
        apply(window, [slot(rooms[0])])
    clock.move_to(dt.datetime(2026, 6, 10, 23, 59, tzinfo=TZ), tick=False)
    assert apply(window, [slot(rooms[0])]).choices.count() == 1


def test_a_group_applies_once_and_a_slot_once(window, rooms):
    user, group = manager_with_group()
    apply(window, [slot(rooms[0]), slot(rooms[1])], user=user, group=group)
    with pytest.raises(ValidationError, match="すでに申し込んでいます"):
        apply(window, [slot(rooms[0], day=SAT + dt.timedelta(days=7))], user=user, group=group)
    other, other_group = manager_with_group()
    with pytest.raises(ValidationError, match="同じ枠を二度選んでいます"):
        apply(window, [slot(rooms[0]), slot(rooms[0])], user=other, group=other_group)
    with pytest.raises(ValidationError, match="第3希望まで"):
        apply(window, [slot(rooms[0], hours=(h, h + 1)) for h in (9, 10, 11, 12)], user=other, group=other_group)
    with pytest.raises(ValidationError, match="2026年08月の利用だけ"):
        apply(window, [slot(rooms[0], day=dt.date(2026, 9, 5))], user=other, group=other_group)
    assert window.applications.count() == 1


def test_only_managers_of_registered_groups_apply(window, rooms):
    with pytest.raises(ValidationError, match="登録団体の代表者"):
        apply(window, [slot(rooms[0])], user=UserFactory(), group=GroupFactory())
    user = UserFactory()
    draft = GroupFactory(status=GroupStatus.DRAFT, managers=[user])
    with pytest.raises(ValidationError, match="登録団体の代表者"):
        apply(window, [slot(rooms[0])], user=user, group=draft)


def test_the_month_is_not_first_come_first_served_until_the_draw(window, rooms, clock):
    user, group = manager_with_group()
    with pytest.raises(ValidationError, match="抽選"):
        booking_create(
            user=user, group=group, space=rooms[0], starts_at=at(SAT, 9), ends_at=at(SAT, 11), purpose="会議",
            expected_attendees=3,
        )  # fmt: skip
    after_period(clock)
    lottery_draw(window=window, by=StaffFactory(), seed=1)
    booking = booking_create(
        user=user, group=group, space=rooms[0], starts_at=at(SAT, 9), ends_at=at(SAT, 11), purpose="会議",
        expected_attendees=3,
    )  # fmt: skip
    assert booking.status == BookingStatus.REQUESTED


def test_the_draw_waits_for_the_end_of_the_period_and_is_for_staff(window, rooms):
    apply(window, [slot(rooms[0])])
    with pytest.raises(ValidationError, match="申込期間（2026-06-10まで）が終わるまで"):
        lottery_draw(window=window, by=StaffFactory(), seed=1)
    window.refresh_from_db()
    assert window.status == LotteryStatus.OPEN
    assert not Booking.objects.exists()


def test_the_draw_gives_each_slot_once_within_the_quota_and_logs_seed_and_order(window, rooms, clock, worker):
    window.quota_per_group = 2
    window.save()
    wanted = [slot(rooms[0]), slot(rooms[1]), slot(rooms[0], day=SAT + dt.timedelta(days=7))]
    applications = [apply(window, wanted) for _ in range(4)]
    after_period(clock)
    staff = StaffFactory()
    with worker.after():
        window = lottery_draw(window=window, by=staff, seed=20260611)
    assert window.status == LotteryStatus.DRAWN
    assert window.seed == 20260611
    assert window.draw_order == draw_order([a.pk for a in applications], 20260611)
    log = LotteryWindowStatusChange.objects.get(window=window, to_status=LotteryStatus.DRAWN)
    assert log.changed_by == staff
    assert "20260611" in log.note
    assert ", ".join(map(str, window.draw_order)) in log.note

    won = list(LotteryChoice.objects.filter(outcome=ChoiceOutcome.WON).select_related("booking", "application"))
    assert len(won) == 3  # three distinct slots, each won once
    assert len({(c.space_id, c.starts_at) for c in won}) == 3
    per_group = {}
    for choice in won:
        per_group[choice.application.group_id] = per_group.get(choice.application.group_id, 0) + 1
        assert choice.booking.status == BookingStatus.PROVISIONAL
        assert choice.booking.group_id == choice.application.group_id
        assert choice.booking.hold_until == dt.datetime(2026, 6, 18, 23, 59, 59, 999999, tzinfo=TZ)
    assert max(per_group.values()) <= 2
    # The first in the order gets its first choice; round one gives one slot to each of the first three.
    first = next(a for a in applications if a.pk == window.draw_order[0])
    assert first.choices.get(rank=1).outcome == ChoiceOutcome.WON
    assert set(per_group) == {a.group_id for a in applications if a.pk in window.draw_order[:3]}
    assert LotteryChoice.objects.filter(outcome=ChoiceOutcome.PENDING).count() == 0
    # The one who won nothing is mailed, with free alternatives in the lottery's rooms.
    loser = next(a for a in applications if a.pk == window.draw_order[3])
    lost_mail = [m for m in mail.outbox if loser.user.email in m.to and "落選" in m.subject]
    assert len(lost_mail) == 1
    assert "空いている枠" in lost_mail[0].body
    assert "和室" in lost_mail[0].body or "ホール" in lost_mail[0].body


def test_a_slot_taken_by_an_earlier_winner_falls_through_to_the_next_choice(window, rooms, clock):
    a = apply(window, [slot(rooms[0]), slot(rooms[1])])
    b = apply(window, [slot(rooms[0]), slot(rooms[1])])
    after_period(clock)
    window = lottery_draw(window=window, by=StaffFactory(), seed=5)
    first, second = (a, b) if window.draw_order[0] == a.pk else (b, a)
    assert first.choices.get(rank=1).outcome == ChoiceOutcome.WON
    assert second.choices.get(rank=1).outcome == ChoiceOutcome.LOST
    assert second.choices.get(rank=2).outcome == ChoiceOutcome.WON


def test_the_same_seed_gives_the_same_result(rooms, clock):
    results = []
    for attempt in range(2):
        clock.move_to(dt.datetime(2026, 6, 5, 10, tzinfo=TZ), tick=False)
        window = lottery_window(
            rooms, month=dt.date(2026, 8 + attempt, 1), applies=(dt.date(2026, 6, 1), dt.date(2026, 6, 10))
        )
        day = SAT + dt.timedelta(weeks=5 * attempt)  # 8 August, then 12 September
        apps = [apply(window, [slot(rooms[0], day=day), slot(rooms[1], day=day)]) for _ in range(5)]
        after_period(clock)
        window = lottery_draw(window=window, by=StaffFactory(), seed=424242)
        outcome = [[c.outcome for c in a.choices.order_by("rank")] for a in sorted(apps, key=lambda a: a.pk)]
        results.append(([apps.index(next(x for x in apps if x.pk == pk)) for pk in window.draw_order], outcome))
    assert results[0] == results[1]


def test_a_second_draw_does_nothing(window, rooms, clock):
    apply(window, [slot(rooms[0])])
    apply(window, [slot(rooms[0])])
    after_period(clock)
    staff = StaffFactory()
    first = lottery_draw(window=window, by=staff, seed=7)
    bookings = list(Booking.objects.values_list("pk", "status"))
    outcomes = list(LotteryChoice.objects.order_by("pk").values_list("outcome", "booking"))
    sent = len(mail.outbox)
    again = lottery_draw(window=window, by=staff, seed=8)
    assert (again.seed, again.draw_order) == (7, first.draw_order)
    assert list(Booking.objects.values_list("pk", "status")) == bookings
    assert list(LotteryChoice.objects.order_by("pk").values_list("outcome", "booking")) == outcomes
    assert LotteryWindowStatusChange.objects.filter(window=window, to_status=LotteryStatus.DRAWN).count() == 1
    assert len(mail.outbox) == sent


def test_each_applicant_has_the_same_chance_over_many_seeds():
    """Chi-square over 3,000 fixed seeds: 6 applicants for one slot, each should win a sixth of the draws."""
    applicants = [11, 23, 35, 47, 59, 61]
    wins = dict.fromkeys(applicants, 0)
    runs = 3000
    for seed in range(runs):
        wins[draw_order(applicants, seed)[0]] += 1
    expected = runs / len(applicants)
    chi_square = sum((n - expected) ** 2 / expected for n in wins.values())
    assert chi_square < 15.09  # the 1 % critical value for 5 degrees of freedom
    # And every position, not only the first: each applicant is equally likely to be drawn k-th.
    for position in range(len(applicants)):
        counts = dict.fromkeys(applicants, 0)
        for seed in range(runs):
            counts[draw_order(applicants, seed)[position]] += 1
        assert sum((n - expected) ** 2 / expected for n in counts.values()) < 15.09


def test_the_order_does_not_depend_on_the_order_applications_are_listed():
    assert draw_order([3, 1, 2], 99) == draw_order([1, 2, 3], 99)
    assert len({tuple(draw_order([1, 2, 3], s)) for s in range(200)}) == 6  # every permutation occurs


def test_the_winner_confirms_before_the_deadline_and_late_wins_are_released(window, rooms, clock, worker):
    a = apply(window, [slot(rooms[0])])
    b = apply(window, [slot(rooms[1])])
    after_period(clock)
    lottery_draw(window=window, by=StaffFactory(), seed=3)
    won_a = a.choices.get().booking
    won_b = b.choices.get().booking
    with pytest.raises(ValidationError, match="仮予約"):
        booking_confirm_provisional(booking=booking_create(
            user=a.user, group=a.group, space=rooms[0], starts_at=at(SAT, 9), ends_at=at(SAT, 11), purpose="会議",
            expected_attendees=3,
        ), by=a.user)  # fmt: skip
    booking_confirm_provisional(booking=won_a, by=a.user)
    won_a.refresh_from_db()
    assert won_a.status == BookingStatus.CONFIRMED
    clock.move_to(dt.datetime(2026, 6, 19, 0, 1, tzinfo=TZ), tick=False)
    with pytest.raises(ValidationError, match="確定期限（2026-06-18 23:59）を過ぎた"):
        booking_confirm_provisional(booking=won_b, by=b.user)
    with worker.after():
        assert booking_release_expired() == {"unconfirmed": 1, "unpaid": 0}
    won_b.refresh_from_db()
    assert won_b.status == BookingStatus.CANCELLED
    assert not won_b.occupancies.filter(is_active=True).exists()
    assert booking_release_expired() == {"unconfirmed": 0, "unpaid": 0}
    # The released slot is open to anyone, first come first served.
    user, group = manager_with_group()
    taken = booking_create(
        user=user, group=group, space=rooms[1], starts_at=at(SAT, 13), ends_at=at(SAT, 17), purpose="会議",
        expected_attendees=3,
    )  # fmt: skip
    assert taken.is_active


def test_many_applicants_for_two_slots_never_double_book(rooms, clock):
    window = lottery_window(rooms, month=AUGUST, applies=(dt.date(2026, 6, 1), dt.date(2026, 6, 10)), max_choices=2)
    for _ in range(8):
        apply(window, [slot(rooms[0]), slot(rooms[1])])
    after_period(clock)
    lottery_draw(window=window, by=StaffFactory(), seed=11)
    assert Booking.objects.filter(status=BookingStatus.PROVISIONAL).count() == 2
    holders = list(
        itertools.chain.from_iterable(b.occupancies.values_list("space_id", flat=True) for b in Booking.objects.all())
    )
    assert sorted(holders) == sorted(r.pk for r in rooms)
