"""Loans and bookings log every status change with who made it, including the automatic and bulk paths."""

import datetime as dt
import io

import pytest
from django.contrib.admin import site
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from facilities.admin import LoanStatusChangeInline
from facilities.models import BookingStatus, Loan, LoanStatus, LoanStatusChange
from facilities.services import (
    booking_cancel,
    booking_create,
    loan_cancel,
    loan_create,
    loan_hand_over,
    loan_mark_overdue,
    loan_return,
)
from facilities.services.equipment import loan_dates
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import EquipmentTypeFactory, FacilityFactory, SpaceFactory, at, booked, next_weekday

pytestmark = pytest.mark.django_db


def _loan(user=None, **kwargs):
    day = timezone.localdate() + dt.timedelta(days=2)
    start, end = loan_dates(day, day)
    return loan_create(
        user=user or UserFactory(),
        equipment_type=kwargs.pop("equipment_type", None) or EquipmentTypeFactory(stock=5),
        quantity=1,
        starts_at=start,
        ends_at=end,
        **kwargs,
    )


def _steps(loan):
    return list(
        LoanStatusChange.objects.filter(loan=loan).order_by("id").values_list("from_status", "to_status", "changed_by")
    )


def test_a_loan_logs_reserve_hand_over_overdue_and_return_with_the_actor():
    borrower, staff = UserFactory(), StaffFactory()
    loan = _loan(borrower)
    loan = loan_hand_over(loan=loan, by=staff)
    assert loan_mark_overdue(now=loan.ends_at + dt.timedelta(hours=1)) == 1
    loan_return(loan=loan, by=staff, condition="ケースに傷")
    assert _steps(loan) == [
        ("", LoanStatus.RESERVED, borrower.pk),
        (LoanStatus.RESERVED, LoanStatus.HANDED_OVER, staff.pk),
        (LoanStatus.HANDED_OVER, LoanStatus.OVERDUE, None),
        (LoanStatus.OVERDUE, LoanStatus.RETURNED, staff.pk),
    ]
    overdue, returned = loan.status_changes.order_by("id")[2:]
    assert overdue.note == "返却期限を過ぎたため自動で変更"
    assert returned.note == "ケースに傷"


def test_a_cancelled_loan_logs_who_cancelled_it():
    staff = StaffFactory()
    loan = _loan()
    loan_cancel(loan=loan, by=staff, note="先方の都合")
    step = loan.status_changes.latest("id")
    assert (step.from_status, step.to_status, step.changed_by, step.note) == (
        LoanStatus.RESERVED,
        LoanStatus.CANCELLED,
        staff,
        "先方の都合",
    )


def test_the_overdue_job_logs_each_loan_and_leaves_the_others():
    tables = EquipmentTypeFactory(stock=5)
    staff = StaffFactory()
    late = [loan_hand_over(loan=_loan(equipment_type=tables), by=staff) for _ in range(2)]
    reserved = _loan(equipment_type=tables)
    out = io.StringIO()
    call_command("mark_overdue_loans", stdout=out)  # the nightly command: nothing is due yet
    assert out.getvalue().strip() == "0"
    assert Loan.objects.filter(status=LoanStatus.OVERDUE).count() == 0
    assert loan_mark_overdue(now=late[0].ends_at + dt.timedelta(minutes=1)) == 2
    for loan in late:
        assert _steps(loan)[-1] == (LoanStatus.HANDED_OVER, LoanStatus.OVERDUE, None)
    assert _steps(reserved) == [("", LoanStatus.RESERVED, reserved.user_id)]
    assert loan_mark_overdue(now=late[0].ends_at + dt.timedelta(days=1)) == 0  # already overdue: no second step


def test_cancelling_a_booking_cancels_its_loans_step_by_step_with_the_actor():
    space = SpaceFactory()
    tables = EquipmentTypeFactory(facility=space.facility, stock=5)
    day = next_weekday(2)
    booker = UserFactory()
    booking = booked(space, day, user=booker, purpose="定例会", expected_attendees=5, equipment=[(tables, 2)])
    [loan] = booking.loans.all()
    booking_cancel(booking=booking, by=booker)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CANCELLED
    step = loan.status_changes.latest("id")
    assert (step.from_status, step.to_status, step.changed_by) == (LoanStatus.RESERVED, LoanStatus.CANCELLED, booker)
    assert "取消" in step.note


def test_auto_confirm_logs_the_step_with_no_actor():
    space = SpaceFactory(facility=FacilityFactory(auto_confirm=True))
    day = next_weekday(2)
    booker = UserFactory()
    booking = booking_create(
        user=booker, space=space, starts_at=at(day, 10), ends_at=at(day, 12), purpose="定例会", expected_attendees=5
    )
    assert booking.status == BookingStatus.CONFIRMED
    steps = list(booking.status_changes.order_by("id").values_list("from_status", "to_status", "changed_by", "note"))
    assert steps == [
        ("", BookingStatus.REQUESTED, booker.pk, ""),
        (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, None, "自動確定"),
    ]


def test_front_desk_and_admin_actions_log_the_staff_member(client):
    staff = StaffFactory()
    client.force_login(staff)
    loan = _loan()
    client.post(reverse("facilities:front_desk_action", args=["loan", loan.pk, "hand-over"]))
    client.post(reverse("facilities:front_desk_action", args=["loan", loan.pk, "return"]), {"condition": "良好"})
    assert _steps(loan)[1:] == [
        (LoanStatus.RESERVED, LoanStatus.HANDED_OVER, staff.pk),
        (LoanStatus.HANDED_OVER, LoanStatus.RETURNED, staff.pk),
    ]
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    other = _loan()
    client.post(reverse("admin:facilities_loan_changelist"), {"action": "cancel", "_selected_action": [other.pk]})
    assert _steps(other)[-1] == (LoanStatus.RESERVED, LoanStatus.CANCELLED, admin.pk)


def test_the_loan_admin_shows_its_log_read_only(rf, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    loan = _loan()
    loan_hand_over(loan=loan, by=admin)
    page = client.get(reverse("admin:facilities_loan_change", args=[loan.pk])).content.decode()
    assert "貸出の状態変更履歴" in page
    assert "貸出中" in page
    request = rf.get("/")
    request.user = admin
    inline = LoanStatusChangeInline(Loan, site)
    assert not inline.has_add_permission(request, loan)
    assert not inline.has_change_permission(request, loan)
    assert not inline.has_delete_permission(request, loan)
