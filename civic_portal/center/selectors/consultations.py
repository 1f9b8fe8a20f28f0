"""Consultation reads: free future slots, a user's bookings, and the desk's figures by month, topic and channel."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from civic_portal.accounts.types import Visitor

from ..models import Channel, Consultation, ConsultationBooking, ConsultationSlot, Topic
from .lectures import _fiscal_span


def _active_booking():
    return ConsultationBooking.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)


def free_slots(*, now: dt.datetime | None = None) -> QuerySet[ConsultationSlot]:
    """Future slots nobody has booked, soonest first (one query)."""
    now = now or timezone.now()
    return (
        ConsultationSlot.objects.filter(starts_at__gt=now)
        .filter(~Exists(_active_booking()))
        .order_by("starts_at", "id")
    )


def free_slot(pk: int) -> ConsultationSlot:
    """One free future slot, or Http404."""
    return get_object_or_404(free_slots(), pk=pk)


def bookings_of(user: Visitor) -> QuerySet[ConsultationBooking]:
    """The user's bookings of future slots, not cancelled, with their slot and group (one query)."""
    if not user.is_authenticated:
        return ConsultationBooking.objects.none()
    return (
        ConsultationBooking.objects.filter(user=user, cancelled_at__isnull=True, slot__starts_at__gt=timezone.now())
        .select_related("slot", "group")
        .order_by("slot__starts_at", "id")
    )


def consultations_in_fiscal_year(fiscal_year: int) -> int:
    """Consultations held in a fiscal year (相談件数)."""
    start, end = _fiscal_span(fiscal_year)
    return Consultation.objects.filter(held_at__gte=start, held_at__lt=end).count()


def consultation_statistics(fiscal_year: int) -> dict:
    """A fiscal year's consultations month by month (April first): count, minutes, per topic and per channel, and
    the year's totals; one query. A consultation counts once under each of its topics."""
    start, end = _fiscal_span(fiscal_year)
    counts = {f"topic_{value}": Count("id", filter=Q(topics__contains=[value])) for value in Topic.values}
    counts |= {f"channel_{value}": Count("id", filter=Q(channel=value)) for value in Channel.values}
    query = (
        Consultation.objects.filter(held_at__gte=start, held_at__lt=end)
        .annotate(month=TruncMonth("held_at"))
        .values("month")
        .annotate(count=Count("id"), minutes=Sum("minutes"), **counts)
        .order_by("month")
    )
    rows = {timezone.localtime(row["month"]).date(): row for row in query}
    months = []
    day = start.date()
    for _ in range(12):
        row: dict = dict(rows.get(day, {}))
        months.append(
            {
                "month": day,
                "count": row.get("count", 0),
                "minutes": row.get("minutes") or 0,
                "topics": [row.get(f"topic_{value}", 0) for value in Topic.values],
                "channels": [row.get(f"channel_{value}", 0) for value in Channel.values],
            }
        )
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    total = {
        "count": sum(m["count"] for m in months),
        "minutes": sum(m["minutes"] for m in months),
        "topics": [sum(m["topics"][i] for m in months) for i in range(len(Topic.values))],
        "channels": [sum(m["channels"][i] for m in months) for i in range(len(Channel.values))],
    }
    return {"months": months, "total": total, "topics": Topic.labels, "channels": Channel.labels}
