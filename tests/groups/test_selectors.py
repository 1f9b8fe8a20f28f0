import datetime as dt

import pytest
import time_machine

from groups.models import GroupStatus
from groups.selectors import intermediate_support_on, new_registrations, registered_groups_on
from groups.services import registration as services
from tests.factories.accounts import StaffFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
S = GroupStatus


def test_registered_groups_on_a_day_count_lapses_and_withdrawals_from_their_day():
    GroupFactory(registered_on=dt.date(2024, 4, 1))
    GroupFactory(registered_on=dt.date(2025, 4, 1), is_intermediate_support=True)
    GroupFactory(status=S.LAPSED, registered_on=dt.date(2023, 4, 1), lapsed_on=dt.date(2025, 6, 1))
    GroupFactory(status=S.WITHDRAWN, registration_number="W1", registered_on=dt.date(2023, 4, 1),
                 lapsed_on=dt.date(2026, 1, 10))  # fmt: skip
    GroupFactory(status=S.SUBMITTED)
    assert registered_groups_on(dt.date(2025, 3, 31)) == 3
    assert registered_groups_on(dt.date(2025, 4, 1)) == 4
    assert registered_groups_on(dt.date(2025, 6, 1)) == 3  # lapsed that day
    assert registered_groups_on(dt.date(2026, 3, 31)) == 2
    assert intermediate_support_on(dt.date(2025, 3, 31)) == 0
    assert intermediate_support_on(dt.date(2025, 4, 1)) == 1


def test_new_registrations_per_fiscal_year_use_japan_time_boundaries():
    staff = StaffFactory()
    declared = dict.fromkeys(("declares_non_profit", "declares_not_religious_or_political",
                              "declares_no_organised_crime", "declares_minimum_members"), True)  # fmt: skip
    late = GroupFactory(status=S.SUBMITTED, registration_number=None, member_count=5, **declared)
    early = GroupFactory(status=S.SUBMITTED, registration_number=None, member_count=5, **declared)
    # 2026-03-31 23:30 JST is still FY2025; 2026-04-01 00:10 JST is FY2026.
    with time_machine.travel(dt.datetime(2026, 3, 31, 14, 30, tzinfo=dt.UTC)):
        services.group_register(group=late, by=staff)
    with time_machine.travel(dt.datetime(2026, 3, 31, 15, 10, tzinfo=dt.UTC)):
        services.group_register(group=early, by=staff)
    assert new_registrations(2025) == 1
    assert new_registrations(2026) == 1
    assert new_registrations(2024) == 0
