"""Equipment loans: reserve without over-committing stock (the type row is locked), hand over, return, overdue.

Every status change goes through civic_portal.core.workflow.transition() and is logged with who made it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.core.workflow import log_status_change, transition

from ..models import EquipmentItem, EquipmentType, Loan, LoanStatus

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from groups.models import Group

    from ..models import Booking


def reserved_quantity(equipment_type: EquipmentType, starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    """Units of a type held by active loans overlapping [starts_at, ends_at)."""
    return (
        Loan.objects.holding_stock()
        .overlapping(starts_at, ends_at)
        .filter(equipment_type=equipment_type)
        .aggregate(total=Sum("quantity"))["total"]
        or 0
    )


@transaction.atomic
def loan_create(
    *,
    user: User,
    equipment_type: EquipmentType | int,
    quantity: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    group: Group | None = None,
    booking: Booking | None = None,
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
    loan = Loan.objects.create(
        equipment_type=equipment_type,
        quantity=quantity,
        user=user,
        group=group,
        booking=booking,
        starts_at=starts_at,
        ends_at=ends_at,
        fee=equipment_type.fee_per_use * quantity,
    )
    log_status_change(loan, from_status="", by=user)
    return loan


def loan_dates(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A standalone loan for whole days: [first day 00:00, day after the last day 00:00) in local time."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first_day, dt.time(0), tzinfo=tz),
        dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tzinfo=tz),
    )


def _lock(loan: Loan | int) -> Loan:
    pk = loan.pk if isinstance(loan, Loan) else loan
    return Loan.objects.select_for_update(of=("self",)).select_related("equipment_type").get(pk=pk)


@transaction.atomic
def loan_hand_over(*, loan: Loan | int, by: User, items: Sequence[EquipmentItem] = ()) -> Loan:
    """Front desk hands the equipment over, noting which serial-numbered items went out."""
    loan = _lock(loan)
    if items and (len(items) != loan.quantity or any(i.equipment_type_id != loan.equipment_type_id for i in items)):
        raise ValidationError(_("貸し出す個体は%(n)d点選んでください。") % {"n": loan.quantity})
    loan.handed_over_at = timezone.now()
    transition(loan, to=LoanStatus.HANDED_OVER, by=by, fields=["handed_over_at"])
    if items:
        loan.items.set(items)
    return loan


@transaction.atomic
def loan_return(*, loan: Loan | int, by: User, condition: str = "") -> Loan:
    """Front desk takes the equipment back and notes its condition."""
    loan = _lock(loan)
    loan.returned_at = timezone.now()
    loan.return_condition = condition
    return transition(loan, to=LoanStatus.RETURNED, by=by, note=condition, fields=["returned_at", "return_condition"])


@transaction.atomic
def loan_cancel(*, loan: Loan | int, by: User | None, note: str = "") -> Loan:
    """A reserved loan is cancelled and its units freed."""
    return transition(_lock(loan), to=LoanStatus.CANCELLED, by=by, note=note)


@transaction.atomic
def loan_mark_overdue(*, now: dt.datetime | None = None) -> int:
    """The nightly job: handed-over loans past their return time become overdue, one logged step each with no
    one as the actor; returns how many."""
    overdue = (
        Loan.objects.select_for_update()
        .filter(status=LoanStatus.HANDED_OVER, ends_at__lt=now or timezone.now())
        .order_by("pk")
    )
    count = 0
    for loan in overdue:
        transition(loan, to=LoanStatus.OVERDUE, by=None, note=_("返却期限を過ぎたため自動で変更"))
        count += 1
    return count
