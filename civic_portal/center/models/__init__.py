"""The center's own programme: news and the newsletter, events and courses, lectures on request, consultations."""

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
from .events import Event, EventKind, EventSession, EventStatus, EventStatusChange, Signup, SignupStatus
from .lectures import LectureRequest, LectureRequestStatusChange, LectureStatus, LectureTopic, RequesterKind
from .news import NewsCategory, NewsEntry, NewsletterContent, NewsletterIssue

__all__ = [
    "Channel",
    "ClientKind",
    "Consultation",
    "ConsultationBooking",
    "ConsultationSlot",
    "Event",
    "EventKind",
    "EventSession",
    "EventStatus",
    "EventStatusChange",
    "FollowUp",
    "LectureRequest",
    "LectureRequestStatusChange",
    "LectureStatus",
    "LectureTopic",
    "NewsCategory",
    "NewsEntry",
    "NewsletterContent",
    "NewsletterIssue",
    "Referral",
    "RequesterKind",
    "Signup",
    "SignupStatus",
    "Topic",
]  # fmt: skip
