"""Equipment loans: reserve without over-committing stock (the type row is locked), hand over, return, overdue."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ACTIVE_LOAN_STATUSES, EquipmentItem, EquipmentType, Loan, LoanStatus


def reserved_quantity(equipment_type: EquipmentType, starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    """Units of a type held by active loans overlapping [starts_at, ends_at)."""
    return (
        Loan.objects.filter(
            equipment_type=equipment_type,
            status__in=ACTIVE_LOAN_STATUSES,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        ).aggregate(total=Sum("quantity"))["total"]
        or 0
    )


@transaction.atomic
def loan_create(
    *,
    user,
    equipment_type: EquipmentType | int,
    quantity: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    group=None,
    booking=None,
) -> Loan:
    """Reserve units of an equipment type; the type row is locked so concurrent requests never exceed the stock."""
    pk = equipment_type.pk if isinstance(equipment_type, EquipmentType) else equipment_type
    equipment_type = EquipmentType.objects.select_for_update().get(pk=pk)
    if quantity < 1:
        raise ValidationError({"quantity": _("数量は1以上にしてください。")})
    if starts_at >= ends_at:
        raise ValidationError(_("返却期限は貸出開始より後にしてください。"))
    if booking is None and timezone.localtime(starts_at).date() < timezone.localdate():
        raise ValidationError(_("貸出日は今日以降にしてください。"))
    if not equipment_type.is_active:
        raise ValidationError(_("%(name)sは現在貸し出していません。") % {"name": equipment_type.name})
    free = equipment_type.stock - reserved_quantity(equipment_type, starts_at, ends_at)
    if quantity > free:
        raise ValidationError(
            {
                "quantity": _("%(name)sはこの期間あと%(free)d点しか貸し出せません。")
                % {"name": equipment_type.name, "free": max(free, 0)}
            }
        )
    return Loan.objects.create(
        equipment_type=equipment_type,
        quantity=quantity,
        user=user,
        group=group,
        booking=booking,
        starts_at=starts_at,
        ends_at=ends_at,
        fee=equipment_type.fee_per_use * quantity,
    )


def loan_dates(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A standalone loan for whole days: [first day 00:00, day after the last day 00:00) in local time."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first_day, dt.time(0), tzinfo=tz),
        dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tzinfo=tz),
    )


def _move(loan: Loan, to: str) -> None:
    if not loan.can_move_to(to):
        raise ValidationError(
            _("「%(from)s」の貸出を「%(to)s」にはできません。")
            % {"from": loan.get_status_display(), "to": LoanStatus(to).label}
        )
    loan.status = to


def _lock(loan: Loan | int) -> Loan:
    pk = loan.pk if isinstance(loan, Loan) else loan
    return Loan.objects.select_for_update(of=("self",)).select_related("equipment_type").get(pk=pk)


@transaction.atomic
def loan_hand_over(*, loan: Loan | int, items: list[EquipmentItem] = ()) -> Loan:
    """Front desk hands the equipment over, noting which serial-numbered items went out."""
    loan = _lock(loan)
    _move(loan, LoanStatus.HANDED_OVER)
    if items:
        if len(items) != loan.quantity or any(i.equipment_type_id != loan.equipment_type_id for i in items):
            raise ValidationError(_("貸し出す個体は%(n)d点選んでください。") % {"n": loan.quantity})
        loan.items.set(items)
    loan.handed_over_at = timezone.now()
    loan.save(update_fields=["status", "handed_over_at"])
    return loan


@transaction.atomic
def loan_return(*, loan: Loan | int, condition: str = "") -> Loan:
    """Front desk takes the equipment back and notes its condition."""
    loan = _lock(loan)
    _move(loan, LoanStatus.RETURNED)
    loan.returned_at = timezone.now()
    loan.return_condition = condition
    loan.save(update_fields=["status", "returned_at", "return_condition"])
    return loan


@transaction.atomic
def loan_cancel(*, loan: Loan | int) -> Loan:
    """A reserved loan is cancelled and its units freed."""
    loan = _lock(loan)
    _move(loan, LoanStatus.CANCELLED)
    loan.save(update_fields=["status"])
    return loan


@transaction.atomic
def loan_mark_overdue(*, now: dt.datetime | None = None) -> int:
    """Mark handed-over loans past their return time overdue; returns how many."""
    return Loan.objects.filter(status=LoanStatus.HANDED_OVER, ends_at__lt=now or timezone.now()).update(
        status=LoanStatus.OVERDUE
    )
