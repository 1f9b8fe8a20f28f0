import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from civic_portal.center.models import (
    Event,
    EventKind,
    EventSession,
    EventStatus,
    NewsCategory,
    NewsEntry,
    NewsletterContent,
    NewsletterIssue,
)
from tests.factories.base import ModelFactory
from tests.factories.files import pdf_bytes


class NewsEntryFactory(ModelFactory[NewsEntry]):
    """A published entry (since an hour ago, for good)."""

    class Meta:
        model = NewsEntry

    category = NewsCategory.NOTICE
    title = factory.Sequence(lambda n: f"お知らせ{n}")
    body = "センターからのお知らせです。"
    publish_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


class NewsletterIssueFactory(ModelFactory[NewsletterIssue]):
    class Meta:
        model = NewsletterIssue

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"特集{n}")
    issued_on = factory.LazyFunction(timezone.localdate)
    pdf = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="issue.pdf"))


class NewsletterContentFactory(ModelFactory[NewsletterContent]):
    class Meta:
        model = NewsletterContent

    issue = factory.SubFactory(NewsletterIssueFactory)
    title = factory.Sequence(lambda n: f"記事{n}")
    order = factory.Sequence(lambda n: n)


def event_times(days: int = 14, hours: tuple[int, int] = (13, 15)) -> tuple[dt.datetime, dt.datetime]:
    """A session `days` from today (Japan time), from the first hour to the second."""
    day = timezone.localdate() + dt.timedelta(days=days)
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(hours[0]), tzinfo=tz), dt.datetime.combine(
        day, dt.time(hours[1]), tzinfo=tz
    )


class EventFactory(ModelFactory[Event]):
    """An approved (public) center event at an outside address, one session two weeks ahead; sessions=[(s, e), …]
    for others. Events in a room are made through the services (they book the room)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.COURSE
    title = factory.Sequence(lambda n: f"市民活動入門講座{n}")
    description = "団体の立ち上げ方を学びます。"
    status = EventStatus.APPROVED
    capacity = 10
    outside_venue = "下関市竹崎町1-1 公民館"
    signup_deadline = factory.LazyFunction(lambda: event_times()[0] - dt.timedelta(days=2))
    cancel_deadline = factory.LazyFunction(lambda: event_times()[0] - dt.timedelta(days=1))

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        if create:
            for starts_at, ends_at in extracted or [event_times()]:
                EventSession.objects.create(event=self, starts_at=starts_at, ends_at=ends_at)
