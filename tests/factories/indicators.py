from decimal import Decimal

import factory

from indicators.models import (
    ActionItem,
    Department,
    DepartmentMembership,
    Indicator,
    ItemDepartment,
    Observation,
    Plan,
    PlanNode,
    YearPlan,
)
from tests.factories.base import ModelFactory


class PlanFactory(ModelFactory[Plan]):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"協働推進計画{n}")
    city = "山口市"
    start_year = 2013
    end_year = 2017
    level_names = ["推進方針", "推進施策", "推進項目"]


class PlanNodeFactory(ModelFactory[PlanNode]):
    class Meta:
        model = PlanNode

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"N-{n}")
    title = factory.Sequence(lambda n: f"施策{n}")


class DepartmentFactory(ModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"担当課{n}")


class ActionItemFactory(ModelFactory[ActionItem]):
    """An item under a fresh measure node; departments=[dept] links responsible departments."""

    class Meta:
        model = ActionItem
        skip_postgeneration_save = True

    node = factory.SubFactory(
        PlanNodeFactory,
        level=1,
        parent=factory.SubFactory(PlanNodeFactory, plan=factory.SelfAttribute("..plan")),
    )
    kind = "continuing"

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        for position, department in enumerate(extracted or []):
            ItemDepartment.objects.create(item=self, department=department, sort_order=position)


class YearPlanFactory(ModelFactory[YearPlan]):
    class Meta:
        model = YearPlan

    item = factory.SubFactory(ActionItemFactory)
    fiscal_year = 2014
    planned_stage = "実施"


class IndicatorFactory(ModelFactory[Indicator]):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"1-{n}")
    name = factory.Sequence(lambda n: f"指標{n}")
    unit = "団体"
    baseline_value = Decimal("254")
    baseline_year = 2014
    target_value = Decimal("260")
    target_year = 2020


class ObservationFactory(ModelFactory[Observation]):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    fiscal_year = 2016
    value = Decimal("257")
    is_final = True


def department_user(department, **kwargs):
    from tests.factories.accounts import UserFactory

    user = UserFactory(**kwargs)
    DepartmentMembership.objects.create(department=department, user=user)
    return user
