"""Lottery pages: the list and result of each lottery, a group's application, the staff's draw, a winner's confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic_portal.core.forms import apply_service_errors

from . import services
from .lottery_forms import LotteryApplyForm
from .models import LotteryApplication, LotteryChoice, LotteryStatus, LotteryWindow
from .permissions import can_run_front_desk
from .services.lottery import window_get

LIST_SIZE = 50


def _window(pk: int) -> LotteryWindow:
    try:
        return window_get(pk=pk)
    except LotteryWindow.DoesNotExist as exc:
        raise Http404 from exc


def lottery_list(request):
    windows = list(
        LotteryWindow.objects.filter(facility__is_published=True)
        .select_related("facility")
        .annotate(applications_count=Count("applications"))
        .order_by("-month", "facility__sort_order", "pk")[:LIST_SIZE]
    )
    return render(request, "facilities/lottery_list.html", {"windows": windows})


def lottery_detail(request, pk):
    window = _window(pk)
    applications = []
    if window.is_drawn:
        # The published result: every application in the drawn order, with its choices' outcomes.
        rows = (
            LotteryApplication.objects.filter(window=window)
            .select_related("group")
            .prefetch_related(
                Prefetch("choices", queryset=LotteryChoice.objects.select_related("space").order_by("rank"))
            )
        )
        by_id = {a.pk: a for a in rows}
        applications = [by_id[pk] for pk in window.draw_order if pk in by_id]
    context = {
        "window": window,
        "applications": applications,
        "can_draw": can_run_front_desk(request.user) and window.status == LotteryStatus.OPEN,
        "log": list(window.status_changes.all()),
    }
    return render(request, "facilities/lottery_detail.html", context)


@login_required
def lottery_apply(request, pk):
    window = _window(pk)
    form = LotteryApplyForm(request.POST or None, window=window, user=request.user)
    closed = None
    if not window.is_accepting:
        closed = _("申込期間（%(first)s〜%(last)s）外のため申し込めません。") % {
            "first": f"{window.applies_from:%Y-%m-%d}",
            "last": f"{window.applies_until:%Y-%m-%d}",
        }
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.lottery_apply(
                window=window,
                user=request.user,
                group=data["group"],
                purpose=data["purpose"],
                expected_attendees=data["expected_attendees"],
                slots=data["slots"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("抽選に申し込みました。結果は抽選の後にメールでお知らせします。"))
            return redirect("facilities:lottery_detail", pk=window.pk)
    return render(request, "facilities/lottery_apply.html", {"window": window, "form": form, "closed": closed})


@login_required
def lottery_draw(request, pk):
    """Center staff: GET shows what will be drawn; POST runs the one draw."""
    if not can_run_front_desk(request.user):
        raise PermissionDenied
    window = _window(pk)
    if request.method == "POST":
        if window.is_drawn:
            messages.error(request, _("この抽選はすでに実施済みです。"))
            return redirect("facilities:lottery_detail", pk=window.pk)
        try:
            services.lottery_draw(window=window, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("抽選を実施しました。当選者は仮予約になり、落選者にはメールでお知らせします。"))
            return redirect("facilities:lottery_detail", pk=window.pk)
    count = LotteryApplication.objects.filter(window=window).count()
    return render(request, "facilities/lottery_draw.html", {"window": window, "applications_count": count})


@login_required
@require_POST
def booking_confirm_hold(request, pk):
    """The winner (or a manager of its group) confirms a provisional booking."""
    from .selectors import booking_get

    booking = booking_get(user=request.user, pk=pk)
    try:
        services.booking_confirm_provisional(booking=booking, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("予約を確定しました。"))
    return redirect("facilities:booking_detail", pk=booking.pk)
