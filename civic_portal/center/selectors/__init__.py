"""Reads the center's pages need, by part of the programme."""

from .news import news_entry_visible_to, news_latest, news_list, newsletter_issues

__all__ = ["news_entry_visible_to", "news_latest", "news_list", "newsletter_issues"]
from . import events  # noqa: F401 - event reads: selectors.events.*
