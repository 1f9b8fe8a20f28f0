"""A whole-day loan is taken back at the front desk on its own day, not only the day after."""

import datetime as dt

import pytest
import time_machine

from facilities.models import Loan, LoanStatus
from facilities.selectors import front_desk
from facilities.services.equipment import loan_dates
from tests.factories.accounts import UserFactory
from tests.factories.facilities import EquipmentTypeFactory

pytestmark = pytest.mark.django_db
TOKYO = dt.timezone(dt.timedelta(hours=9))


@time_machine.travel(dt.datetime(2027, 6, 9, 16, 0, tzinfo=TOKYO), tick=False)
def test_a_loan_for_today_is_in_the_take_back_list_today():
    day = dt.date(2027, 6, 9)
    starts_at, ends_at = loan_dates(day, day)
    loan = Loan.objects.create(
        equipment_type=EquipmentTypeFactory(stock=3), quantity=1, user=UserFactory(), starts_at=starts_at,
        ends_at=ends_at, status=LoanStatus.HANDED_OVER,
    )  # fmt: skip
    assert ends_at == dt.datetime(2027, 6, 10, 0, 0, tzinfo=TOKYO)
    assert loan in front_desk(day=day)["take_back"]
    assert loan not in front_desk(day=day - dt.timedelta(days=1))["take_back"]
