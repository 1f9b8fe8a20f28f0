import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from civic_portal.center.models import NewsCategory, NewsEntry, NewsletterContent, NewsletterIssue
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
