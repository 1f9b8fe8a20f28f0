"""Lecture reads: the public catalogue, a requester's own requests, delivered lectures per fiscal year and topic."""

import datetime as dt

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from civic_portal.accounts.types import Visitor
from civic_portal.core.fiscal import fiscal_year_bounds

from ..models import LectureRequest, LectureStatus, LectureTopic


def lecture_topics_published() -> QuerySet[LectureTopic]:
    """Published topics by department and title (one query)."""
    return LectureTopic.objects.filter(is_published=True).order_by("department", "title", "id")


def lecture_topic_published(pk: int) -> LectureTopic:
    """One published topic, or Http404."""
    return get_object_or_404(LectureTopic, pk=pk, is_published=True)


def lecture_requests_of(user: Visitor) -> QuerySet[LectureRequest]:
    """The user's own requests, newest first, with their topic (one query)."""
    if not user.is_authenticated:
        return LectureRequest.objects.none()
    return LectureRequest.objects.filter(requested_by=user).select_related("topic").order_by("-created_at", "-id")


def _fiscal_span(fiscal_year: int) -> tuple[dt.datetime, dt.datetime]:
    first, last = fiscal_year_bounds(fiscal_year)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def lectures_delivered_by_topic(fiscal_year: int) -> list[dict]:
    """Delivered lectures of a fiscal year (by the day held) per topic: title, department, count, attendance; one
    query, most delivered first."""
    start, end = _fiscal_span(fiscal_year)
    rows = (
        LectureRequest.objects.filter(status=LectureStatus.DELIVERED, scheduled_at__gte=start, scheduled_at__lt=end)
        .values("topic_id", "topic__title", "topic__department")
        .annotate(count=Count("id"), attendance=Sum("attendance"))
        .order_by("-count", "topic__title", "topic_id")
    )
    return [
        {
            "title": row["topic__title"],
            "department": row["topic__department"],
            "count": row["count"],
            "attendance": row["attendance"] or 0,
        }
        for row in rows
    ]


def lectures_delivered(fiscal_year: int) -> int:
    """Lectures on request delivered in a fiscal year (出前講座の実施回数)."""
    start, end = _fiscal_span(fiscal_year)
    return LectureRequest.objects.filter(
        status=LectureStatus.DELIVERED, scheduled_at__gte=start, scheduled_at__lt=end
    ).count()
