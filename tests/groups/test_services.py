import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from civic_portal.accounts.roles import CENTER_STAFF
from groups.models import ActivityField, Group, GroupEditLog, GroupStatus, MembershipRole, RenewalRound
from groups.services import registration as services
from groups.services.renewal import group_confirm_renewal, group_submit_renewal
from groups.services.withdrawal import group_withdraw
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
S = GroupStatus
ALL_DECLARED = dict.fromkeys(Group.DECLARATION_FIELDS, True)


def draft_data(**overrides):
    data = {
        "name": "みどりの会",
        "name_kana": "みどりのかい",
        "purpose": "公園を花で彩る",
        "activities": "毎月の花壇づくり",
        "representative_name": "代表 太郎",
        "contact_name": "連絡 花子",
        "contact_email": "midori@example.jp",
        "member_count": 8,
    }
    return {**data, **overrides}


@pytest.fixture
def applicant():
    return UserFactory()


@pytest.fixture
def staff():
    return StaffFactory()


def test_create_makes_a_draft_managed_by_the_applicant(applicant):
    group = services.group_create(
        user=applicant, data=draft_data(), activity_fields=ActivityField.objects.filter(code=7)
    )
    assert group.status == S.DRAFT
    assert group.memberships.get().user == applicant
    assert group.memberships.get().role == MembershipRole.MANAGER
    assert list(group.status_changes.values_list("from_status", "to_status")) == [("", "draft")]
    assert list(group.activity_fields.values_list("code", flat=True)) == [7]


def test_full_workflow_submit_return_resubmit_register_with_log_and_emails(applicant, staff, worker):
    group = services.group_create(user=applicant, data=draft_data())
    with worker.after():
        services.group_submit(group=group, user=applicant, declarations=ALL_DECLARED)
    staff_notice = mail.outbox.pop()
    assert staff_notice.to == [staff.email]
    assert "団体登録の申請がありました" in staff_notice.subject
    assert f"/admin/groups/group/{group.pk}/change/" in staff_notice.body
    with worker.after():
        services.group_return(group=group, by=staff, note="活動場所を具体的に書いてください。")
    group.refresh_from_db()
    assert group.status == S.RETURNED
    with worker.after():
        services.group_submit(group=group, user=applicant, declarations=ALL_DECLARED)
    mail.outbox.pop()  # the center staff's notice of the resubmission
    group.refresh_from_db()
    assert group.status == S.RESUBMITTED
    with time_machine.travel(dt.datetime(2026, 5, 10, 10, tzinfo=dt.UTC)), worker.after():
        services.group_register(group=group, by=staff)
    group.refresh_from_db()
    assert group.status == S.REGISTERED
    assert group.registration_number == "2026-0001"
    assert group.registered_on == dt.date(2026, 5, 10)
    steps = list(group.status_changes.order_by("id").values_list("from_status", "to_status", "changed_by", "note"))
    assert steps == [
        ("", "draft", applicant.pk, ""),
        ("draft", "submitted", applicant.pk, ""),
        ("submitted", "returned", staff.pk, "活動場所を具体的に書いてください。"),
        ("returned", "resubmitted", applicant.pk, ""),
        ("resubmitted", "registered", staff.pk, ""),
    ]
    assert len(mail.outbox) == 4
    assert all(message.to == [applicant.email] for message in mail.outbox)
    assert "活動場所を具体的に書いてください。" in mail.outbox[1].body
    assert "2026-0001" in mail.outbox[3].body


def test_registration_numbers_run_per_fiscal_year(staff):
    first = GroupFactory(status=S.SUBMITTED, member_count=5, **ALL_DECLARED)
    second = GroupFactory(status=S.SUBMITTED, member_count=5, **ALL_DECLARED)
    with time_machine.travel(dt.datetime(2027, 3, 31, 12, tzinfo=dt.UTC)):
        services.group_register(group=first, by=staff)
    with time_machine.travel(dt.datetime(2027, 4, 1, 12, tzinfo=dt.UTC)):
        services.group_register(group=second, by=staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.registration_number, second.registration_number) == ("2026-0001", "2027-0001")


def test_submit_requires_every_declaration_and_minimum_members(applicant):
    group = services.group_create(user=applicant, data=draft_data(member_count=3))
    with pytest.raises(ValidationError) as error:
        services.group_submit(
            group=group, user=applicant, declarations={**ALL_DECLARED, "declares_no_organised_crime": False}
        )
    assert set(error.value.error_dict) == {"declares_no_organised_crime", "member_count"}
    assert "5人以上" in error.value.error_dict["member_count"][0].messages[0]
    group.refresh_from_db()
    assert group.status == S.DRAFT


def test_only_a_manager_may_submit(applicant):
    group = services.group_create(user=applicant, data=draft_data())
    with pytest.raises(PermissionDenied):
        services.group_submit(group=group, user=UserFactory(), declarations=ALL_DECLARED)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, "register"),
        (S.REGISTERED, "return"),
        (S.WITHDRAWN, "register"),
        (S.RETURNED, "register"),
    ],
)
def test_illegal_transitions_are_refused(status, action, staff):
    group = GroupFactory(status=status, member_count=9, **ALL_DECLARED)
    move = (
        (lambda: services.group_register(group=group, by=staff))
        if action == "register"
        else (lambda: services.group_return(group=group, by=staff, note="x"))
    )
    with pytest.raises(ValidationError):
        move()
    group.refresh_from_db()
    assert group.status == status


def test_return_needs_a_note(staff):
    group = GroupFactory(status=S.SUBMITTED)
    with pytest.raises(ValidationError, match="理由"):
        services.group_return(group=group, by=staff, note="  ")


def test_group_under_review_is_locked_for_managers_but_not_for_staff(applicant, staff):
    group = GroupFactory(status=S.SUBMITTED, managers=[applicant])
    with pytest.raises(ValidationError, match="審査中"):
        services.group_update(group=group, user=applicant, data={"fees": "年1000円"})
    services.group_update(group=group, user=staff, data={"fees": "年1000円"})
    group.refresh_from_db()
    assert group.fees == "年1000円"


def test_edits_of_registered_groups_are_logged_and_outsiders_are_refused(applicant):
    group = GroupFactory(managers=[applicant])
    services.group_update(group=group, user=applicant, data={"fees": "無料", "name": group.name})
    log = GroupEditLog.objects.get()
    assert (log.group, log.edited_by, log.fields) == (group, applicant, ["fees"])
    with pytest.raises(PermissionDenied):
        services.group_update(group=group, user=UserFactory(), data={"fees": "x"})


def test_withdrawing_a_registered_group_takes_it_off_the_register(applicant):
    group = GroupFactory(managers=[applicant])
    with time_machine.travel(dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC)):
        group_withdraw(group=group, by=applicant, note="解散しました")
    group.refresh_from_db()
    assert group.status == S.WITHDRAWN
    assert group.lapsed_on == dt.date(2026, 6, 1)
    assert not Group.objects.public().exists()


def test_renewal_round_confirm_and_lapse(staff):
    renewing_manager = UserFactory()
    renewing = GroupFactory(managers=[renewing_manager], member_count=6)
    silent = GroupFactory()
    draft = GroupFactory(status=S.DRAFT)
    with time_machine.travel(dt.datetime(2026, 4, 1, 1, tzinfo=dt.UTC)):
        renewal = services.renewal_open(fiscal_year=2026, deadline=dt.date(2026, 5, 31), by=staff)
        with pytest.raises(ValidationError, match="すでに開始"):
            services.renewal_open(fiscal_year=2026, deadline=dt.date(2026, 5, 31), by=staff)
    assert set(Group.objects.values_list("status", flat=True)) == {S.RENEWAL_DUE, S.DRAFT}
    assert Group.objects.public().count() == 2  # still listed while the renewal runs
    with time_machine.travel(dt.datetime(2026, 5, 20, 1, tzinfo=dt.UTC)):
        group_submit_renewal(group=renewing, by=renewing_manager, data={}, declarations=ALL_DECLARED)
        group_confirm_renewal(group=renewing, by=staff)
        with pytest.raises(ValidationError, match="期限"):
            services.renewal_close(renewal=renewal, by=staff)
    with time_machine.travel(dt.datetime(2026, 6, 1, 1, tzinfo=dt.UTC)):
        assert services.renewal_close(renewal=renewal, by=staff) == 1
    renewing.refresh_from_db()
    silent.refresh_from_db()
    draft.refresh_from_db()
    assert (renewing.status, renewing.last_confirmed_on) == (S.REGISTERED, dt.date(2026, 5, 20))
    assert (silent.status, silent.lapsed_on) == (S.LAPSED, dt.date(2026, 6, 1))
    assert draft.status == S.DRAFT
    assert list(Group.objects.public()) == [renewing]
    assert RenewalRound.objects.get().closed_at is not None


def test_manager_invitation_is_accepted_only_by_the_invitee(applicant, worker):
    group = GroupFactory(managers=[applicant])
    invitee = UserFactory(email="second@example.jp")
    with worker.after():
        invitation = services.manager_invite(
            group=group, email="Second@Example.jp", by=applicant, accept_url_template="https://x/{token}/"
        )
    assert mail.outbox[-1].to == ["second@example.jp"]
    assert f"https://x/{invitation.token}/" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match=r"second@example\.jp"):
        services.invitation_accept(token=invitation.token, user=UserFactory())
    services.invitation_accept(token=invitation.token, user=invitee)
    assert group.memberships.get(user=invitee).role == MembershipRole.MANAGER
    with pytest.raises(ValidationError, match="無効"):
        services.invitation_accept(token=invitation.token, user=invitee)


def test_expired_invitation_is_refused(applicant):
    group = GroupFactory(managers=[applicant])
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        invitation = services.manager_invite(
            group=group, email="late@example.jp", by=applicant, accept_url_template="{token}"
        )
    with pytest.raises(ValidationError, match="有効期限"):
        services.invitation_accept(token=invitation.token, user=UserFactory(email="late@example.jp"))


def test_contact_relay_hides_the_group_address_and_replies_to_the_sender(worker):
    group = GroupFactory(contact_email="private@example.jp", publish_contact_email=False)
    sender = UserFactory(email="citizen@example.jp")
    with worker.after():
        services.group_contact(group=group, sender=sender, message="見学できますか？<b>")
    message = mail.outbox[-1]
    assert message.to == ["private@example.jp"]
    assert message.reply_to == ["citizen@example.jp"]
    assert "見学できますか？<b>" in message.body


def test_staff_role_comes_from_the_group_not_is_staff():
    user = UserFactory(roles=[CENTER_STAFF])
    group = GroupFactory(status=S.SUBMITTED)
    services.group_update(group=group, user=user, data={"fees": "x"})


def test_contact_relay_is_rate_limited_per_sender(worker):
    group = GroupFactory()
    sender = UserFactory()
    with worker.after():
        for _ in range(5):
            services.group_contact(group=group, sender=sender, message="こんにちは")
        with pytest.raises(ValidationError, match="しばらくしてから"):
            services.group_contact(group=group, sender=sender, message="もう一度")
    assert len(mail.outbox) == 5
    services.group_contact(group=group, sender=UserFactory(), message="別の人")
