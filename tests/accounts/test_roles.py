"""The role table is what the roles hold: after migrate, after sync_roles, and again after a hand-made change."""

import io

import pytest
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission
from django.core.management import call_command

from civic_portal.accounts import roles
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _held(role):
    return set(Role.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))


@pytest.mark.parametrize("role", list(roles.ROLE_PERMISSIONS))
def test_migrations_give_each_role_exactly_the_table(role):
    assert _held(role) == roles.role_codenames(role)


def test_sync_roles_puts_back_what_was_changed_by_hand_and_is_idempotent():
    staff = Role.objects.get(name=roles.CENTER_STAFF)
    staff.permissions.add(Permission.objects.get(codename="delete_scoresheet"))
    staff.permissions.remove(Permission.objects.get(codename="change_booking"))
    out = io.StringIO()
    call_command("sync_roles", stdout=out)
    assert "center_staff (センター職員)" in out.getvalue()
    first = _held(roles.CENTER_STAFF)
    call_command("sync_roles", stdout=io.StringIO())
    assert _held(roles.CENTER_STAFF) == first == roles.role_codenames(roles.CENTER_STAFF)


def test_a_name_the_table_gets_wrong_stops_the_sync(monkeypatch):
    table = {**roles.ROLE_PERMISSIONS, roles.GRANT_REVIEWERS: {"grants": {"scoresheeet": "v"}}}
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", table)
    with pytest.raises(LookupError, match="scoresheeet"):
        roles.sync_roles()


def test_center_staff_run_the_center_but_never_delete_decisions_or_records():
    staff = StaffFactory()
    held = ["groups.change_group", "facilities.change_booking", "grants.change_application",
            "indicators.add_reportedition", "groups.view_personal_data", "facilities.delete_facilityphoto"]  # fmt: skip
    never = ["grants.delete_application", "grants.delete_scoresheet", "grants.delete_score",
             "grants.delete_conflictdeclaration", "groups.delete_groupstatuschange", "groups.delete_group",
             "facilities.delete_feerate", "facilities.delete_booking", "indicators.delete_reportedition",
             "grants.change_scoresheet", "accounts.change_user", "auth.change_group"]  # fmt: skip
    assert [perm for perm in held if not staff.has_perm(perm)] == []
    assert [perm for perm in never if staff.has_perm(perm)] == []


def test_officials_read_the_plan_in_the_admin_and_no_personal_data():
    official = UserFactory(is_staff=True, roles=[roles.CITY_OFFICIALS])
    assert official.has_perm("indicators.view_indicator")
    assert official.has_perm("indicators.view_yearplan")
    assert not official.has_perm("indicators.change_indicator")
    assert not official.has_perm(roles.PERSONAL_DATA_PERMISSION)
    assert not official.has_module_perms("groups")


def test_reviewers_hold_no_admin_permission():
    reviewer = UserFactory(roles=[roles.GRANT_REVIEWERS])
    assert not reviewer.get_all_permissions()
    assert roles.has_role(reviewer, roles.GRANT_REVIEWERS)
