import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from groups.models.invitations import InvitationStatus, VolunteerInvitation
from groups.models.talent import GroupTalent, TalentRequest, TalentRequestStatus
from groups.models.volunteers import ApplicationStatus
from groups.services import invitations
from groups.services import talent as services
from groups.services import volunteers as volunteer_services
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import manager_with_group
from tests.factories.volunteers import VolunteerApplicationFactory, VolunteerNeedFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db

S = TalentRequestStatus


@pytest.fixture
def request_received(worker):
    StaffFactory()
    person = VolunteerProfileFactory(talent_bank_listed=True, talent_topics="書道")
    with worker.after():
        return services.talent_request_send(profile=person, user=UserFactory(), message="6月の講座の講師")


def test_request_is_stored_received_logged_and_staff_emailed(request_received):
    request = TalentRequest.objects.get()
    assert request == request_received
    assert (request.status, request.message, request.handled_by) == (S.RECEIVED, "6月の講座の講師", None)
    assert list(request.status_changes.values_list("from_status", "to_status")) == [("", S.RECEIVED)]
    assert f"/admin/groups/talentrequest/{request.pk}/change/" in mail.outbox[-1].body


def test_staff_moves_it_and_becomes_handler_each_step_logged(request_received):
    staff = StaffFactory()
    services.talent_request_move(request=request_received, by=staff, to=S.INTRODUCING)
    with pytest.raises(ValidationError) as exc:
        services.talent_request_move(request=request_received, by=staff, to=S.UNMATCHED)
    assert "note" in exc.value.error_dict
    services.talent_request_move(request=request_received, by=staff, to=S.UNMATCHED, note="日程が合わなかった")
    request_received.refresh_from_db()
    assert (request_received.status, request_received.handled_by) == (S.UNMATCHED, staff)
    steps = list(request_received.status_changes.values_list("to_status", "changed_by", "note"))
    assert steps[1:] == [(S.INTRODUCING, staff.pk, ""), (S.UNMATCHED, staff.pk, "日程が合わなかった")]
    with pytest.raises(ValidationError):
        services.talent_request_move(request=request_received, by=staff, to=S.MATCHED)


def test_received_cannot_jump_to_matched(request_received):
    with pytest.raises(ValidationError):
        services.talent_request_move(request=request_received, by=StaffFactory(), to=S.MATCHED)


def test_only_center_staff_handle_requests(request_received):
    for user in (UserFactory(), request_received.requester):
        with pytest.raises(PermissionDenied):
            services.talent_request_move(request=request_received, by=user, to=S.INTRODUCING)
        with pytest.raises(PermissionDenied):
            services.talent_request_assign(request=request_received, by=StaffFactory(), handler=user)
    request_received.refresh_from_db()
    assert request_received.status == S.RECEIVED


def _management_forms(page) -> dict:
    """The inlines' management forms as the browser posts them back (the status log inline is read only)."""
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        form = inline.formset.management_form
        data.update({form.add_prefix(name): value for name, value in form.initial.items()})
    return data


def test_staff_work_the_request_in_the_admin(client, request_received):
    staff, colleague = StaffFactory(), StaffFactory()
    client.force_login(staff)
    url = reverse("admin:groups_talentrequest_change", args=[request_received.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _management_forms(page)
    response = client.post(url, {**data, "handled_by": colleague.pk, "move_to": S.UNMATCHED, "note": ""})
    assert response.status_code == 200
    assert "不成立の理由を入力してください。" in response.content.decode()
    response = client.post(url, {**data, "handled_by": colleague.pk, "move_to": S.INTRODUCING, "note": ""})
    assert response.status_code == 302
    request_received.refresh_from_db()
    assert (request_received.status, request_received.handled_by) == (S.INTRODUCING, colleague)
    changelist = reverse("admin:groups_talentrequest_changelist")
    client.post(changelist, {"action": "match_selected", "_selected_action": [request_received.pk]})
    request_received.refresh_from_db()
    assert request_received.status == S.MATCHED
    assert request_received.status_changes.last().changed_by == staff


def test_withdrawing_an_application_notifies_the_group(worker):
    manager, group = manager_with_group()
    application = VolunteerApplicationFactory(need=VolunteerNeedFactory(group=group, title="清掃"))
    with worker.after():
        volunteer_services.application_withdraw(application=application, user=application.volunteer.user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert mail.outbox[-1].to == [manager.email]
    assert "応募が取り消されました" in mail.outbox[-1].subject
    assert application.volunteer.display_name in mail.outbox[-1].body


def test_an_applied_need_shows_no_apply_form(client):
    application = VolunteerApplicationFactory()
    client.force_login(application.volunteer.user)
    for name in ("groups:need_detail", "groups:need_apply"):
        body = client.get(reverse(name, args=[application.need_id])).content.decode()
        assert "この募集には応募済みです。" in body
        assert 'name="message"' not in body
    other = VolunteerNeedFactory()
    assert 'name="message"' in client.get(reverse("groups:need_apply", args=[other.pk])).content.decode()


def _invited(worker):
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group, title="子ども食堂の調理", skills_wanted=["料理"])
    volunteer = VolunteerProfileFactory(skills=["料理"])
    with worker.after():
        invitation = invitations.invitation_send(need=need, volunteer=volunteer, user=manager, message="ぜひ")
    return manager, need, volunteer, invitation


def test_manager_invites_a_candidate_who_accepts_and_so_applies(worker):
    manager, need, volunteer, invitation = _invited(worker)
    assert mail.outbox[-1].to == [volunteer.user.email]
    assert "子ども食堂の調理" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="すでに"):
        invitations.invitation_send(need=need, volunteer=volunteer, user=manager)
    with pytest.raises(PermissionDenied):
        invitations.invitation_accept(invitation=invitation, user=UserFactory())
    with worker.after():
        application = invitations.invitation_accept(invitation=invitation, user=volunteer.user, message="参加します")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.application) == (InvitationStatus.ACCEPTED, application)
    assert (application.status, application.message) == (ApplicationStatus.APPLIED, "参加します")
    assert mail.outbox[-1].to == [manager.email]
    with pytest.raises(ValidationError, match="すでに回答"):
        invitations.invitation_decline(invitation=invitation, user=volunteer.user)


def test_volunteer_declines_and_the_group_is_told(worker):
    manager, _need, volunteer, invitation = _invited(worker)
    with worker.after():
        invitations.invitation_decline(invitation=invitation, user=volunteer.user)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert mail.outbox[-1].to == [manager.email]
    assert "辞退" in mail.outbox[-1].subject


def test_only_managers_invite_and_only_open_needs_and_opted_in_volunteers():
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group)
    volunteer = VolunteerProfileFactory()
    for user in (StaffFactory(), UserFactory(), volunteer.user):
        with pytest.raises(PermissionDenied):
            invitations.invitation_send(need=need, volunteer=volunteer, user=user)
    hidden = VolunteerProfileFactory(matching_opt_in=False)
    with pytest.raises(ValidationError):
        invitations.invitation_send(need=need, volunteer=hidden, user=manager)
    applied = VolunteerApplicationFactory(need=need).volunteer
    with pytest.raises(ValidationError, match="すでにこの募集に応募"):
        invitations.invitation_send(need=need, volunteer=applied, user=manager)
    closed = VolunteerNeedFactory(group=group, status="closed")
    with pytest.raises(ValidationError):
        invitations.invitation_send(need=closed, volunteer=volunteer, user=manager)


def test_invitation_pages_by_keyboard_without_js(client, worker):
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group, skills_wanted=["料理"])
    volunteer = VolunteerProfileFactory(skills=["料理"])
    client.force_login(manager)
    body = client.get(reverse("groups:need_candidates", args=[need.pk])).content.decode()
    assert f"{volunteer.display_name} さんに応募をお願いする" in body
    url = reverse("groups:volunteer_invitation_send", args=[need.pk, volunteer.pk])
    assert client.post(url, {"note": "ぜひ"}).status_code == 302
    assert "依頼済み" in client.get(reverse("groups:need_candidates", args=[need.pk])).content.decode()
    response = client.post(url, {"note": ""}, follow=True)
    assert "すでにこの募集への応募を依頼しています" in response.content.decode()
    client.force_login(volunteer.user)
    body = client.get(reverse("groups:volunteer_index")).content.decode()
    assert "団体からの応募のお誘い" in body
    invitation = VolunteerInvitation.objects.get()
    other = VolunteerProfileFactory()
    client.force_login(other.user)
    assert client.post(reverse("groups:volunteer_invitation_accept", args=[invitation.pk])).status_code == 404
    client.force_login(volunteer.user)
    response = client.post(reverse("groups:volunteer_invitation_accept", args=[invitation.pk]), follow=True)
    assert "応募しました。" in response.content.decode()
    assert need.applications.get().volunteer == volunteer


def test_a_groups_manager_lists_its_skills_and_requests_go_through_the_center(client, worker):
    staff = StaffFactory()
    manager, group = manager_with_group(name="手話の会")
    client.force_login(manager)
    url = reverse("groups:group_talent_edit", args=[group.pk])
    response = client.post(url, {"topics": "あ" * 2001})
    assert response.status_code == 200
    assert "あ" * 2001 in response.content.decode()  # what was typed is kept
    assert client.post(url, {"topics": "手話の出前講座"}).status_code == 302
    assert GroupTalent.objects.get(group=group).topics == "手話の出前講座"
    body = client.get(reverse("groups:talent_bank")).content.decode()
    assert "手話の会" in body
    assert "手話の出前講座" in body
    assert group.contact_email not in body

    requester = UserFactory()
    client.force_login(requester)
    request_url = reverse("groups:talent_group_request", args=[group.pk])
    assert client.post(request_url, {"message": ""}).context["form"].errors["message"]
    with worker.after():
        assert client.post(request_url, {"message": "7月の講座をお願いしたい"}).status_code == 302
    request = TalentRequest.objects.get()
    assert (request.group, request.profile, request.status) == (group, None, S.RECEIVED)
    assert mail.outbox[-1].to == [staff.email]
    assert "手話の会" in mail.outbox[-1].subject

    # Emptying the topics takes the group off the list; its page then answers 404.
    client.force_login(manager)
    client.post(url, {"topics": ""})
    assert not GroupTalent.objects.exists()
    assert client.get(request_url).status_code == 404


def test_only_the_groups_managers_list_it():
    _manager, group = manager_with_group()
    for user in (StaffFactory(), UserFactory()):
        with pytest.raises(PermissionDenied):
            services.group_talent_save(group=group, user=user, topics="講座")
    assert not GroupTalent.objects.exists()


def test_a_request_goes_to_exactly_one_listed_target():
    person = VolunteerProfileFactory(talent_bank_listed=True, talent_topics="書道")
    _manager, group = manager_with_group()
    with pytest.raises(ValidationError):
        services.talent_request_send(group=group, user=UserFactory(), message="依頼")  # not listed
    with pytest.raises(IntegrityError), transaction.atomic():
        TalentRequest.objects.create(profile=person, group=group, message="両方")
