import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from groups.models import GroupStatus
from groups.models.volunteers import ApplicationStatus, NeedStatus
from groups.selectors import volunteers as selectors
from groups.services import volunteers as services
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import AreaFactory, GroupFactory, manager_with_group
from tests.factories.volunteers import (
    VolunteerApplicationFactory,
    VolunteerNeedFactory,
    VolunteerProfileFactory,
    field,
)

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def test_candidates_ranked_by_transparent_score():
    area = AreaFactory()
    need = VolunteerNeedFactory(
        skills_wanted=["pc", "料理"], slots=["sat-am", "sun-am"], area=area, activity_field=field(7)
    )
    best = VolunteerProfileFactory(skills=["pc", "料理"], availability=["sat-am"], fields=[7], area_list=[area])
    skills_only = VolunteerProfileFactory(skills=["pc"])
    slot_only = VolunteerProfileFactory(availability=["sat-am", "sun-am"])
    field_only = VolunteerProfileFactory(fields=[7])
    VolunteerProfileFactory(skills=["手話"])  # no overlap: not a candidate
    VolunteerProfileFactory(skills=["pc", "料理"], matching_opt_in=False)  # did not opt in
    withdrawn = VolunteerProfileFactory(skills=["pc", "料理"])
    services.volunteer_withdraw(profile=withdrawn)

    ranked = selectors.volunteer_candidates_for_need(need)
    # Ties (field_only and slot_only both score 2) fall back to more shared skills, then registration order.
    assert [p.pk for p in ranked] == [best.pk, skills_only.pk, slot_only.pk, field_only.pk]
    top = ranked[0]
    assert (top.skill_matches, top.field_match, top.area_match, top.slot_matches) == (2, 1, 1, 1)
    assert top.score == 2 * 3 + 2 + 2 + 1
    assert [p.score for p in ranked[1:]] == [3, 2, 2]


def test_candidates_mark_applicants():
    need = VolunteerNeedFactory(skills_wanted=["pc"])
    applicant = VolunteerProfileFactory(skills=["pc"])
    VolunteerApplicationFactory(need=need, volunteer=applicant)
    other = VolunteerProfileFactory(skills=["pc"])
    flags = {p.pk: p.applied for p in selectors.volunteer_candidates_for_need(need)}
    assert flags == {applicant.pk: True, other.pk: False}


def test_needs_for_volunteer_ranked_and_only_open_public():
    area = AreaFactory()
    volunteer = VolunteerProfileFactory(skills=["pc"], availability=["mon-ev"], fields=[2], area_list=[area])
    best = VolunteerNeedFactory(skills_wanted=["pc"], slots=["mon-ev"], area=area)
    weaker = VolunteerNeedFactory(slots=["mon-ev"])
    VolunteerNeedFactory(skills_wanted=["pc"], status=NeedStatus.CLOSED)
    VolunteerNeedFactory(skills_wanted=["pc"], group=GroupFactory(status=GroupStatus.LAPSED))
    VolunteerNeedFactory(skills_wanted=["手話"])
    ranked = selectors.needs_for_volunteer(volunteer)
    assert [n.pk for n in ranked] == [best.pk, weaker.pk]
    assert ranked[0].score == 3 + 2 + 1


def test_needs_for_volunteer_empty_without_opt_in_or_after_withdrawal():
    VolunteerNeedFactory(skills_wanted=["pc"])
    assert selectors.needs_for_volunteer(VolunteerProfileFactory(skills=["pc"], matching_opt_in=False)) == []
    profile = VolunteerProfileFactory(skills=["pc"])
    assert len(selectors.needs_for_volunteer(profile)) == 1
    profile = services.volunteer_withdraw(profile=profile)
    assert selectors.needs_for_volunteer(profile) == []


def test_need_list_filters():
    area = AreaFactory()
    a = VolunteerNeedFactory(activity_field=field(1), area=area, slots=["tue-pm"])
    b = VolunteerNeedFactory(activity_field=field(7), slots=["sat-am"])
    VolunteerNeedFactory(status=NeedStatus.FILLED)
    assert set(selectors.need_list_public()) == {a, b}
    assert list(selectors.need_list_public(field=field(7).pk)) == [b]
    assert list(selectors.need_list_public(area=area.pk)) == [a]
    assert list(selectors.need_list_public(day="tue")) == [a]
    assert list(selectors.need_list_public(day="wed")) == []


def test_talent_bank_lists_only_listed_active_profiles():
    listed = VolunteerProfileFactory(talent_bank_listed=True, talent_topics="そば打ち")
    VolunteerProfileFactory(talent_bank_listed=False)
    gone = VolunteerProfileFactory(talent_bank_listed=True, talent_topics="書道")
    services.volunteer_withdraw(profile=gone)
    assert list(selectors.talent_bank_list()) == [listed]


def test_need_visibility_and_manager_fetch():
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group)
    assert selectors.need_get_visible(user=UserFactory(), pk=need.pk) == need
    with pytest.raises(PermissionDenied):
        selectors.need_get_for_manager(user=UserFactory(), pk=need.pk)
    with pytest.raises(Http404):
        selectors.need_get_for_manager(user=manager, pk=need.pk + 1000)
    assert selectors.need_get_for_manager(user=manager, pk=need.pk) == need
    hidden = VolunteerNeedFactory(group=GroupFactory(status=GroupStatus.LAPSED))
    with pytest.raises(Http404):
        selectors.need_get_visible(user=UserFactory(), pk=hidden.pk)
    assert selectors.need_get_visible(user=StaffFactory(), pk=hidden.pk) == hidden


def _at(*args):
    return dt.datetime(*args, tzinfo=JST)


def test_volunteer_registrations_by_fiscal_year_boundaries():
    VolunteerProfileFactory(consent_given_at=_at(2025, 3, 31, 23, 59, 59))  # FY2024
    VolunteerProfileFactory(consent_given_at=_at(2025, 4, 1, 0, 0))  # FY2025
    VolunteerProfileFactory(consent_given_at=_at(2026, 3, 31, 23, 59))  # FY2025
    VolunteerProfileFactory(consent_given_at=_at(2026, 4, 1, 0, 0))  # FY2026
    gone = VolunteerProfileFactory(consent_given_at=_at(2025, 6, 1))
    services.volunteer_withdraw(profile=gone)
    assert selectors.volunteer_registrations(2024) == 1
    assert selectors.volunteer_registrations(2025) == 2
    assert selectors.volunteer_registrations(2026) == 1


def test_matches_in_fiscal_year_boundaries():
    for moment in (_at(2025, 3, 31, 23, 59), _at(2025, 4, 1, 0, 0), _at(2026, 3, 31, 23, 59), _at(2026, 4, 1)):
        VolunteerApplicationFactory(status=ApplicationStatus.ACCEPTED, accepted_at=moment)
    VolunteerApplicationFactory(status=ApplicationStatus.DECLINED)
    assert selectors.matches_in_fiscal_year(2024) == 1
    assert selectors.matches_in_fiscal_year(2025) == 2
    assert selectors.matches_in_fiscal_year(2026) == 1
    assert selectors.matches_list(2025).count() == 2


def test_needs_open_for_group():
    group = GroupFactory()
    open_need = VolunteerNeedFactory(group=group)
    VolunteerNeedFactory(group=group, status=NeedStatus.CLOSED)
    VolunteerNeedFactory()
    assert list(selectors.needs_open_for_group(group)) == [open_need]
    lapsed = GroupFactory(status=GroupStatus.LAPSED)
    VolunteerNeedFactory(group=lapsed)
    assert list(selectors.needs_open_for_group(lapsed)) == []
