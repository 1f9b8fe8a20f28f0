"""News and newsletter reads: only entries inside their publish window reach visitors."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from civic_portal.accounts.types import Visitor

from ..models import NewsEntry, NewsletterContent, NewsletterIssue
from ..permissions import can_preview_news

LIST_FIELDS = ("id", "category", "title", "summary", "body", "publish_at")


def news_list(*, category: str = "") -> QuerySet[NewsEntry]:
    """Published entries, newest first, of one category or all (a paginator slices it: one query a page)."""
    entries = NewsEntry.objects.published().only(*LIST_FIELDS).order_by("-publish_at", "-id")
    return entries.filter(category=category) if category else entries


def news_latest(limit: int = 5) -> list[NewsEntry]:
    """The newest published entries, for the home page and the feeds."""
    return list(news_list()[:limit])


def news_entry_visible_to(user: Visitor, pk: int) -> NewsEntry:
    """One entry; Http404 unless it is published now, or the user is staff who may preview it."""
    entry = NewsEntry.objects.filter(pk=pk).first()
    if entry is None or not (entry.is_public() or can_preview_news(user)):
        raise Http404
    return entry


def newsletter_issues() -> QuerySet[NewsletterIssue]:
    """Published newsletter issues, newest first, each with its table of contents (one extra query a page)."""
    contents = Prefetch("contents", queryset=NewsletterContent.objects.order_by("order", "id"))
    return NewsletterIssue.objects.filter(is_published=True).order_by("-number").prefetch_related(contents)
