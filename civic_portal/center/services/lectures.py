"""Lecture requests: a signed-in user asks for a topic, staff schedule, decline or mark it delivered."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.core.mail import send_templated_mail
from civic_portal.core.workflow import log_status_change, transition

from ..models import LectureRequest, LectureStatus, LectureTopic, RequesterKind

if TYPE_CHECKING:
    from civic_portal.accounts.models import User

logger = logging.getLogger(__name__)

MAX_PREFERRED_DATES = 3
PREFERRED_WITHIN_DAYS = 365


def preferred_dates_problem(dates: list[dt.date], *, today: dt.date | None = None) -> str | None:
    """Why preferred dates cannot be taken (none, too many, past, beyond a year, repeated), or None."""
    today = today or timezone.localdate()
    if not dates:
        return _("希望日を一つ以上入れてください。")
    if len(dates) > MAX_PREFERRED_DATES:
        return _("希望日は三つまでです。")
    if len(set(dates)) != len(dates):
        return _("同じ希望日が二回入っています。")
    if any(day <= today for day in dates):
        return _("希望日は明日以降の日にしてください。")
    if any(day > today + dt.timedelta(days=PREFERRED_WITHIN_DAYS) for day in dates):
        return _("希望日は一年以内の日にしてください。")
    return None


@transaction.atomic
def lecture_request_create(*, user: User, topic: LectureTopic, data: dict) -> LectureRequest:
    """Take a request for a published topic, log it as received and mail the requester (after commit)."""
    if not topic.is_published:
        raise ValidationError(_("この講座は現在申し込めません。"))
    dates = sorted(d for d in data.get("preferred_dates", []) if d)
    if problem := preferred_dates_problem(dates):
        raise ValidationError({"preferred_dates": problem})
    kind = data["requester_kind"]
    if kind != RequesterKind.CITIZEN and not data.get("organisation", "").strip():
        raise ValidationError({"organisation": _("団体・学校・自治会の名前を入れてください。")})
    request = LectureRequest(
        topic=topic,
        requested_by=user,
        requester_kind=kind,
        organisation=data.get("organisation", "").strip(),
        contact_name=data["contact_name"],
        contact_email=data.get("contact_email") or user.email,
        contact_phone=data.get("contact_phone", ""),
        preferred_dates=dates,
        place=data["place"],
        audience_size=data["audience_size"],
        notes=data.get("notes", ""),
    )
    request.full_clean()
    request.save()
    log_status_change(request, from_status="", by=user)
    _notify(request)
    logger.info("lecture request %s for topic %s by user %s", request.pk, topic.pk, user.pk)
    return request


@transaction.atomic
def lecture_request_schedule(*, request: LectureRequest, by: User, scheduled_at: dt.datetime | None, note: str = ""):
    """Set the lecture's date and time and tell the requester."""
    request = _locked(request)
    request.scheduled_at = scheduled_at
    transition(request, to=LectureStatus.SCHEDULED, by=by, note=note, fields=["scheduled_at"])
    _notify(request)
    return request


@transaction.atomic
def lecture_request_decline(*, request: LectureRequest, by: User, reason: str):
    """Decline a request with the reason the requester reads."""
    request = _locked(request)
    request.decline_reason = reason.strip()
    transition(request, to=LectureStatus.DECLINED, by=by, note=reason, fields=["decline_reason"])
    _notify(request)
    return request


@transaction.atomic
def lecture_request_deliver(*, request: LectureRequest, by: User, attendance: int | None, note: str = ""):
    """Record a held lecture and how many attended (counted for the plan's indicators)."""
    request = _locked(request)
    request.attendance = attendance
    transition(request, to=LectureStatus.DELIVERED, by=by, note=note, fields=["attendance"])
    _notify(request)
    return request


def _locked(request: LectureRequest) -> LectureRequest:
    # Two staff acting at once: the second sees the first one's status and is refused by the table.
    return LectureRequest.objects.select_for_update().select_related("topic").get(pk=request.pk)


def _notify(request: LectureRequest) -> None:
    send_templated_mail(
        to=[request.contact_email],
        template=f"center/email/lecture_{request.status}",
        context={
            "request": request,
            "topic": request.topic,
            "preferred_days": [day.isoformat() for day in request.preferred_dates],
        },
    )
