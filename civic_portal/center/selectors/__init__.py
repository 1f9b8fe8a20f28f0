"""Reads the center's pages need, by part of the programme."""

from .consultations import bookings_of, consultation_statistics, consultations_in_fiscal_year, free_slot, free_slots
from .lectures import (
    lecture_requests_of,
    lecture_topic_published,
    lecture_topics_published,
    lectures_delivered,
    lectures_delivered_by_topic,
)
from .news import news_entry_visible_to, news_latest, news_list, newsletter_issues

__all__ = ["news_entry_visible_to", "news_latest", "news_list", "newsletter_issues"]
__all__ += [
    "lecture_requests_of", "lecture_topic_published", "lecture_topics_published", "lectures_delivered",
    "lectures_delivered_by_topic",
]  # fmt: skip
__all__ += ["bookings_of", "consultation_statistics", "consultations_in_fiscal_year", "free_slot", "free_slots"]

from . import events  # noqa: E402, F401 - event reads: selectors.events.*
