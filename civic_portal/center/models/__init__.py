"""The center's own programme: news and the newsletter (events, lectures and consultations join here)."""

from .consultations import (
    Channel,
    ClientKind,
    Consultation,
    ConsultationBooking,
    ConsultationSlot,
    FollowUp,
    Referral,
    Topic,
)
from .lectures import LectureRequest, LectureRequestStatusChange, LectureStatus, LectureTopic, RequesterKind
from .news import NewsCategory, NewsEntry, NewsletterContent, NewsletterIssue

__all__ = ["NewsCategory", "NewsEntry", "NewsletterContent", "NewsletterIssue"]
# Lectures on request and the consultation desk (lec14)
__all__ += ["LectureRequest", "LectureRequestStatusChange", "LectureStatus", "LectureTopic", "RequesterKind"]
__all__ += [
    "Channel", "ClientKind", "Consultation", "ConsultationBooking", "ConsultationSlot", "FollowUp", "Referral", "Topic"
]  # fmt: skip
