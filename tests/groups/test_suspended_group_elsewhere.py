"""A suspended group may not book rooms or apply for grants: one shared predicate (groups.permissions
group_standing_problem) gives the same clear message in both, whoever acts for the group; reinstated, it may again."""

import pytest
from django.core.exceptions import ValidationError

from grants import services as grants
from groups.services.withdrawal import group_reinstate, group_suspend
from tests.factories.accounts import StaffFactory
from tests.factories.facilities import SpaceFactory, booked, next_weekday
from tests.factories.grants import RoundFactory
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db
MESSAGE = "「みどりの会」は登録停止中のため、施設の予約や助成金の申請はできません。センターにお問い合わせください。"
PLAN = {
    "title": "子ども食堂",
    "purpose": "孤食を防ぐ",
    "content": "月2回",
    "schedule": "通年",
    "expected_results": "500人",
}


@pytest.fixture
def suspended():
    staff = StaffFactory()
    manager, group = manager_with_group(name="みどりの会")
    group_suspend(group=group, by=staff, note="調査中")
    group.refresh_from_db()
    return manager, group, staff


def test_a_suspended_group_cannot_book_not_even_through_the_front_desk(suspended):
    manager, group, staff = suspended
    space, day = SpaceFactory(), next_weekday(1)
    for user in (manager, staff):
        with pytest.raises(ValidationError) as raised:
            booked(space, day, user=user, group=group)
        assert raised.value.message_dict == {"group": [MESSAGE]}
    group_reinstate(group=group, by=staff, note="調査完了")
    group.refresh_from_db()
    assert booked(space, day, user=manager, group=group).group == group


def test_a_suspended_group_cannot_apply_for_a_grant(suspended):
    manager, group, staff = suspended
    grant_round = RoundFactory()
    with pytest.raises(ValidationError) as raised:
        grants.application_save_draft(user=manager, grant_round=grant_round, group=group, fields=PLAN, lines=[])
    assert raised.value.messages == [MESSAGE]
    group_reinstate(group=group, by=staff, note="調査完了")
    group.refresh_from_db()
    application = grants.application_save_draft(
        user=manager, grant_round=grant_round, group=group, fields=PLAN, lines=[]
    )
    assert application.group == group


def test_the_manager_of_a_suspended_group_is_told_why_on_the_application_page(suspended, client):
    from django.urls import reverse

    manager, _group, _staff = suspended
    grant_round = RoundFactory()
    client.force_login(manager)
    response = client.get(reverse("grants:application_create", args=[grant_round.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("grants:round_detail", args=[grant_round.pk])
    assert MESSAGE in response.content.decode()
