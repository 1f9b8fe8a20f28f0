import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from icalendar import Calendar

from facilities.models import (
    BookingStatus,
    Closure,
    ExemptionApplication,
    ExemptionQualifier,
    ExemptionState,
    FacilityKind,
    Occupancy,
    OwnerWindow,
)
from facilities.services import (
    booking_cancel,
    booking_check_in,
    booking_confirm,
    booking_create,
    booking_decline,
    booking_exemption_review,
    booking_series_create,
    booking_series_preview,
)
from groups.models import GroupStatus
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import (
    EquipmentTypeFactory,
    ExemptionRuleFactory,
    FacilityFactory,
    FeeRateFactory,
    SpaceFactory,
    at,
    next_weekday,
)
from tests.factories.groups import GroupFactory, manager_with_group

pytestmark = pytest.mark.django_db

TUESDAY = 1


def book(space, day, start, end, user=None, **kwargs):
    return booking_create(
        user=user or UserFactory(),
        space=space,
        starts_at=at(day, *start) if isinstance(start, tuple) else at(day, start),
        ends_at=at(day, *end) if isinstance(end, tuple) else at(day, end),
        purpose="定例会",
        expected_attendees=kwargs.pop("expected_attendees", 10),
        **kwargs,
    )


def test_overlapping_booking_is_refused_with_a_japanese_message():
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    book(space, day, 10, 12)
    with pytest.raises(ValidationError) as exc:
        book(space, day, 11, 13)
    assert "すでに予約が入っています" in exc.value.messages[0]


def test_adjacent_slots_are_allowed_because_ranges_are_half_open():
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    book(space, day, 10, 12)
    book(space, day, 12, 14)
    assert Occupancy.objects.filter(space=space, is_active=True).count() == 2


def test_cleaning_buffer_keeps_the_next_booking_away():
    space = SpaceFactory(facility=FacilityFactory(cleaning_minutes=30))
    day = next_weekday(TUESDAY)
    book(space, day, 10, 12)
    with pytest.raises(ValidationError):
        book(space, day, 12, 14)
    book(space, day, (12, 30), (14, 30))


def test_database_itself_refuses_overlapping_active_occupancies():
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    first = book(space, day, 10, 12)
    second = book(space, day, 13, 15)
    with pytest.raises(IntegrityError):
        Occupancy.objects.filter(booking=second).update(during=first.occupancies.get().during)


def test_divisible_hall_occupies_each_part_and_parts_block_the_hall():
    facility = FacilityFactory()
    part_a = SpaceFactory(facility=facility, name="ホールA")
    part_b = SpaceFactory(facility=facility, name="ホールB")
    hall = SpaceFactory(facility=facility, name="ホール全体", capacity=200, parts=[part_a, part_b])
    day = next_weekday(TUESDAY)
    booking = book(hall, day, 10, 12)
    assert sorted(booking.occupancies.values_list("space_id", flat=True)) == sorted([part_a.pk, part_b.pk])
    with pytest.raises(ValidationError):
        book(part_b, day, 11, 12)
    book(part_a, day, 13, 15)
    with pytest.raises(ValidationError):
        book(hall, day, 14, 16)
    book(part_b, day, 14, 16)


def test_cancelling_frees_the_time():
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    first = book(space, day, 10, 12)
    booking_cancel(booking=first, by=first.user)
    second = book(space, day, 10, 12)
    assert second.status == BookingStatus.REQUESTED
    assert not first.occupancies.get().is_active


def test_closures_and_public_holidays_close_the_facility():
    facility = FacilityFactory(closed_on_holidays=True)
    space = SpaceFactory(facility=facility)
    day = next_weekday(TUESDAY)
    Closure.objects.create(facility=facility, first_day=day, last_day=day, reason="設備点検")
    with pytest.raises(ValidationError) as exc:
        book(space, day, 10, 12)
    assert "設備点検" in exc.value.messages[0]


def test_public_holiday_closure_uses_the_japanese_calendar(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 20, 9, tzinfo=timezone.get_current_timezone()))
    space = SpaceFactory(facility=FacilityFactory(closed_on_holidays=True))
    with pytest.raises(ValidationError) as exc:
        book(space, dt.date(2026, 5, 6), 10, 12)  # 振替休日
    assert "祝日" in exc.value.messages[0]
    book(space, dt.date(2026, 5, 7), 10, 12)


def test_opening_hours_and_length_and_step_rules():
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    for start, end, text in [
        (8, 10, "開館時間"),
        (20, 22, "開館時間"),
        ((10, 0), (10, 30), "60分以上"),
        ((10, 15), (11, 45), "30分単位"),
    ]:
        with pytest.raises(ValidationError) as exc:
            book(space, day, start, end)
        assert any(text in m for m in exc.value.messages), exc.value.messages


def test_vacant_shop_can_only_be_booked_inside_owner_windows():
    facility = FacilityFactory(kind=FacilityKind.VACANT_SHOP)
    space = SpaceFactory(facility=facility)
    day = next_weekday(TUESDAY)
    with pytest.raises(ValidationError) as exc:
        book(space, day, 10, 12)
    assert "利用枠" in exc.value.messages[0]
    OwnerWindow.objects.create(facility=facility, starts_at=at(day, 9), ends_at=at(day, 13))
    book(space, day, 10, 12)


def test_booking_window_is_longer_for_registered_groups():
    facility = FacilityFactory(advance_days_registered=90, advance_days_other=30)
    space = SpaceFactory(facility=facility)
    day = next_weekday(TUESDAY, weeks=8)
    user, group = manager_with_group()
    with pytest.raises(ValidationError) as exc:
        book(space, day, 10, 12, user=user)
    assert "30日先" in exc.value.messages[0]
    assert book(space, day, 10, 12, user=user, group=group).group == group


def test_only_managers_of_a_registered_group_book_for_it():
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    _, group = manager_with_group()
    with pytest.raises(ValidationError):
        book(space, day, 10, 12, user=UserFactory(), group=group)
    manager = UserFactory()
    draft = GroupFactory(managers=[manager], status=GroupStatus.DRAFT)
    with pytest.raises(ValidationError):
        book(space, day, 10, 12, user=manager, group=draft)


def test_monthly_quota_per_group(time_machine):
    # Frozen: three days of one month that are all still ahead, whatever the real date.
    time_machine.move_to(dt.datetime(2026, 5, 20, 10, tzinfo=timezone.get_current_timezone()), tick=False)
    facility = FacilityFactory(monthly_quota_per_group=2)
    space = SpaceFactory(facility=facility)
    user, group = manager_with_group()
    days = [dt.date(2026, 6, d) for d in (1, 2, 3)]  # Monday to Wednesday, no public holiday
    book(space, days[0], 9, 10, user=user, group=group)
    book(space, days[1], 11, 12, user=user, group=group)
    with pytest.raises(ValidationError) as exc:
        book(space, days[2], 13, 14, user=user, group=group)
    assert "月2件まで" in exc.value.messages[0]


def test_capacity_is_checked():
    space = SpaceFactory(capacity=10)
    with pytest.raises(ValidationError) as exc:
        book(space, next_weekday(TUESDAY), 10, 12, expected_attendees=11)
    assert "定員" in exc.value.messages[0]


def test_fee_and_group_exemption_arithmetic_is_stored_on_the_booking():
    space = SpaceFactory()
    FeeRateFactory(space=space, label="午前", starts=dt.time(9), ends=dt.time(12), hourly_fee=600)
    FeeRateFactory(space=space, label="午後", starts=dt.time(12), ends=dt.time(17), hourly_fee=900)
    projector = EquipmentTypeFactory(facility=space.facility, fee_per_use=500)
    ExemptionRuleFactory(percentage=50)
    ExemptionRuleFactory(percentage=30, code="smaller")
    user, group = manager_with_group()
    booking = book(space, next_weekday(TUESDAY), (10, 30), 14, user=user, group=group, equipment=[(projector, 2)])
    # 90 min x 600/h = 900; 120 min x 900/h = 1800; projectors 2 x 500 = 1000
    assert (booking.room_fee, booking.equipment_fee, booking.list_price) == (2700, 1000, 3700)
    assert booking.exemption_percent == 50
    assert booking.exemption_state == ExemptionState.AUTOMATIC
    assert booking.final_price == 1850
    assert [line["amount"] for line in booking.price_lines] == [900, 1800, 1000]
    assert booking.loans.get().quantity == 2


def test_exemption_rounds_in_the_payers_favour_and_can_exclude_equipment():
    space = SpaceFactory()
    FeeRateFactory(space=space, hourly_fee=333)
    projector = EquipmentTypeFactory(facility=space.facility, fee_per_use=500)
    ExemptionRuleFactory(percentage=25, applies_to_equipment=False)
    user, group = manager_with_group()
    booking = book(space, next_weekday(TUESDAY), 9, 10, user=user, group=group, equipment=[(projector, 1)])
    # room 333 -> pays floor(333 * 75 / 100) = 249; equipment 500 unreduced
    assert booking.final_price == 249 + 500


def test_on_application_exemption_waits_for_staff_review():
    space = SpaceFactory()
    FeeRateFactory(space=space, hourly_fee=1000)
    rule = ExemptionRuleFactory(
        percentage=100,
        qualifier=ExemptionQualifier.PUBLIC_INTEREST,
        application=ExemptionApplication.ON_APPLICATION,
        code="public",
    )
    booking = book(space, next_weekday(TUESDAY), 9, 11, exemption_rule=rule)
    assert booking.exemption_state == ExemptionState.APPLIED
    assert (booking.final_price, booking.price_if_granted) == (2000, 0)  # 減免申請中: undiscounted until granted
    staff = StaffFactory()
    with pytest.raises(ValidationError):
        booking_confirm(booking=booking, by=staff)
    booking = booking_exemption_review(booking=booking, by=staff, approved=False)
    assert booking.exemption_state == ExemptionState.REJECTED
    assert booking.final_price == 2000
    assert booking_confirm(booking=booking, by=staff).status == BookingStatus.CONFIRMED


def test_workflow_emails_and_status_log_with_ical_attachment(worker, time_machine):
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    with worker.after():
        booking = book(space, day, 10, 12)
    staff = StaffFactory()
    with worker.after():
        booking_confirm(booking=booking, by=staff)
    time_machine.move_to(at(day, 10, 5))  # the group has arrived
    with worker.after():
        booking_check_in(booking=booking, by=staff, attendees=8)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.USED
    assert booking.attendees == 8
    assert list(booking.status_changes.values_list("to_status", flat=True)) == ["requested", "confirmed", "used"]
    assert "申込みを受け付けました" in mail.outbox[0].subject
    assert "確定しました" in mail.outbox[1].subject
    assert "利用を記録しました" in mail.outbox[2].subject
    assert "利用人数 8人" in mail.outbox[2].body
    _name, content, mimetype = mail.outbox[1].attachments[0]
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == booking.starts_at
    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, by=staff)


def test_auto_confirm_facility_confirms_at_once():
    space = SpaceFactory(facility=FacilityFactory(auto_confirm=True))
    booking = book(space, next_weekday(TUESDAY), 10, 12)
    assert booking.status == BookingStatus.CONFIRMED


def test_decline_needs_a_reason_and_releases_the_room(worker):
    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    booking = book(space, day, 10, 12)
    staff = StaffFactory()
    with pytest.raises(ValidationError):
        booking_decline(booking=booking, by=staff, note=" ")
    with worker.after():
        booking_decline(booking=booking, by=staff, note="設備点検のため")
    assert "設備点検のため" in mail.outbox[-1].body
    book(space, day, 10, 12)


def test_cancellation_deadline_binds_the_booker_but_not_staff():
    facility = FacilityFactory(cancel_deadline_days=3)
    space = SpaceFactory(facility=facility)
    day = next_weekday(TUESDAY)
    booking = book(space, day, 10, 12)
    late = at(day - dt.timedelta(days=2), 9)
    with pytest.raises(ValidationError) as exc:
        booking_cancel(booking=booking, by=booking.user, now=late)
    assert "取消期限" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, by=UserFactory(), now=at(day - dt.timedelta(days=5), 9))
    booking_cancel(booking=booking, by=booking.user, now=at(day - dt.timedelta(days=4), 9))
    other = book(space, day, 13, 15)
    assert booking_cancel(booking=other, by=StaffFactory(), now=late).status == BookingStatus.CANCELLED


def test_recurring_booking_reports_conflicts_and_books_the_rest(worker):
    space = SpaceFactory()
    first = next_weekday(TUESDAY)
    until = first + dt.timedelta(weeks=3)
    taken = first + dt.timedelta(weeks=1)
    book(space, taken, 18, 20)
    user, group = manager_with_group()
    preview = booking_series_preview(
        space=space, first_start=at(first, 18), first_end=at(first, 21), until=until, group=group
    )
    assert [p.ok for p in preview] == [True, False, True, True]
    assert "すでに予約" in preview[1].problems[0]
    with worker.after():
        made, skipped = booking_series_create(
            user=user,
            space=space,
            first_start=at(first, 18),
            first_end=at(first, 21),
            until=until,
            purpose="毎週の練習",
            expected_attendees=5,
            group=group,
        )
    assert len(made) == 3
    assert [s.starts_at.date() for s in skipped] == [taken]
    assert len({b.series for b in made}) == 1
    assert "繰り返し予約" in mail.outbox[-1].subject


def test_a_lost_race_at_insert_time_becomes_the_same_validation_error():
    from facilities.models import Booking
    from facilities.services.bookings import _insert_occupancies, load_space

    space = SpaceFactory()
    day = next_weekday(TUESDAY)
    winner = book(space, day, 10, 12)
    # A booking row that passed its checks before the winner committed, now inserting its occupancy.
    loser = Booking.objects.create(
        space=space,
        user=UserFactory(),
        starts_at=winner.starts_at,
        ends_at=winner.ends_at,
        purpose="後から",
        expected_attendees=1,
    )
    with pytest.raises(ValidationError) as exc:
        _insert_occupancies(loser, load_space(space))
    assert "すでに予約が入っています" in exc.value.messages[0]


def test_equipment_of_another_facility_cannot_be_attached():
    space = SpaceFactory()
    elsewhere = EquipmentTypeFactory()
    with pytest.raises(ValidationError):
        book(space, next_weekday(TUESDAY), 10, 12, equipment=[(elsewhere, 1)])


def test_classroom_without_opening_hours_is_open_inside_owner_windows_only():
    facility = FacilityFactory(kind=FacilityKind.SCHOOL_CLASSROOM, opening_hours=False)
    space = SpaceFactory(facility=facility)
    day = next_weekday(5)
    OwnerWindow.objects.create(facility=facility, starts_at=at(day, 13), ends_at=at(day, 17))
    book(space, day, 14, 16)
    with pytest.raises(ValidationError) as exc:
        book(space, day, 16, 18)
    assert "利用枠" in exc.value.messages[0]


def test_weekend_and_public_holiday_use_the_holiday_rate(time_machine):
    from facilities.models import DayType

    time_machine.move_to(dt.datetime(2026, 4, 20, 9, tzinfo=timezone.get_current_timezone()))
    space = SpaceFactory()
    FeeRateFactory(space=space, day_type=DayType.WEEKDAY, hourly_fee=600)
    FeeRateFactory(space=space, day_type=DayType.HOLIDAY, hourly_fee=900)
    weekday = book(space, dt.date(2026, 5, 7), 9, 11)  # Thursday
    saturday = book(space, dt.date(2026, 5, 9), 9, 11)
    holiday = book(space, dt.date(2026, 5, 4), 9, 11)  # みどりの日 (Monday)
    assert (weekday.final_price, saturday.final_price, holiday.final_price) == (1200, 1800, 1800)


def test_no_show_and_cancelling_releases_the_equipment_reserved_with_the_booking(worker, time_machine):
    from facilities.models import LoanStatus
    from facilities.services import booking_no_show

    space = SpaceFactory()
    projector = EquipmentTypeFactory(facility=space.facility, stock=1)
    day = next_weekday(TUESDAY)
    booking = book(space, day, 10, 12, equipment=[(projector, 1)])
    with pytest.raises(ValidationError) as exc:
        book(SpaceFactory(facility=space.facility), day, 11, 13, equipment=[(projector, 1)])
    assert "あと0点" in exc.value.messages[0]
    booking_cancel(booking=booking, by=booking.user)
    assert booking.loans.get().status == LoanStatus.CANCELLED
    other = book(SpaceFactory(facility=space.facility), day, 11, 13, equipment=[(projector, 1)])
    staff = StaffFactory()
    booking_confirm(booking=other, by=staff)
    with pytest.raises(ValidationError) as refused:
        booking_no_show(booking=other, by=staff)  # not before it begins
    assert "利用開始" in refused.value.messages[0]
    other.refresh_from_db()
    assert other.status == BookingStatus.CONFIRMED
    assert other.loans.get().status == LoanStatus.RESERVED
    time_machine.move_to(at(day, 11, 30))
    with worker.after():
        no_show = booking_no_show(booking=other, by=staff)
    assert no_show.status == BookingStatus.NO_SHOW
    assert mail.outbox[-1].to == [other.user.email]
    assert "利用されませんでした" in mail.outbox[-1].subject
    assert other.loans.get().status == LoanStatus.CANCELLED
    with pytest.raises(ValidationError):
        booking_check_in(booking=other, by=staff, attendees=3)
