import pytest

from civic_portal.core.demo import demo_users
from groups import demo_volunteers
from groups.models.volunteers import VolunteerApplication, VolunteerNeed, VolunteerProfile
from groups.selectors import volunteers as selectors

pytestmark = pytest.mark.django_db


def test_demo_volunteers_load_twice_without_duplicates():
    users = demo_users()
    demo_volunteers.load(users=users)
    demo_volunteers.load(users=users)
    assert VolunteerNeed.objects.count() == 3
    assert VolunteerProfile.objects.count() == 2
    assert VolunteerApplication.objects.count() == 2
    assert len(selectors.talent_bank_list()) == 2
    assert selectors.needs_for_volunteer(VolunteerProfile.objects.get(user=users["citizen@example.jp"]))
