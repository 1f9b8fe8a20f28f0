import pytest

from civic_portal.core.demo import demo_users
from grants import demo
from grants.models import OtherFunderGrant, Reviewer, Round

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_has_an_open_round_with_criteria_and_the_demo_reviewer(settings):
    users = demo_users()
    demo.load(users=users)
    demo.load(users=users)
    open_round = Round.objects.open().get()
    assert open_round.programme.name == "市民活動促進補助金"
    assert list(open_round.criteria.values_list("name", flat=True)) == [
        "公益性",
        "市民性",
        "発展性",
        "実現性",
        "自立性",
    ]
    assert Reviewer.objects.filter(round=open_round, user__email="reviewer@example.jp").exists()
    assert OtherFunderGrant.objects.count() == 4


def test_demo_publishes_last_years_awards_when_groups_exist():
    from grants.models import Application
    from tests.factories.groups import GroupFactory

    GroupFactory()
    users = demo_users()
    demo.load(users=users)
    demo.load(users=users)
    published = Round.objects.get(results_published=True)
    assert Application.objects.filter(round=published).count() == 1
    from grants import opendata

    assert opendata.validate_360giving(opendata.package_360giving()) == []
