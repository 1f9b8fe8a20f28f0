"""The center's own programme: news and the newsletter (events, lectures and consultations join here)."""

from .news import NewsCategory, NewsEntry, NewsletterContent, NewsletterIssue

__all__ = ["NewsCategory", "NewsEntry", "NewsletterContent", "NewsletterIssue"]
from .events import (
    Event,
    EventKind,
    EventSession,
    EventStatus,
    EventStatusChange,
    Signup,
    SignupStatus,
)

__all__ += ["Event", "EventKind", "EventSession", "EventStatus", "EventStatusChange", "Signup", "SignupStatus"]
