import datetime as dt

import factory
from django.utils import timezone

from groups.models import ActivityField
from groups.models.volunteers import NeedStatus, VolunteerApplication, VolunteerNeed, VolunteerProfile
from tests.factories.accounts import UserFactory
from tests.factories.base import ModelFactory
from tests.factories.groups import GroupFactory


class VolunteerProfileFactory(ModelFactory[VolunteerProfile]):
    """An active, consented volunteer who opted in to matching; fields=[1, 7] / areas=[area] attach M2M."""

    class Meta:
        model = VolunteerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"ボランティア{n}")
    skills = factory.LazyFunction(list)
    availability = factory.LazyFunction(list)
    matching_opt_in = True
    consent_given_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if extracted:
            self.fields_of_interest.set(ActivityField.objects.filter(version="2012", code__in=extracted))

    @factory.post_generation
    def area_list(self, create, extracted, **kwargs):
        if extracted:
            self.areas.set(extracted)


class VolunteerNeedFactory(ModelFactory[VolunteerNeed]):
    class Meta:
        model = VolunteerNeed

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"ボランティア募集{n}")
    place = "市民活動センター"
    description = "清掃活動のお手伝い"
    flexible = True
    dates = factory.LazyFunction(list)
    slots = factory.LazyFunction(list)
    skills_wanted = factory.LazyFunction(list)
    people_needed = 1
    status = NeedStatus.OPEN
    # Every need ends (groups_need_ends): by default an ongoing one reviewed in three months.
    end_date = None
    review_date = factory.LazyAttribute(lambda o: None if o.end_date else timezone.localdate() + dt.timedelta(days=90))


class VolunteerApplicationFactory(ModelFactory[VolunteerApplication]):
    class Meta:
        model = VolunteerApplication

    need = factory.SubFactory(VolunteerNeedFactory)
    volunteer = factory.SubFactory(VolunteerProfileFactory)
    message = "よろしくお願いします"


def field(code: int) -> ActivityField:
    return ActivityField.objects.get(version="2012", code=code)


def future(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)
