import pytest

from civic_portal.core.demo import demo_users
from indicators import demo
from indicators.models import ActionItem, DepartmentMembership, Indicator, Observation, ReviewStatus, YearPlan

pytestmark = pytest.mark.django_db


def test_demo_loads_the_real_plans_once_and_marks_invented_values():
    users = demo_users()
    demo.load(users=users)
    demo.load(users=users)
    assert ActionItem.objects.filter(node__plan__code="yamaguchi-2013").count() == 46
    assert ActionItem.objects.filter(node__plan__code="shimonoseki-2015").count() == 44
    assert Indicator.objects.filter(plan__code="shimonoseki-2015").count() == 10
    assert Observation.objects.exists()
    assert not Observation.objects.exclude(source_note__contains="デモ用").exists()
    assert DepartmentMembership.objects.filter(
        user__email="official@example.jp", department__name="協働推進課"
    ).exists()
    published = YearPlan.objects.filter(status=ReviewStatus.PUBLISHED)
    assert published.count() == 10
    assert all(yp.status_changes.count() == 4 for yp in published)
    assert Indicator.objects.get(code="1-3").computed_key == "registered_groups"
