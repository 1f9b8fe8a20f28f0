"""Withdrawal with a reason, suspension by the center and reinstatement: services, the confirmation page, the admin
actions of center staff, and what a suspended group may no longer do."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from groups.models import Group, GroupStatus, GroupStatusChange, RenewalRound
from groups.permissions import group_standing_problem
from groups.services.withdrawal import group_reinstate, group_suspend, group_withdraw
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
S = GroupStatus
TOKYO = dt.timezone(dt.timedelta(hours=9))


def jst(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TOKYO)


@pytest.fixture
def manager():
    return UserFactory()


@pytest.fixture
def staff():
    return StaffFactory()


def _steps(group: Group) -> list[tuple[str, str, str]]:
    return list(group.status_changes.order_by("changed_at", "id").values_list("from_status", "to_status", "note"))


@pytest.mark.parametrize("note", ["", "   ", "\n"])
def test_withdrawal_needs_a_reason(manager, note):
    group = GroupFactory(managers=[manager])
    with pytest.raises(ValidationError) as raised:
        group_withdraw(group=group, by=manager, note=note)
    assert raised.value.message_dict == {"note": ["取り下げの理由を入力してください。"]}
    group.refresh_from_db()
    assert group.status == S.REGISTERED


def test_withdrawal_is_logged_and_mailed_after_commit(manager, worker):
    group = GroupFactory(managers=[manager])
    with time_machine.travel(jst(2026, 6, 1), tick=False), worker.after():
        group_withdraw(group=group, by=manager, note="  会員が集まらなくなったため  ")
        assert mail.outbox == []  # queued with the transaction, sent once it commits
    group.refresh_from_db()
    assert (group.status, group.lapsed_on) == (S.WITHDRAWN, dt.date(2026, 6, 1))
    assert _steps(group)[-1] == (S.REGISTERED, S.WITHDRAWN, "会員が集まらなくなったため")
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert "会員が集まらなくなったため" in mail.outbox[0].body
    assert not Group.objects.public().exists()


def test_others_may_not_withdraw(manager):
    group = GroupFactory(managers=[manager])
    with pytest.raises(PermissionDenied):
        group_withdraw(group=group, by=UserFactory(), note="理由")


def test_staff_reinstate_a_withdrawn_registration_within_the_period(manager, staff, worker):
    group = GroupFactory(managers=[manager], last_confirmed_on=dt.date(2026, 4, 1))
    with time_machine.travel(jst(2026, 6, 1), tick=False):
        group_withdraw(group=group, by=manager, note="間違えて取り下げた")
    mail.outbox.clear()
    with time_machine.travel(jst(2027, 6, 1), tick=False), worker.after():  # 365 days later: the last day
        group_reinstate(group=group, by=staff, note="管理者の依頼により復帰")
    group.refresh_from_db()
    assert (group.status, group.lapsed_on, group.registration_number) == (S.REGISTERED, None, group.registration_number)
    assert _steps(group)[-1] == (S.WITHDRAWN, S.REGISTERED, "管理者の依頼により復帰")
    assert GroupStatusChange.objects.filter(group=group, to_status=S.REGISTERED).last().changed_by == staff
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert list(Group.objects.public()) == [group]


@override_settings(GROUP_REINSTATE_PERIOD_DAYS=30)
@pytest.mark.parametrize(("day", "allowed"), [(jst(2026, 7, 1, 23), True), (jst(2026, 7, 2, 0), False)])
def test_reinstatement_is_refused_after_the_period(manager, staff, day, allowed):
    group = GroupFactory(managers=[manager])
    with time_machine.travel(jst(2026, 6, 1, 0), tick=False):  # just after midnight in Tokyo, still 31 May in UTC
        group_withdraw(group=group, by=manager, note="解散")
    with time_machine.travel(day, tick=False):
        if allowed:
            group_reinstate(group=group, by=staff, note="復帰")
        else:
            with pytest.raises(ValidationError, match="取下げから30日を過ぎたため復帰できません"):
                group_reinstate(group=group, by=staff, note="復帰")
    group.refresh_from_db()
    assert group.status == (S.REGISTERED if allowed else S.WITHDRAWN)


def test_a_withdrawn_application_that_was_never_registered_is_not_reinstated(manager, staff):
    group = GroupFactory(status=S.SUBMITTED, managers=[manager])
    group_withdraw(group=group, by=manager, note="やめます")
    with pytest.raises(ValidationError, match="登録されていなかった申請は復帰できません"):
        group_reinstate(group=group, by=staff, note="復帰")


def test_only_center_staff_suspend_and_reinstate_and_a_note_is_required(manager, staff):
    group = GroupFactory(managers=[manager])
    for user in (manager, UserFactory()):
        with pytest.raises(PermissionDenied):
            group_suspend(group=group, by=user, note="理由")
    with pytest.raises(ValidationError) as raised:
        group_suspend(group=group, by=staff, note=" ")
    assert raised.value.message_dict == {"note": ["登録停止の理由を入力してください。"]}
    group_suspend(group=group, by=staff, note="会費の不正な徴収の調査中")
    with pytest.raises(PermissionDenied):
        group_reinstate(group=group, by=manager, note="戻して")
    with pytest.raises(ValidationError) as raised:
        group_reinstate(group=group, by=staff, note="")
    assert raised.value.message_dict == {"note": ["復帰の理由を入力してください。"]}


def test_suspension_hides_the_group_and_reinstatement_returns_it_to_where_it_was(manager, staff, worker, client):
    group = GroupFactory(managers=[manager], status=S.RENEWAL_DUE)
    with time_machine.travel(jst(2026, 4, 1), tick=False):
        RenewalRound.objects.create(fiscal_year=2026, deadline=dt.date(2026, 5, 31), opened_by=staff)
    with time_machine.travel(jst(2026, 4, 10), tick=False), worker.after():
        group_suspend(group=group, by=staff, note="調査中")
        assert client.get(reverse("groups:group_detail", args=[group.pk])).status_code == 404
        assert group.name not in client.get(reverse("groups:group_list")).text
    assert "調査中" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="登録中の団体だけを停止できます"):
        group_suspend(group=group, by=staff, note="もう一度")
    with time_machine.travel(jst(2026, 4, 20), tick=False):
        group_reinstate(group=group, by=staff, note="調査完了")
    group.refresh_from_db()
    assert group.status == S.RENEWAL_DUE  # still due in the open round
    assert [step[:2] for step in _steps(group)[-2:]] == [(S.RENEWAL_DUE, S.SUSPENDED), (S.SUSPENDED, S.RENEWAL_DUE)]


def test_a_group_suspended_past_its_renewal_deadline_comes_back_lapsed(staff):
    group = GroupFactory(status=S.RENEWAL_DUE)
    with time_machine.travel(jst(2026, 4, 1), tick=False):
        RenewalRound.objects.create(fiscal_year=2026, deadline=dt.date(2026, 5, 31), opened_by=staff)
        group_suspend(group=group, by=staff, note="調査中")
    with time_machine.travel(jst(2026, 6, 1, 0), tick=False):
        group_reinstate(group=group, by=staff, note="調査完了")
    group.refresh_from_db()
    assert (group.status, group.lapsed_on) == (S.LAPSED, dt.date(2026, 6, 1))


def test_a_suspended_group_is_told_why_it_cannot_book_or_apply(staff):
    group = GroupFactory(name="みどりの会")
    assert group_standing_problem(group) is None
    group_suspend(group=group, by=staff, note="調査中")
    group.refresh_from_db()
    assert group_standing_problem(group) == (
        "「みどりの会」は登録停止中のため、施設の予約や助成金の申請はできません。センターにお問い合わせください。"
    )


def test_the_withdraw_page_asks_for_a_reason_and_keeps_what_was_typed(client, manager):
    group = GroupFactory(managers=[manager], name="あおぞらの会")
    client.force_login(manager)
    url = reverse("groups:group_withdraw", args=[group.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "「あおぞらの会」の取り下げ" in page.text
    assert "取り下げから365日以内" in page.text
    blank = client.post(url, {"note": "   "})
    assert blank.status_code == 200
    assert "取り下げの理由を入力してください。" in blank.text
    too_long = client.post(url, {"note": "長" * 1001})
    assert "長" * 1001 in too_long.text
    assert "1000 文字以下" in too_long.text
    group.refresh_from_db()
    assert group.status == S.REGISTERED
    done = client.post(url, {"note": "活動を終えました"}, follow=True)
    assert "「あおぞらの会」を取り下げました。" in done.text
    group.refresh_from_db()
    assert group.status == S.WITHDRAWN
    assert group.status_changes.get(to_status=S.WITHDRAWN).note == "活動を終えました"


def test_the_withdraw_page_is_for_the_groups_managers_only(client):
    group = GroupFactory()
    url = reverse("groups:group_withdraw", args=[group.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, {"note": "理由"}).status_code == 403
    assert client.get(reverse("groups:group_withdraw", args=[999_999])).status_code == 404
    group.refresh_from_db()
    assert group.status == S.REGISTERED


def test_my_groups_links_to_the_confirmation_page_not_a_one_click_button(client, manager):
    group = GroupFactory(managers=[manager])
    client.force_login(manager)
    html = client.get(reverse("groups:group_mine")).text
    url = reverse("groups:group_withdraw", args=[group.pk])
    assert f'<a href="{url}">取り下げる</a>' in html
    assert f'action="{url}"' not in html


@pytest.mark.parametrize("size", [2, 8])
def test_the_withdraw_page_takes_a_fixed_number_of_queries(client, manager, size, django_assert_max_num_queries):
    group = GroupFactory(managers=[manager, *UserFactory.create_batch(size)])
    for _ in range(size):
        GroupStatusChange.objects.create(group=group, from_status=S.REGISTERED, to_status=S.REGISTERED)
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("groups:group_withdraw", args=[group.pk])).status_code == 200


ADMIN = "admin:groups_group_changelist"


def test_center_staff_suspend_and_reinstate_in_the_admin_with_a_note(client, staff, manager, worker):
    group = GroupFactory(managers=[manager])
    client.force_login(staff)
    url = reverse(ADMIN)
    asked = client.post(url, {"action": "suspend", "_selected_action": [group.pk]})
    assert asked.status_code == 200
    assert "次の団体を登録停止にします" in asked.text
    empty = client.post(url, {"action": "suspend", "_selected_action": [group.pk], "note_step": "1", "note": ""})
    assert "このフィールドは必須です。" in empty.text
    group.refresh_from_db()
    assert group.status == S.REGISTERED
    with worker.after():
        done = client.post(
            url, {"action": "suspend", "_selected_action": [group.pk], "note_step": "1", "note": "調査中"}, follow=True
        )
    assert "1団体を登録停止にしました。" in done.text
    group.refresh_from_db()
    assert group.status == S.SUSPENDED
    assert mail.outbox[-1].to == [manager.email]
    client.post(url, {"action": "reinstate", "_selected_action": [group.pk], "note_step": "1", "note": "解決"})
    group.refresh_from_db()
    assert group.status == S.REGISTERED
    assert group.status_changes.filter(changed_by=staff).count() == 2


def test_the_admin_names_a_group_it_could_not_reinstate(client, staff):
    draft = GroupFactory(status=S.DRAFT, name="下書きの会")
    client.force_login(staff)
    response = client.post(
        reverse(ADMIN),
        {"action": "reinstate", "_selected_action": [draft.pk], "note_step": "1", "note": "復帰"},
        follow=True,
    )
    assert "下書きの会: 停止中または取下げ済みの団体だけを復帰できます。" in response.text
