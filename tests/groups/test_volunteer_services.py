import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from groups.models import GroupStatus
from groups.models.volunteers import ApplicationStatus, NeedStatus, VolunteerProfile
from groups.services import volunteers as services
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import AreaFactory, GroupFactory, manager_with_group
from tests.factories.volunteers import (
    VolunteerApplicationFactory,
    VolunteerNeedFactory,
    VolunteerProfileFactory,
    field,
    future,
)

pytestmark = pytest.mark.django_db


def _profile_data(**overrides):
    return {
        "display_name": "山田",
        "skills": ["ＰＣ", "料理"],
        "availability": ["sat-am", "mon-pm", "sat-am"],
        "qualifications": "",
        "talent_bank_listed": False,
        "talent_topics": "",
        "matching_opt_in": True,
        **overrides,
    }


def test_register_needs_consent():
    user = UserFactory()
    with pytest.raises(ValidationError) as exc:
        services.volunteer_register(user=user, data=_profile_data(), consent=False)
    assert "consent" in exc.value.error_dict
    assert not VolunteerProfile.objects.exists()


def test_register_normalises_and_records_consent_and_update_keeps_it():
    user = UserFactory()
    area = AreaFactory()
    profile = services.volunteer_register(
        user=user, data=_profile_data(), fields_of_interest=[field(7)], areas=[area], consent=True
    )
    assert profile.skills == ["pc", "料理"]
    assert profile.availability == ["mon-pm", "sat-am"]
    assert list(profile.areas.all()) == [area]
    consent_at = profile.consent_given_at
    updated = services.volunteer_register(user=user, data=_profile_data(display_name="山田花子"))
    assert updated.pk == profile.pk
    assert updated.display_name == "山田花子"
    assert updated.consent_given_at == consent_at
    assert list(updated.areas.all()) == []


def test_talent_bank_listing_needs_topics():
    with pytest.raises(ValidationError) as exc:
        services.volunteer_register(user=UserFactory(), data=_profile_data(talent_bank_listed=True), consent=True)
    assert "talent_topics" in exc.value.error_dict


def test_withdraw_clears_personal_data_and_pending_applications():
    profile = VolunteerProfileFactory(
        skills=["pc"], availability=["mon-am"], qualifications="保育士", talent_bank_listed=True, talent_topics="絵本"
    )
    profile.areas.add(AreaFactory())
    pending = VolunteerApplicationFactory(volunteer=profile, message="電話番号は090...")
    services.volunteer_withdraw(profile=profile)
    profile.refresh_from_db()
    pending.refresh_from_db()
    assert profile.withdrawn_at is not None
    assert (profile.display_name, profile.skills, profile.availability, profile.qualifications) == ("", [], [], "")
    assert not profile.talent_bank_listed
    assert not profile.matching_opt_in
    assert profile.talent_topics == ""
    assert not profile.areas.exists()
    assert pending.status == ApplicationStatus.WITHDRAWN
    assert pending.message == ""
    with pytest.raises(ValidationError):
        services.volunteer_withdraw(profile=profile)


def test_register_again_after_withdrawal_needs_new_consent():
    profile = VolunteerProfileFactory()
    services.volunteer_withdraw(profile=profile)
    with pytest.raises(ValidationError):
        services.volunteer_register(user=profile.user, data=_profile_data())
    again = services.volunteer_register(user=profile.user, data=_profile_data(), consent=True)
    assert again.pk == profile.pk
    assert again.withdrawn_at is None


def test_need_create_only_by_manager_of_registered_group():
    manager, group = manager_with_group()
    data = {"title": "清掃", "place": "公園", "description": "ごみ拾い", "flexible": False, "dates": [future()],
            "end_date": future()}  # fmt: skip
    need = services.need_create(group=group, user=manager, data={**data, "skills_wanted": ["Ｐｃ"]})
    assert need.status == NeedStatus.OPEN
    assert need.skills_wanted == ["pc"]
    assert need.created_by == manager
    with pytest.raises(PermissionDenied):
        services.need_create(group=group, user=UserFactory(), data=data)
    draft_manager, draft = manager_with_group(status=GroupStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.need_create(group=draft, user=draft_manager, data=data)
    with pytest.raises(ValidationError):
        services.need_create(group=group, user=manager, data={**data, "dates": [], "people_needed": 0})


def test_need_update_and_close_permissions():
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group)
    with pytest.raises(PermissionDenied):
        services.need_update(need=need, user=UserFactory(), data={"title": "x"})
    assert services.need_update(need=need, user=manager, data={"title": "新"}).title == "新"
    with pytest.raises(PermissionDenied):
        services.need_close(need=need, user=UserFactory())
    assert services.need_close(need=need, user=StaffFactory()).status == NeedStatus.CLOSED


def test_apply_accept_flow_logs_emails_and_fills_need(worker):
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group, people_needed=1)
    volunteer = VolunteerProfileFactory()
    with worker.after():
        application = services.application_submit(need=need, user=volunteer.user, message="<b>はい</b>")
    assert mail.outbox[-1].to == [manager.email]
    assert "応募がありました" in mail.outbox[-1].subject
    with pytest.raises(ValidationError):
        services.application_submit(need=need, user=volunteer.user)
    with worker.after():
        services.application_accept(application=application, user=manager, note="土曜に集合")
    application.refresh_from_db()
    need.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.accepted_at is not None
    assert need.status == NeedStatus.FILLED
    recipients = {tuple(message.to) for message in mail.outbox}
    assert (volunteer.user.email,) in recipients
    accepted_mail = next(m for m in mail.outbox if m.to == [volunteer.user.email])
    assert "土曜に集合" in accepted_mail.body
    steps = list(application.status_changes.values_list("from_status", "to_status", "changed_by"))
    assert steps == [("", "applied", volunteer.user.pk), ("applied", "accepted", manager.pk)]


def test_decline_and_illegal_transitions():
    manager, group = manager_with_group()
    application = VolunteerApplicationFactory(need=VolunteerNeedFactory(group=group))
    services.application_decline(application=application, user=manager)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.accepted_at is None
    with pytest.raises(ValidationError) as exc:
        services.application_accept(application=application, user=manager)
    assert "見送り" in str(exc.value)
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, user=application.volunteer.user)


def test_only_managers_decide_and_only_owner_withdraws():
    _, group = manager_with_group()
    application = VolunteerApplicationFactory(need=VolunteerNeedFactory(group=group))
    for outsider in (UserFactory(), StaffFactory(), application.volunteer.user):
        with pytest.raises(PermissionDenied):
            services.application_accept(application=application, user=outsider)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, user=UserFactory())
    services.application_withdraw(application=application, user=application.volunteer.user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_cannot_apply_to_closed_need_or_without_profile():
    need = VolunteerNeedFactory(status=NeedStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.application_submit(need=need, user=VolunteerProfileFactory().user)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(need=VolunteerNeedFactory(), user=UserFactory())
    assert "ボランティア登録" in str(exc.value)


def test_cannot_apply_to_need_of_lapsed_group():
    need = VolunteerNeedFactory(group=GroupFactory(status=GroupStatus.LAPSED))
    with pytest.raises(ValidationError):
        services.application_submit(need=need, user=VolunteerProfileFactory().user)
