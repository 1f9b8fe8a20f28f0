import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from civic_portal.core.fiscal import current_fiscal_year
from groups.models.talent import GroupTalent
from groups.models.volunteers import ApplicationStatus, NeedStatus, VolunteerNeed, VolunteerProfile
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import AreaFactory, GroupFactory, manager_with_group
from tests.factories.volunteers import (
    VolunteerApplicationFactory,
    VolunteerNeedFactory,
    VolunteerProfileFactory,
    field,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    def _sign_in(user):
        client.force_login(user)
        return client

    return _sign_in


def test_public_pages_render_and_escape_script(client):
    need = VolunteerNeedFactory(title="<script>alert(1)</script>清掃", description="<b>x</b>")
    VolunteerProfileFactory(talent_bank_listed=True, talent_topics="<script>t()</script>書道", display_name="書家")
    for url in (reverse("groups:need_list"), reverse("groups:need_detail", args=[need.pk])):
        body = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;清掃" in body
        assert "<script>alert" not in body
    body = client.get(reverse("groups:talent_bank")).content.decode()
    assert "&lt;script&gt;t()&lt;/script&gt;書道" in body
    assert client.get(reverse("groups:volunteer_index")).status_code == 200


def test_talent_bank_shows_no_contact_details(client):
    person = VolunteerProfileFactory(talent_bank_listed=True, talent_topics="手話講座")
    body = client.get(reverse("groups:talent_bank")).content.decode()
    assert person.display_name in body
    assert person.user.email not in body


def test_talent_request_is_relayed_to_center_staff_without_revealing_contact(signed_in, worker):
    staff = StaffFactory()
    person = VolunteerProfileFactory(talent_bank_listed=True, talent_topics="書道")
    requester = UserFactory()
    client = signed_in(requester)
    url = reverse("groups:talent_request", args=[person.pk])
    assert person.user.email not in client.get(url).content.decode()
    response = client.post(url, {"message": ""})
    assert response.context["form"].errors["message"]
    with worker.after():
        response = client.post(url, {"message": "6月の講座で講師をお願いしたい"})
    assert response.status_code == 302
    sent = mail.outbox[-1]
    assert sent.to == [staff.email]
    assert sent.reply_to == [requester.email]
    assert "6月の講座" in sent.body
    assert person.user.email not in sent.body
    hidden = VolunteerProfileFactory(talent_bank_listed=False)
    assert client.get(reverse("groups:talent_request", args=[hidden.pk])).status_code == 404


@pytest.mark.parametrize("size", [3, 60])
def test_talent_bank_queries_do_not_grow(client, django_assert_num_queries, size):
    _bulk_volunteers(size, offset=0, listed=True)
    GroupTalent.objects.bulk_create(
        GroupTalent(group=group, topics="出前講座") for group in GroupFactory.create_batch(size // 3)
    )
    # people: count, page (with each person's fields' and districts' names); groups offering skills: count, page
    with django_assert_num_queries(4):
        response = client.get(reverse("groups:talent_bank"))
    assert len(response.context["page_obj"]) == min(size, 20)
    assert len(response.context["groups"]) == size // 3


def test_profile_form_registers_with_consent(signed_in):
    user = UserFactory()
    client = signed_in(user)
    response = client.get(reverse("groups:volunteer_profile"))
    body = response.content.decode()
    assert '<th scope="row">月曜</th>' in body
    assert 'value="mon-am"' in body
    assert reverse("privacy") in body
    response = client.post(
        reverse("groups:volunteer_profile"),
        {
            "display_name": "山田",
            "skills": "ＰＣ、料理",
            "availability": ["sat-am", "sun-pm"],
            "fields_of_interest": [field(7).pk],
            "matching_opt_in": "on",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.skills == ["pc", "料理"]
    assert profile.availability == ["sat-am", "sun-pm"]
    # Editing does not ask for consent again.
    assert "consent" not in client.get(reverse("groups:volunteer_profile")).context["form"].fields


def test_profile_form_bad_input_keeps_everything_and_explains(signed_in):
    client = signed_in(UserFactory())
    too_long = "あ" * 31
    response = client.post(
        reverse("groups:volunteer_profile"),
        {
            "display_name": "<script>x</script>",
            "skills": f"料理、{too_long}",
            "availability": ["sat-am", "bogus"],
            "talent_bank_listed": "on",
            "qualifications": "保育士",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "登録には個人情報の取扱いへの同意が必要です。" in form.errors["consent"]
    assert "長すぎます" in form.errors["skills"][0]
    assert "bogus" in form.errors["availability"][0]
    assert "講師・指導できること" in form.errors["talent_topics"][0]
    body = response.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert f"料理、{too_long}" in body
    assert "保育士" in body
    assert 'value="sat-am" id="id_availability_sat-am" checked' in body
    assert not VolunteerProfile.objects.exists()


def test_withdraw_through_the_page(signed_in):
    profile = VolunteerProfileFactory(talent_bank_listed=True, talent_topics="そば打ち")
    client = signed_in(profile.user)
    assert client.get(reverse("groups:volunteer_withdraw")).status_code == 200
    client.post(reverse("groups:volunteer_withdraw"))
    profile.refresh_from_db()
    assert profile.withdrawn_at
    assert profile.display_name == ""
    assert "そば打ち" not in client.get(reverse("groups:talent_bank")).content.decode()


def _need_post(**overrides):
    return {
        "title": "清掃ボランティア",
        "place": "中央公園",
        "description": "ごみ拾い",
        "people_needed": "2",
        "dates": "2030-05-10",
        "skills_wanted": "",
        "end_date": "2030-05-31",
        **overrides,
    }


def test_need_create_permissions_and_bad_input(signed_in):
    manager, group = manager_with_group()
    url = reverse("groups:need_create", args=[group.pk])
    assert signed_in(UserFactory()).get(url).status_code == 403
    assert signed_in(UserFactory()).post(url, _need_post()).status_code == 403
    client = signed_in(manager)
    response = client.post(url, _need_post(dates="2030-13-40", people_needed="0", title=""))
    form = response.context["form"]
    assert "「2030-13-40」は日付として読めません" in form.errors["dates"][0]
    assert form.errors["people_needed"]
    assert form.errors["title"]
    assert "2030-13-40" in response.content.decode()
    response = client.post(url, _need_post(dates=""))
    assert "活動日を入力するか「日程は相談可」を選んでください。" in response.context["form"].errors["dates"]
    response = client.post(url, _need_post(dates="２０３０－０５－１０", slots=["sat-am"]))
    need = VolunteerNeed.objects.get()
    assert response.status_code == 302
    assert need.dates[0].isoformat() == "2030-05-10"
    assert need.slots == ["sat-am"]


def test_need_edit_and_candidates_forbidden_to_non_managers(signed_in):
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group)
    for url in (reverse("groups:need_update", args=[need.pk]), reverse("groups:need_candidates", args=[need.pk])):
        assert signed_in(UserFactory()).get(url).status_code == 403
        assert signed_in(manager).get(url).status_code == 200
    assert signed_in(manager).get(reverse("groups:need_update", args=[need.pk + 999])).status_code == 404
    response = signed_in(manager).post(
        reverse("groups:need_update", args=[need.pk]), _need_post(status=NeedStatus.CLOSED)
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED


def test_accept_decline_forbidden_to_non_managers(signed_in):
    manager, group = manager_with_group()
    application = VolunteerApplicationFactory(need=VolunteerNeedFactory(group=group))
    for name in ("groups:application_accept", "groups:application_decline"):
        url = reverse(name, args=[application.pk])
        assert signed_in(UserFactory()).post(url).status_code == 403
        assert signed_in(application.volunteer.user).post(url).status_code == 403
        assert signed_in(manager).post(reverse(name, args=[application.pk + 999])).status_code == 404
        assert signed_in(manager).get(url).status_code == 405
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED
    signed_in(manager).post(reverse("groups:application_accept", args=[application.pk]), {"note": "よろしく"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    # A second decision is refused with a message, not a crash.
    response = signed_in(manager).post(reverse("groups:application_decline", args=[application.pk]), follow=True)
    assert "には進めません" in response.content.decode()


def test_manager_sees_applicant_contact_but_not_candidates_contact(signed_in):
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group, skills_wanted=["pc"])
    applicant = VolunteerProfileFactory(skills=["pc"])
    VolunteerApplicationFactory(need=need, volunteer=applicant)
    candidate = VolunteerProfileFactory(skills=["pc"])
    body = signed_in(manager).get(reverse("groups:need_candidates", args=[need.pk])).content.decode()
    assert applicant.user.email in body
    assert "スキル1つ一致 3点、分野 2点、地区 2点、曜日・時間帯1つ一致 1点" in body
    assert candidate.display_name in body
    assert candidate.user.email not in body


def test_apply_through_the_page(signed_in):
    need = VolunteerNeedFactory()
    volunteer = VolunteerProfileFactory()
    client = signed_in(volunteer.user)
    response = client.post(reverse("groups:need_apply", args=[need.pk]), {"message": "参加できます"})
    assert response.status_code == 302
    assert need.applications.get().message == "参加できます"
    response = client.post(reverse("groups:need_apply", args=[need.pk]), {"message": "二度目"})
    assert "すでに応募しています" in response.content.decode()
    assert "二度目" in response.content.decode()


def test_apply_requires_login(client):
    need = VolunteerNeedFactory()
    response = client.post(reverse("groups:need_apply", args=[need.pk]), {"message": "x"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_coordinator_page_staff_only(signed_in):
    VolunteerNeedFactory(title="公園清掃")
    assert signed_in(UserFactory()).get(reverse("groups:volunteer_coordination")).status_code == 403
    body = signed_in(StaffFactory()).get(reverse("groups:volunteer_coordination")).content.decode()
    assert "公園清掃" in body


# --- query counts at two sizes ---------------------------------------------------------------------------


def _bulk_needs(n: int, group) -> None:
    VolunteerNeed.objects.bulk_create(
        VolunteerNeed(
            group=group,
            title=f"募集{i}",
            place="公園",
            description="説明",
            flexible=True,
            skills_wanted=["pc"],
            slots=["sat-am"],
            activity_field=field(1 + i % 20),
            review_date=timezone.localdate() + dt.timedelta(days=90),
        )
        for i in range(n)
    )


def _bulk_volunteers(n: int, *, offset: int, listed: bool = False) -> None:
    User = get_user_model()
    users = User.objects.bulk_create(User(email=f"bulk{offset + i}@example.jp") for i in range(n))
    profiles = VolunteerProfile.objects.bulk_create(
        VolunteerProfile(
            user=user,
            display_name=f"一括{i}",
            skills=["pc"],
            availability=["sat-am"],
            consent_given_at=timezone.now(),
            talent_bank_listed=listed,
            talent_topics="講座" if listed else "",
        )
        for i, user in enumerate(users)
    )
    through = VolunteerProfile.fields_of_interest.through
    through.objects.bulk_create(through(volunteerprofile=p, activityfield=field(1)) for p in profiles)


@pytest.mark.parametrize("size", [3, 60])
def test_need_list_queries_do_not_grow(client, django_assert_num_queries, size):
    _bulk_needs(size, GroupFactory())
    # count, page of needs with group/field/area joined, filter choices (fields, areas)
    with django_assert_num_queries(4):
        response = client.get(reverse("groups:need_list"), {"day": "sat"})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 60])
def test_candidates_page_queries_do_not_grow(signed_in, django_assert_num_queries, size):
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group, skills_wanted=["pc"], slots=["sat-am"], activity_field=field(1))
    _bulk_volunteers(size, offset=0)
    for profile in VolunteerProfile.objects.all()[:2]:
        VolunteerApplicationFactory(need=need, volunteer=profile)
    client = signed_in(manager)
    # session, user, need, manager check, candidates (with their fields' and districts' names), applications
    with django_assert_num_queries(6):
        response = client.get(reverse("groups:need_candidates", args=[need.pk]))
    assert len(response.context["candidates"]) == min(size, 50)


@pytest.mark.parametrize("size", [3, 60])
def test_my_matches_page_queries_do_not_grow(signed_in, django_assert_num_queries, size):
    _bulk_needs(size, GroupFactory())
    volunteer = VolunteerProfileFactory(skills=["pc"], fields=[1])
    for need in VolunteerNeed.objects.all()[:2]:
        VolunteerApplicationFactory(need=need, volunteer=volunteer)
    client = signed_in(volunteer.user)
    # session, user, profile, field ids, area ids, ranked needs, applications, invitations to apply, user's roles
    # (coordinator link)
    with django_assert_num_queries(9):
        response = client.get(reverse("groups:volunteer_index"))
    assert len(response.context["matches"]) == min(size, 50)


def test_pages_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    VolunteerNeedFactory(slots=["sat-am"])
    body = client.get(reverse("groups:need_list")).content.decode()
    assert "<h1>Volunteer needs</h1>" in body
    assert "Saturday" in body
    body = client.get(reverse("groups:talent_bank")).content.decode()
    assert "<h1>Talent bank</h1>" in body


@pytest.mark.parametrize("size", [3, 120])
def test_coordinator_page_queries_do_not_grow(signed_in, django_assert_num_queries, size):
    group = GroupFactory()
    _bulk_needs(size, group)
    _bulk_volunteers(2, offset=0)
    for need, profile in zip(VolunteerNeed.objects.all()[:2], VolunteerProfile.objects.all(), strict=True):
        application = VolunteerApplicationFactory(need=need, volunteer=profile)
        application.status = ApplicationStatus.ACCEPTED
        application.accepted_at = timezone.now()
        application.save()
    client = signed_in(StaffFactory())
    # session, user, roles, TOTP check, registrations, match count, open needs (count, a page with counts),
    # matches (count, a page)
    with django_assert_num_queries(10):
        response = client.get(reverse("groups:volunteer_coordination"))
    needs = response.context["needs"]
    assert needs.paginator.count == size
    assert len(needs.object_list) == min(size, 50)


def test_manager_needs_page_lists_groups_and_counts(signed_in):
    manager, group = manager_with_group(name="花の会")
    need = VolunteerNeedFactory(group=group, title="花壇")
    VolunteerApplicationFactory(need=need)
    body = signed_in(manager).get(reverse("groups:need_manage")).content.decode()
    assert reverse("groups:need_create", args=[group.pk]) in body
    assert "花壇" in body
    assert signed_in(UserFactory()).get(reverse("groups:need_manage")).context["needs"].count() == 0


def test_coordinator_lists_page_on_their_own_keeping_the_year(signed_in):
    _bulk_needs(55, GroupFactory())
    client = signed_in(StaffFactory())
    year = current_fiscal_year()
    response = client.get(reverse("groups:volunteer_coordination"), {"year": year})
    html = response.content.decode()
    assert f'href="?year={year}&amp;needs_page=2" rel="next"' in html
    second = client.get(reverse("groups:volunteer_coordination"), {"year": year, "needs_page": 2})
    assert len(second.context["needs"].object_list) == 5
    assert second.context["matches"].number == 1


def test_talent_bank_and_candidates_name_each_person_s_fields_and_districts_in_order(client, signed_in):
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group, skills_wanted=["pc"])
    person = VolunteerProfileFactory(skills=["pc"], talent_bank_listed=True, talent_topics="書道")
    person.fields_of_interest.set([field(13), field(2)])
    person.areas.set([AreaFactory(name="西部", sort_order=2), AreaFactory(name="東部", sort_order=1)])
    bank = client.get(reverse("groups:talent_bank")).content.decode()
    assert "社会教育の推進を図る活動、子どもの健全育成を図る活動</p>" in bank
    assert "東部、西部</p>" in bank
    candidates = signed_in(manager).get(reverse("groups:need_candidates", args=[need.pk])).content.decode()
    assert "<td>社会教育の推進を図る活動、子どもの健全育成を図る活動 / 東部、西部</td>" in candidates
