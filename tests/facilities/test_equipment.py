import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from facilities.models import EquipmentItem, LoanStatus
from facilities.services import loan_cancel, loan_create, loan_hand_over, loan_mark_overdue, loan_return
from facilities.services.equipment import loan_dates
from tests.factories.accounts import UserFactory
from tests.factories.facilities import EquipmentTypeFactory

pytestmark = pytest.mark.django_db


def test_stock_is_never_over_committed_for_overlapping_periods():
    tables = EquipmentTypeFactory(name="折りたたみテーブル", stock=20)
    user = UserFactory()
    day = timezone.localdate() + dt.timedelta(days=10)
    start, end = loan_dates(day, day + dt.timedelta(days=2))
    loan_create(user=user, equipment_type=tables, quantity=15, starts_at=start, ends_at=end)
    with pytest.raises(ValidationError) as exc:
        loan_create(user=user, equipment_type=tables, quantity=6, starts_at=start, ends_at=end)
    assert "あと5点" in exc.value.messages[0]
    loan_create(user=user, equipment_type=tables, quantity=5, starts_at=start, ends_at=end)
    # The day after the range is free again (half-open whole days).
    later_start, later_end = loan_dates(day + dt.timedelta(days=3), day + dt.timedelta(days=3))
    loan_create(user=user, equipment_type=tables, quantity=20, starts_at=later_start, ends_at=later_end)


def test_loan_lifecycle_with_serial_numbered_items_and_condition():
    projector = EquipmentTypeFactory(stock=2)
    items = [EquipmentItem.objects.create(equipment_type=projector, serial_number=f"PJ-{n}") for n in (1, 2)]
    day = timezone.localdate() + dt.timedelta(days=1)
    staff = UserFactory()
    loan = loan_create(
        user=UserFactory(),
        equipment_type=projector,
        quantity=1,
        starts_at=loan_dates(day, day)[0],
        ends_at=loan_dates(day, day)[1],
    )
    with pytest.raises(ValidationError):
        loan_hand_over(loan=loan, by=staff, items=items)
    loan = loan_hand_over(loan=loan, by=staff, items=items[:1])
    assert loan.status == LoanStatus.HANDED_OVER
    assert list(loan.items.all()) == items[:1]
    assert loan_mark_overdue(now=loan.ends_at + dt.timedelta(hours=1)) == 1
    loan = loan_return(loan=loan, by=staff, condition="レンズに傷")
    assert loan.status == LoanStatus.RETURNED
    assert loan.return_condition == "レンズに傷"
    with pytest.raises(ValidationError):
        loan_cancel(loan=loan, by=staff)


def test_cancelled_loan_frees_stock():
    projector = EquipmentTypeFactory(stock=1)
    user = UserFactory()
    day = timezone.localdate() + dt.timedelta(days=5)
    start, end = loan_dates(day, day)
    loan = loan_create(user=user, equipment_type=projector, quantity=1, starts_at=start, ends_at=end)
    loan_cancel(loan=loan, by=user)
    assert loan_create(user=user, equipment_type=projector, quantity=1, starts_at=start, ends_at=end).pk


def test_a_standalone_loan_cannot_start_in_the_past():
    tables = EquipmentTypeFactory(stock=20)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    starts_at, ends_at = loan_dates(yesterday, yesterday + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="貸出日は今日以降"):
        loan_create(user=UserFactory(), equipment_type=tables, quantity=2, starts_at=starts_at, ends_at=ends_at)
    starts_at, ends_at = loan_dates(timezone.localdate(), timezone.localdate())
    assert loan_create(user=UserFactory(), equipment_type=tables, quantity=2, starts_at=starts_at, ends_at=ends_at)
