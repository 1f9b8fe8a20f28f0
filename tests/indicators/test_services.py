import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from civic_portal.accounts.roles import CITY_OFFICIALS
from groups.models import GroupStatus
from indicators import computed
from indicators.models import Observation, ReviewStatus, TargetRevision, YearPlan, YearPlanStatusChange
from indicators.services import (
    fiscal_year_close,
    indicator_set_target,
    observation_record,
    year_plan_transition,
    year_result_record,
)
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory
from tests.factories.indicators import (
    ActionItemFactory,
    DepartmentFactory,
    IndicatorFactory,
    ObservationFactory,
    YearPlanFactory,
    department_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    department = DepartmentFactory(name="協働推進課")
    item = ActionItemFactory(departments=[department])
    YearPlanFactory(item=item, fiscal_year=2014, planned_stage="実施")
    return department, item


def test_department_user_records_and_submits_their_items_result(setting):
    department, item = setting
    user = department_user(department)
    year_plan = year_result_record(
        item=item,
        fiscal_year=2014,
        actual_stage="実施",
        progress_note="講座を3回開催",
        evidence="報告書",
        user=user,
        submit=True,
    )
    assert year_plan.status == ReviewStatus.SUBMITTED
    assert year_plan.planned_stage == "実施"
    change = YearPlanStatusChange.objects.get(year_plan=year_plan)
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "submitted", user)


def test_other_users_cannot_record(setting):
    _department, item = setting
    other = department_user(DepartmentFactory(name="他の課"))
    for user in (other, UserFactory(roles=[CITY_OFFICIALS]), StaffFactory()):
        with pytest.raises(PermissionDenied):
            year_result_record(
                item=item, fiscal_year=2014, actual_stage="実施", progress_note="", evidence="", user=user, submit=False
            )


def test_submit_needs_an_actual_stage(setting):
    department, item = setting
    with pytest.raises(ValidationError):
        year_result_record(
            item=item,
            fiscal_year=2014,
            actual_stage="",
            progress_note="",
            evidence="",
            user=department_user(department),
            submit=True,
        )
    assert YearPlan.objects.get(item=item, fiscal_year=2014).status == ReviewStatus.DRAFT


def test_review_approve_publish_by_center_staff_only(setting):
    department, item = setting
    user = department_user(department)
    year_plan = year_result_record(
        item=item, fiscal_year=2014, actual_stage="実施", progress_note="", evidence="", user=user, submit=True
    )
    with pytest.raises(PermissionDenied):
        year_plan_transition(year_plan=year_plan, to_status=ReviewStatus.REVIEWED, user=user)
    staff = StaffFactory()
    with pytest.raises(ValidationError):
        year_plan_transition(year_plan=year_plan, to_status=ReviewStatus.PUBLISHED, user=staff)
    for status in (ReviewStatus.REVIEWED, ReviewStatus.APPROVED, ReviewStatus.PUBLISHED):
        year_plan = year_plan_transition(year_plan=year_plan, to_status=status, user=staff)
    assert year_plan.status == ReviewStatus.PUBLISHED
    assert list(year_plan.status_changes.values_list("to_status", flat=True)) == [
        "submitted",
        "reviewed",
        "approved",
        "published",
    ]
    with pytest.raises(ValidationError):
        year_result_record(
            item=item, fiscal_year=2014, actual_stage="検討", progress_note="", evidence="", user=user, submit=False
        )


def test_database_rejects_unknown_stage_and_duplicate_year(setting):
    _department, item = setting
    with pytest.raises(IntegrityError):
        YearPlan.objects.create(item=item, fiscal_year=2014)


def test_database_rejects_unknown_stage():
    with pytest.raises(IntegrityError):
        YearPlanFactory(planned_stage="たぶん")


def test_target_change_writes_a_revision():
    indicator = IndicatorFactory()
    user = StaffFactory()
    revision = indicator_set_target(indicator=indicator, value=D("270"), year=2021, reason="計画改定", user=user)
    assert (revision.old_value, revision.old_year, revision.new_value, revision.new_year) == (260, 2020, 270, 2021)
    assert revision.changed_by == user
    assert indicator_set_target(indicator=indicator, value=D("270"), year=2021) is None
    assert TargetRevision.objects.count() == 1
    with pytest.raises(ValidationError):
        indicator_set_target(indicator=indicator, value=D("1"), year=2010)


def test_observation_is_unique_per_year_and_final_values_are_kept():
    indicator = IndicatorFactory()
    observation_record(indicator=indicator, fiscal_year=2016, value=D("256"), is_final=True)
    with pytest.raises(ValidationError):
        observation_record(indicator=indicator, fiscal_year=2016, value=D("255"), is_final=False)
    observation_record(indicator=indicator, fiscal_year=2016, value=D("257"), is_final=True, source_note="訂正")
    assert Observation.objects.get().value == D("257")
    with pytest.raises(IntegrityError):
        ObservationFactory(indicator=indicator, fiscal_year=2016)


class TestComputed:
    @pytest.fixture
    def groups(self):
        GroupFactory(registered_on=dt.date(2024, 4, 1))
        GroupFactory(registered_on=dt.date(2025, 3, 31), is_intermediate_support=True)
        GroupFactory(registered_on=dt.date(2025, 4, 1))  # first day of FY2025
        GroupFactory(registered_on=dt.date(2023, 5, 1), lapsed_on=dt.date(2025, 3, 31), status=GroupStatus.LAPSED)
        GroupFactory(status=GroupStatus.DRAFT)

    @time_machine.travel(dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC), tick=False)
    def test_registered_groups_counted_on_31_march_of_the_fiscal_year(self, groups):
        # FY2024 ends 2025-03-31: the group lapsing that day is off the register, the 1 April one not yet on.
        assert computed.registered_groups(2024) == 2
        assert computed.intermediate_support_organisations(2024) == 1
        assert computed.registered_groups(2023) == 1  # only the group registered in May 2023
        # The running year is counted today.
        assert computed.registered_groups(2025) == 3
        assert computed.registered_groups(2026) is None

    @time_machine.travel(dt.datetime(2026, 3, 31, 14, 59, tzinfo=dt.UTC), tick=False)
    def test_fiscal_year_boundary_in_tokyo_time(self, groups):
        # 23:59 on 31 March in Tokyo is still FY2025.
        assert computed.as_of(2025) == dt.date(2026, 3, 31)
        assert computed.registered_groups(2025) == 3

    @time_machine.travel(dt.datetime(2026, 3, 31, 15, 0, tzinfo=dt.UTC), tick=False)
    def test_first_of_april_in_tokyo_starts_the_next_fiscal_year(self, groups):
        # 00:00 on 1 April in Tokyo: FY2025 is now closed and counted on its last day.
        assert computed.as_of(2025) == dt.date(2026, 3, 31)
        assert computed.as_of(2026) == dt.date(2026, 4, 1)
        assert computed.registered_groups(2025) == 3
        assert computed.registered_groups(2027) is None

    def test_unknown_key_gives_no_data(self):
        assert computed.compute("unknown-key", 2024) is None

    @time_machine.travel(dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC), tick=False)
    def test_visitors_collaborative_grants_and_matches_come_from_the_other_apps(self):
        from facilities.models import Booking, BookingStatus
        from grants.models import Category, Status
        from tests.factories.facilities import SpaceFactory
        from tests.factories.grants import ApplicationFactory, RoundFactory
        from tests.factories.volunteers import VolunteerApplicationFactory

        center_room = SpaceFactory(facility__is_center=True)
        other_room = SpaceFactory(facility__is_center=False)
        tokyo = dt.timezone(dt.timedelta(hours=9))

        def used(space, when, attendees):
            Booking.objects.create(
                space=space, user=UserFactory(), starts_at=when, ends_at=when + dt.timedelta(hours=2),
                purpose="会議", expected_attendees=attendees, attendees=attendees, status=BookingStatus.USED,
            )  # fmt: skip

        used(center_room, dt.datetime(2024, 4, 1, 9, tzinfo=tokyo), 30)  # first morning of FY2024
        used(center_room, dt.datetime(2025, 3, 31, 19, tzinfo=tokyo), 12)  # last evening of FY2024
        used(center_room, dt.datetime(2025, 4, 1, 9, tzinfo=tokyo), 50)  # FY2025
        used(other_room, dt.datetime(2024, 6, 1, 9, tzinfo=tokyo), 99)  # not the center
        collaborative = RoundFactory(category=Category.COLLABORATIVE, fiscal_year=2024)
        ApplicationFactory(round=collaborative, status=Status.ACCEPTED, awarded_amount=200_000)
        ApplicationFactory(round=collaborative, status=Status.DECLINED)
        ApplicationFactory(round=RoundFactory(category=Category.ACTIVITY, fiscal_year=2024), status=Status.AWARDED,
                           awarded_amount=100_000)  # fmt: skip
        VolunteerApplicationFactory(status="accepted", accepted_at=dt.datetime(2025, 3, 31, 23, 30, tzinfo=tokyo))
        VolunteerApplicationFactory(status="accepted", accepted_at=dt.datetime(2025, 4, 1, 0, 10, tzinfo=tokyo))

        assert computed.compute("center_visitors", 2024) == 42
        assert computed.compute("center_visitors", 2025) == 50
        assert computed.compute("collaborative_grants", 2024) == 1
        assert computed.compute("volunteer_matches", 2024) == 1
        assert computed.compute("volunteer_matches", 2025) == 1
        assert computed.compute("volunteer_matches", 2026) is None

    @time_machine.travel(dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC), tick=False)
    def test_fiscal_year_close_freezes_computed_indicators(self, groups):
        registered = IndicatorFactory(code="1-3", computed_key="registered_groups", source="portal")
        support = IndicatorFactory(
            plan=registered.plan, code="3-2", computed_key="intermediate_support_organisations", source="portal"
        )
        plain = IndicatorFactory(plan=registered.plan, code="2-1")
        frozen = fiscal_year_close(fiscal_year=2024, plan=registered.plan)
        assert {(o.indicator_id, o.value, o.is_final) for o in frozen} == {
            (registered.pk, 2, True),
            (support.pk, 1, True),
        }
        assert not plain.observations.exists()
        # Later changes to the register do not move a closed year.
        GroupFactory(registered_on=dt.date(2024, 6, 1))
        assert Observation.objects.get(indicator=registered, fiscal_year=2024).value == 2


@time_machine.travel(dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC), tick=False)
def test_close_fiscal_year_command(capsys):
    from django.core.management import call_command

    GroupFactory(registered_on=dt.date(2024, 4, 1))
    indicator = IndicatorFactory(code="1-3", computed_key="registered_groups", source="portal")
    call_command("close_fiscal_year", "2024")
    assert "1 件を確定しました" in capsys.readouterr().out
    assert Observation.objects.get(indicator=indicator, fiscal_year=2024).is_final
