"""The consultation desk online: free slots, booking one, cancelling one's booking, the desk's statistics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic_portal.accounts.roles import CENTER_STATISTICS_PERMISSION
from civic_portal.core.fiscal import current_fiscal_year
from civic_portal.core.forms import apply_service_errors
from civic_portal.core.params import fiscal_year_param
from groups.models import Group

from .. import selectors
from ..forms_consultations import SlotBookingForm
from ..models import ConsultationBooking
from ..services import consultations as services

SLOTS_PER_PAGE = 30


def consultation_index(request):
    page = Paginator(selectors.free_slots(), SLOTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "slots": page.object_list, "bookings": list(selectors.bookings_of(request.user))}
    return render(request, "center/consultation_index.html", context)


def consultation_slot(request, pk):
    slot = selectors.free_slot(pk)
    form = None
    if request.user.is_authenticated:
        groups = Group.objects.managed_by(request.user).order_by("name", "id")
        form = SlotBookingForm(request.POST or None, groups=groups)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.slot_book(
                    user=request.user, slot=slot, topics=data["topics"], note=data["note"], group=data.get("group")
                )
            except (ValidationError, PermissionDenied) as error:
                apply_service_errors(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
            else:
                messages.success(request, _("相談を予約しました。確認のメールをお送りしました。"))
                return redirect("center:consultation_index")
    elif request.method == "POST":
        return redirect_to_login(request.get_full_path())
    return render(request, "center/consultation_slot.html", {"slot": slot, "form": form})


@login_required
@require_POST
def consultation_cancel(request, pk):
    booking = get_object_or_404(ConsultationBooking.objects.select_related("slot"), pk=pk, user=request.user)
    try:
        services.booking_cancel(booking=booking, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("予約を取り消しました。"))
    return redirect("center:consultation_index")


@login_required
def consultation_stats(request):
    if not request.user.has_perm(CENTER_STATISTICS_PERMISSION):
        raise PermissionDenied
    year = fiscal_year_param(request, default=current_fiscal_year())
    stats = selectors.consultation_statistics(year)
    return render(request, "center/consultation_stats.html", {"year": year, **stats})
