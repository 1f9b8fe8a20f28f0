import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from groups.models.activity import ActivityRecord, ActivityStatus
from groups.models.volunteers import ApplicationStatus
from tests.factories.base import ModelFactory
from tests.factories.groups import manager_with_group
from tests.factories.volunteers import VolunteerApplicationFactory, VolunteerNeedFactory


def accepted_application(**kwargs):
    """A match: an accepted application to a registered group's need; returns (manager, application)."""
    manager, group = manager_with_group()
    need = VolunteerNeedFactory(group=group)
    application = VolunteerApplicationFactory(
        need=need, status=ApplicationStatus.ACCEPTED, accepted_at=timezone.now(), **kwargs
    )
    return manager, application


class ActivityRecordFactory(ModelFactory[ActivityRecord]):
    """A confirmed day of activity a week ago (pass application=… for a given match)."""

    class Meta:
        model = ActivityRecord

    application = factory.LazyFunction(lambda: accepted_application()[1])
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    hours = Decimal("2.5")
    description = "会場の設営"
    status = ActivityStatus.CONFIRMED
