"""Lecture topics and requests, consultation slots, bookings and records (issue 14, lec14)."""

import datetime as dt

import factory
from django.utils import timezone

from civic_portal.center.models import (
    Channel,
    ClientKind,
    Consultation,
    ConsultationBooking,
    ConsultationSlot,
    LectureRequest,
    LectureTopic,
    RequesterKind,
    Topic,
)
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.base import ModelFactory


class LectureTopicFactory(ModelFactory[LectureTopic]):
    class Meta:
        model = LectureTopic

    title = factory.Sequence(lambda n: f"講座{n}")
    department = "市民活動センター"
    length_minutes = 60
    audience = "市民"
    requester_prepares = "会場"


class LectureRequestFactory(ModelFactory[LectureRequest]):
    """A received request of a school, for a day in two weeks."""

    class Meta:
        model = LectureRequest

    topic = factory.SubFactory(LectureTopicFactory)
    requested_by = factory.SubFactory(UserFactory)
    requester_kind = RequesterKind.SCHOOL
    organisation = factory.Sequence(lambda n: f"市立第{n}小学校")
    contact_name = "学校 先生"
    contact_email = factory.LazyAttribute(lambda o: o.requested_by.email if o.requested_by else "school@example.jp")
    preferred_dates = factory.LazyFunction(lambda: [timezone.localdate() + dt.timedelta(days=14)])
    place = "体育館"
    audience_size = 80


class ConsultationSlotFactory(ModelFactory[ConsultationSlot]):
    """An hour at the counter, three days from now at 10:00 (Japan time)."""

    class Meta:
        model = ConsultationSlot

    starts_at = factory.LazyFunction(
        lambda: dt.datetime.combine(
            timezone.localdate() + dt.timedelta(days=3), dt.time(10), tzinfo=timezone.get_current_timezone()
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    channel = Channel.COUNTER
    staff = factory.SubFactory(StaffFactory)


class ConsultationBookingFactory(ModelFactory[ConsultationBooking]):
    class Meta:
        model = ConsultationBooking

    slot = factory.SubFactory(ConsultationSlotFactory)
    user = factory.SubFactory(UserFactory)
    topics = factory.LazyFunction(lambda: [Topic.FUNDING])


class ConsultationFactory(ModelFactory[Consultation]):
    """A person's consultation at the counter an hour ago."""

    class Meta:
        model = Consultation

    held_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    channel = Channel.COUNTER
    client_kind = ClientKind.PERSON
    person_name = "相談 太郎"
    person_contact = "090-1111-2222"
    topics = factory.LazyFunction(lambda: [Topic.FOUNDING])
    minutes = 30
    advice = "定款の例を渡した。"
