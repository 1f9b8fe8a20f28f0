"""The use permit (使用許可書) and receipt (領収書) printed on A4, and the front desk's payment record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_portal.core.fiscal import fiscal_year, wareki
from civic_portal.core.forms import form_saved

from . import selectors, services
from .lottery_forms import PaymentForm
from .models import Payment, PaymentState
from .permissions import can_run_front_desk


def city_name() -> str:
    """The city that issues permits and receipts (settings.FACILITIES_PUBLISHER), or the center's name."""
    publisher = getattr(settings, "FACILITIES_PUBLISHER", {}) or {}
    return publisher.get("municipality") or _("市民活動センター")


def _context(booking) -> dict:
    return {
        "booking": booking,
        "city": city_name(),
        "permit_number": f"{fiscal_year(booking.created_at)}-{booking.pk:06d}",
        "issued_on": wareki(timezone.localdate()),
    }


@login_required
def booking_permit(request, pk):
    booking = selectors.booking_get(user=request.user, pk=pk)
    if not booking.has_permit:
        raise Http404
    return render(request, "facilities/permit.html", _context(booking))


@login_required
def booking_receipt(request, pk):
    booking = selectors.booking_get(user=request.user, pk=pk)
    payment = Payment.objects.filter(booking=booking).select_related("recorded_by").first()
    if payment is None:
        raise Http404
    context = _context(booking) | {"payment": payment, "paid_on": wareki(payment.paid_on)}
    return render(request, "facilities/receipt.html", context)


@login_required
def payment_record(request, pk):
    """Center staff record the payment of a booking's fee (form kept with a Japanese message on any bad input)."""
    if not can_run_front_desk(request.user):
        raise PermissionDenied
    booking = selectors.booking_get(user=request.user, pk=pk)
    initial = {"amount": booking.final_price, "paid_on": timezone.localdate()}
    form = PaymentForm(request.POST or None, initial=initial)

    def record():
        data = form.cleaned_data
        services.payment_record(booking=booking, by=request.user, **data)

    if booking.payment_state == PaymentState.UNPAID and form_saved(
        request, form, record, message=_("支払いを記録しました。領収書を印刷できます。")
    ):
        return redirect("facilities:booking_receipt", pk=booking.pk)
    return render(request, "facilities/payment_form.html", {"booking": booking, "form": form})
