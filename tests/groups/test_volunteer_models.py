import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from groups.models.volunteers import ApplicationStatus, VolunteerApplication, VolunteerNeed, normalize_tags
from tests.factories.volunteers import VolunteerApplicationFactory, VolunteerNeedFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def _violates(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_normalize_tags_folds_width_case_and_duplicates():
    assert normalize_tags("ＰＣ、pc, 　手話 ,料理\n料理") == ["pc", "手話", "料理"]
    assert normalize_tags(["Ａ", "", " a "]) == ["a"]


def test_availability_codes_are_checked_by_the_database():
    _violates(lambda: VolunteerProfileFactory(availability=["mon-am", "xyz-am"]))
    assert VolunteerProfileFactory(availability=["mon-am", "sun-ev"]).availability == ["mon-am", "sun-ev"]


def test_withdrawn_profile_cannot_stay_listed_or_matched():
    profile = VolunteerProfileFactory(talent_bank_listed=True, talent_topics="手話講座")
    profile.withdrawn_at = timezone.now()
    _violates(profile.save)


def test_active_profile_needs_a_display_name():
    _violates(lambda: VolunteerProfileFactory(display_name=""))


def test_need_people_needed_at_least_one_and_status_valid():
    _violates(lambda: VolunteerNeedFactory(people_needed=0))
    _violates(lambda: VolunteerNeedFactory(status="maybe"))


def test_need_needs_dates_or_flexible_and_full_clean_says_so():
    need = VolunteerNeedFactory.build(flexible=False, dates=[], group=VolunteerNeedFactory().group)
    with pytest.raises(ValidationError) as exc:
        need.full_clean()
    assert "活動日を入力するか「日程は相談可」を選んでください。" in str(exc.value)
    _violates(lambda: VolunteerNeedFactory(flexible=False, dates=[]))


def test_need_slots_checked():
    _violates(lambda: VolunteerNeedFactory(slots=["mon-night"]))


def test_one_active_application_per_need_and_volunteer():
    application = VolunteerApplicationFactory()
    _violates(lambda: VolunteerApplicationFactory(need=application.need, volunteer=application.volunteer))
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    again = VolunteerApplicationFactory(need=application.need, volunteer=application.volunteer)
    assert VolunteerApplication.objects.filter(need=again.need).count() == 2


def test_application_status_valid_and_accepted_is_dated():
    _violates(lambda: VolunteerApplicationFactory(status="maybe"))
    _violates(lambda: VolunteerApplicationFactory(status=ApplicationStatus.ACCEPTED, accepted_at=None))


def test_need_str_and_slot_labels():
    need = VolunteerNeedFactory(title="清掃", slots=["sat-am"])
    assert str(need) == "清掃"
    assert need.slot_labels() == ["土曜 午前"]
    assert VolunteerNeed.objects.count() == 1
