"""A renewal that checks the data: the manager reviews every stored field, updates the member count and officers,
confirms the declarations again and submits; center staff confirm it or return it with a reason in the admin."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from groups.forms_renewal import RenewalForm
from groups.models import Group, GroupEditLog, GroupStatus, RenewalRound
from groups.services.renewal import group_confirm_renewal, group_return_renewal, group_submit_renewal
from groups.services.renewal_deadlines import renewal_lapse_overdue, renewal_send_reminders
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
S = GroupStatus
TOKYO = dt.timezone(dt.timedelta(hours=9))
DEADLINE = dt.date(2027, 5, 31)
DECLARED = dict.fromkeys(Group.DECLARATION_FIELDS, True)


def jst(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TOKYO)


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def manager():
    return UserFactory()


@pytest.fixture
def group(manager, staff):
    """A group due for FY2027's renewal (deadline 31 May 2027), with six members."""
    with time_machine.travel(jst(2027, 4, 1), tick=False):
        RenewalRound.objects.create(fiscal_year=2027, deadline=DEADLINE, opened_by=staff)
    return GroupFactory(
        managers=[manager],
        status=S.RENEWAL_DUE,
        member_count=6,
        name="みどりの会",
        representative_name="旧代表",
        **DECLARED,
    )


def _post_data(group: Group, **overrides) -> dict:
    """What the renewal page posts when nothing is changed but the declarations are ticked."""
    form = RenewalForm(instance=group)
    data: dict[str, object] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = form[name].field.prepare_value(value) if name == "social_links" else value
    data.pop("logo", None)
    data.update(dict.fromkeys(Group.DECLARATION_FIELDS, "on"))
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_submit_saves_the_reviewed_data_logs_the_edit_and_awaits_the_center(group, manager, staff, worker):
    with time_machine.travel(jst(2027, 5, 10), tick=False), worker.after():
        group_submit_renewal(
            group=group,
            by=manager,
            data={"member_count": 9, "representative_name": "新代表"},
            declarations=DECLARED,
        )
    group.refresh_from_db()
    assert (group.status, group.member_count, group.representative_name) == (S.RENEWAL_SUBMITTED, 9, "新代表")
    assert group.member_count_as_of == dt.date(2027, 5, 10)
    assert group.is_public  # still listed while the center checks it
    assert set(GroupEditLog.objects.get().fields) == {"member_count", "representative_name", "member_count_as_of"}
    assert sorted(tuple(m.to) for m in mail.outbox) == sorted([(manager.email,), (staff.email,)])


def test_submit_refuses_missing_declarations_or_too_few_members(group, manager):
    with pytest.raises(ValidationError) as raised:
        group_submit_renewal(
            group=group, by=manager, data={"member_count": 3}, declarations={**DECLARED, "declares_non_profit": False}
        )
    assert set(raised.value.message_dict) == {"declares_non_profit", "member_count"}
    group.refresh_from_db()
    assert (group.status, group.member_count) == (S.RENEWAL_DUE, 6)  # nothing saved


def test_only_the_groups_managers_submit_and_only_while_due(group, staff):
    with pytest.raises(PermissionDenied):
        group_submit_renewal(group=group, by=UserFactory(), data={}, declarations=DECLARED)
    registered_manager = UserFactory()
    registered = GroupFactory(managers=[registered_manager])
    with pytest.raises(ValidationError, match="更新手続の対象ではありません"):
        group_submit_renewal(group=registered, by=registered_manager, data={}, declarations=DECLARED)


def test_staff_confirm_or_return_with_a_reason(group, manager, staff, worker):
    with time_machine.travel(jst(2027, 5, 10), tick=False):
        group_submit_renewal(group=group, by=manager, data={}, declarations=DECLARED)
    with pytest.raises(PermissionDenied):
        group_return_renewal(group=group, by=manager, note="x")
    with pytest.raises(ValidationError) as raised:
        group_return_renewal(group=group, by=staff, note="  ")
    assert raised.value.message_dict == {"note": ["差し戻しの理由を入力してください。"]}
    mail.outbox.clear()
    with time_machine.travel(jst(2027, 5, 12), tick=False), worker.after():
        group_return_renewal(group=group, by=staff, note="会員数の根拠を添えてください")
    group.refresh_from_db()
    assert group.status == S.RENEWAL_DUE
    assert "会員数の根拠を添えてください" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="更新の申請がない団体は差し戻せません"):
        group_return_renewal(group=group, by=staff, note="again")
    with time_machine.travel(jst(2027, 5, 20), tick=False):
        group_submit_renewal(group=group, by=manager, data={}, declarations=DECLARED)
        with pytest.raises(PermissionDenied):
            group_confirm_renewal(group=group, by=manager)
        group_confirm_renewal(group=group, by=staff)
    group.refresh_from_db()
    assert (group.status, group.last_confirmed_on) == (S.REGISTERED, dt.date(2027, 5, 20))
    steps = list(group.status_changes.order_by("changed_at", "id").values_list("from_status", "to_status"))
    assert steps[-4:] == [
        (S.RENEWAL_DUE, S.RENEWAL_SUBMITTED),
        (S.RENEWAL_SUBMITTED, S.RENEWAL_DUE),
        (S.RENEWAL_DUE, S.RENEWAL_SUBMITTED),
        (S.RENEWAL_SUBMITTED, S.REGISTERED),
    ]


def test_the_managers_list_shows_why_a_renewal_was_returned_until_it_is_renewed(client, group, manager, staff):
    with time_machine.travel(jst(2027, 5, 10), tick=False):
        group_submit_renewal(group=group, by=manager, data={}, declarations=DECLARED)
        group_return_renewal(group=group, by=staff, note="会員数の根拠を添えてください")
        client.force_login(manager)
        returned = client.get(reverse("groups:group_mine")).text
        group_submit_renewal(group=group, by=manager, data={}, declarations=DECLARED)
        submitted = client.get(reverse("groups:group_mine")).text
    assert "差し戻しの理由: 会員数の根拠を添えてください" in returned
    assert "会員数の根拠を添えてください" not in submitted


def test_a_submitted_renewal_is_neither_reminded_nor_lapsed(group, manager):
    silent = GroupFactory(status=S.RENEWAL_DUE, managers=[UserFactory()])
    with time_machine.travel(jst(2027, 5, 10), tick=False):
        group_submit_renewal(group=group, by=manager, data={}, declarations=DECLARED)
    mail.outbox.clear()
    with time_machine.travel(jst(2027, 5, 24, 9), tick=False):
        assert renewal_send_reminders() == 1
    with time_machine.travel(jst(2027, 6, 1, 0), tick=False):
        assert renewal_lapse_overdue() == 1
    group.refresh_from_db()
    silent.refresh_from_db()
    assert (group.status, silent.status) == (S.RENEWAL_SUBMITTED, S.LAPSED)


def test_the_renewal_page_shows_the_stored_data_and_the_deadline_in_both_calendars(client, group, manager):
    with time_machine.travel(jst(2027, 5, 1), tick=False):
        client.force_login(manager)
        page = client.get(reverse("groups:group_renew", args=[group.pk]))
        mine = client.get(reverse("groups:group_mine")).text
    assert page.status_code == 200
    html = page.text
    assert "令和9年5月31日 (2027年5月31日)" in html
    assert "令和9年5月31日 (2027年5月31日)" in mine
    assert f'href="{reverse("groups:group_renew", args=[group.pk])}"' in mine
    assert 'value="みどりの会"' in html
    assert 'value="旧代表"' in html
    assert 'value="6"' in html
    for name in Group.DECLARATION_FIELDS:  # stored as declared, but confirmed afresh: unticked
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
        assert tag
        assert "checked" not in tag.group(0)


def test_bad_input_on_the_renewal_page_is_explained_and_kept(client, group, manager):
    url = reverse("groups:group_renew", args=[group.pk])
    data = _post_data(group, member_count="", representative_name="新しい代表")
    for name in Group.DECLARATION_FIELDS:
        data.pop(name)
    with time_machine.travel(jst(2027, 5, 1), tick=False):
        client.force_login(manager)
        response = client.post(url, data)
    assert response.status_code == 200
    html = response.text
    assert "現在の会員数を入力してください。" in html
    assert html.count("登録要件を確認し、チェックを入れてください。") >= len(Group.DECLARATION_FIELDS)
    assert 'value="新しい代表"' in html
    few = _post_data(group, member_count="2")
    with time_machine.travel(jst(2027, 5, 1), tick=False):
        response = client.post(url, few)
    assert "登録には構成員が5人以上必要です。" in response.text
    group.refresh_from_db()
    assert (group.status, group.representative_name, group.member_count) == (S.RENEWAL_DUE, "旧代表", 6)


def test_a_manager_renews_through_the_page(client, group, manager):
    url = reverse("groups:group_renew", args=[group.pk])
    with time_machine.travel(jst(2027, 5, 1), tick=False):
        client.force_login(manager)
        response = client.post(url, _post_data(group, member_count="12", contact_name="新担当"), follow=True)
    assert "登録更新を申請しました。" in response.text
    group.refresh_from_db()
    assert (group.status, group.member_count, group.contact_name) == (S.RENEWAL_SUBMITTED, 12, "新担当")
    assert client.get(url).status_code == 409  # not due any more: the page says so


def test_the_renewal_page_is_for_the_groups_managers(client, group, staff):
    url = reverse("groups:group_renew", args=[group.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(staff)  # staff confirm in the admin; they do not renew for the group
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("extra", [0, 6])
def test_the_renewal_page_takes_a_fixed_number_of_queries(client, group, manager, extra, django_assert_max_num_queries):
    from groups.models import ActivityField
    from tests.factories.groups import AreaFactory

    group.activity_fields.set(ActivityField.objects.all()[: 1 + extra])
    group.areas.set([AreaFactory() for _ in range(1 + extra)])
    with time_machine.travel(jst(2027, 5, 1), tick=False):
        client.force_login(manager)
        with django_assert_max_num_queries(16):
            assert client.get(reverse("groups:group_renew", args=[group.pk])).status_code == 200


ADMIN = "admin:groups_group_changelist"


def test_center_staff_confirm_and_return_renewals_in_the_admin(client, group, manager, staff):
    other_manager = UserFactory()
    other = GroupFactory(status=S.RENEWAL_DUE, managers=[other_manager], member_count=7)
    with time_machine.travel(jst(2027, 5, 10), tick=False):
        group_submit_renewal(group=group, by=manager, data={}, declarations=DECLARED)
        group_submit_renewal(group=other, by=other_manager, data={}, declarations=DECLARED)
    url = reverse(ADMIN)
    with time_machine.travel(jst(2027, 5, 12), tick=False):
        client.force_login(staff)
        asked = client.post(url, {"action": "return_renewal", "_selected_action": [other.pk]})
        assert "次の団体の登録更新を差し戻します" in asked.text
        client.post(
            url, {"action": "return_renewal", "_selected_action": [other.pk], "note_step": "1", "note": "写真を添付"}
        )
        done = client.post(
            url,
            {"action": "confirm_renewal", "_selected_action": [group.pk], "note_step": "1", "note": ""},
            follow=True,
        )
    assert "1団体の登録更新を確認しました。" in done.text
    group.refresh_from_db()
    other.refresh_from_db()
    assert (group.status, group.last_confirmed_on) == (S.REGISTERED, dt.date(2027, 5, 12))
    assert other.status == S.RENEWAL_DUE
    assert other.status_changes.order_by("-changed_at", "-id").first().note == "写真を添付"
