"""The consultation desk: booking and cancelling slots, recording consultations, erasing old personal details."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.core.mail import send_templated_mail

from ..models import ClientKind, Consultation, ConsultationBooking, ConsultationSlot, FollowUp, Topic

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from groups.models import Group

logger = logging.getLogger(__name__)


def booking_cancel_deadline(slot: ConsultationSlot) -> dt.date:
    """The last day a booking of the slot can be cancelled online: the day before it."""
    return timezone.localdate(slot.starts_at) - dt.timedelta(days=1)


@transaction.atomic
def slot_book(
    *, user: User, slot: ConsultationSlot, topics: list[str], note: str = "", group: Group | None = None
) -> ConsultationBooking:
    """Book a free future slot for the user (for a group they manage, if given); mails the user and the staff member.

    The slot row is locked so two bookings of it wait for each other; the partial unique constraint is the last
    word should anything else write bookings."""
    slot = ConsultationSlot.objects.select_for_update(of=("self",)).select_related("staff").get(pk=slot.pk)
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("この枠の日時は過ぎています。"))
    if slot.bookings.filter(cancelled_at__isnull=True).exists():
        raise ValidationError(_("この枠はすでに予約されています。別の枠を選んでください。"))
    if group is not None and not type(group).objects.managed_by(user).filter(pk=group.pk).exists():
        raise PermissionDenied(_("この団体の代表者・管理者ではありません。"))
    if not topics or not set(topics) <= set(Topic.values):
        raise ValidationError({"topics": _("相談したいことを一つ以上選んでください。")})
    try:
        with transaction.atomic():
            booking = ConsultationBooking.objects.create(slot=slot, user=user, group=group, topics=topics, note=note)
    except IntegrityError as error:
        raise ValidationError(_("この枠はすでに予約されています。別の枠を選んでください。")) from error
    context = _mail_context(booking, slot, user)
    send_templated_mail(to=[user.email], template="center/email/consultation_booked", context=context)
    if slot.staff.email:
        send_templated_mail(to=[slot.staff.email], template="center/email/consultation_booked_staff", context=context)
    logger.info("consultation slot %s booked by user %s", slot.pk, user.pk)
    return booking


def _mail_context(booking: ConsultationBooking, slot: ConsultationSlot, user: User) -> dict:
    return {
        "booking": booking,
        "slot": slot,
        "user": user,
        "group": booking.group,
        "topic_labels": [Topic(value).label for value in booking.topics],
        "cancel_until": booking_cancel_deadline(slot).isoformat(),
    }


@transaction.atomic
def booking_cancel(*, booking: ConsultationBooking, by: User) -> ConsultationBooking:
    """The booker cancels until the day before the slot; the slot is free again; mails both sides."""
    booking = (
        ConsultationBooking.objects.select_for_update(of=("self",))
        .select_related("slot__staff", "group")
        .get(pk=booking.pk)
    )
    if booking.user_id != by.pk:
        raise PermissionDenied(_("この予約は取り消せません。"))
    if booking.cancelled_at is not None:
        raise ValidationError(_("この予約はすでに取り消されています。"))
    if timezone.localdate() > booking_cancel_deadline(booking.slot):
        raise ValidationError(_("前日を過ぎたため、ここでは取り消せません。センターに電話でご連絡ください。"))
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at"])
    context = _mail_context(booking, booking.slot, by)
    send_templated_mail(to=[by.email], template="center/email/consultation_cancelled", context=context)
    if booking.slot.staff.email:
        send_templated_mail(
            to=[booking.slot.staff.email], template="center/email/consultation_cancelled_staff", context=context
        )
    return booking


@transaction.atomic
def consultation_from_booking(*, booking: ConsultationBooking, by: User) -> Consultation:
    """Start the record of a booked consultation: time, channel, who and topics from the booking (staff complete
    minutes and advice in the admin)."""
    booking = (
        ConsultationBooking.objects.select_for_update(of=("self",))
        .select_related("slot", "user", "group")
        .get(pk=booking.pk)
    )
    if booking.cancelled_at is not None:
        raise ValidationError(_("取り消された予約からは記録を作れません。"))
    if Consultation.objects.filter(booking=booking).exists():
        raise ValidationError(_("この予約の記録はすでにあります。"))
    slot = booking.slot
    person = booking.user
    consultation = Consultation(
        held_at=slot.starts_at,
        channel=slot.channel,
        client_kind=ClientKind.GROUP if booking.group_id else ClientKind.PERSON,
        group=booking.group,
        person_name=(person.full_name if person else "")[:100],
        person_contact=(person.email if person else "")[:200],
        topics=booking.topics or [Topic.OTHER],
        minutes=max(1, int((slot.ends_at - slot.starts_at).total_seconds() // 60)),
        advice=booking.note,
        booking=booking,
        recorded_by=by,
    )
    consultation.full_clean()
    consultation.save()
    return consultation


def consultations_erase_expired(*, now: dt.datetime | None = None) -> int:
    """Erase the personal details of consultations (and their bookings) older than the retention period; the
    channel, topics, minutes and referrals stay for the statistics. Returns how many records were erased."""
    now = now or timezone.now()
    years = settings.CENTER_CONSULTATION_RETENTION_YEARS
    local = timezone.localtime(now)
    try:
        cutoff = local.replace(year=local.year - years)
    except ValueError:  # 29 February
        cutoff = local.replace(year=local.year - years, day=28)
    with transaction.atomic():
        expired = Consultation.objects.filter(held_at__lt=cutoff, erased_at__isnull=True)
        ids = list(expired.values_list("id", flat=True))
        erased = Consultation.objects.filter(id__in=ids).update(
            person_name="", person_contact="", advice="", referral_other="", erased_at=now
        )
        FollowUp.objects.filter(consultation_id__in=ids).update(task=_("（保存期間の経過により消去）"))
        ConsultationBooking.objects.filter(Q(slot__starts_at__lt=cutoff) & ~Q(note="")).update(note="")
    if erased:
        logger.info("erased the personal details of %d consultations held before %s", erased, cutoff.date())
    return erased
