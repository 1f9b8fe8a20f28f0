"""Thin views: authorise, bind a form, call one service or selector, render or redirect."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic_portal.core import generated
from civic_portal.core.choices import Weekday
from civic_portal.core.forms import apply_service_errors
from civic_portal.core.params import id_param, int_param
from civic_portal.core.storage import private_file_response

from . import fee_page, opendata, selectors, services
from .calendar import booking_ics, public_facility_ics
from .forms import BookingForm, CancelForm, EvidenceForm, FacilityFilterForm, LoanForm
from .models import EquipmentItem, FacilityKind
from .permissions import can_run_front_desk
from .pricing import quote
from .services.bookings import booking_problems, cancel_refusal, cancellation_fee
from .services.equipment import loan_dates

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


def facility_list(request):
    form = FacilityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    facilities = selectors.facility_list(
        kind=filters.get("kind", ""),
        area=filters["area"].pk if filters.get("area") else None,
        capacity=filters.get("capacity"),
        barrier_free=filters.get("barrier_free", []),
    )
    # Each facility's page is <list_url><pk>/ (urls.py): one reverse, not one per row.
    context = {"form": form, "facilities": facilities, "list_url": reverse("facilities:facility_list")}
    return render(request, "facilities/facility_list.html", context)


def facility_detail(request, pk):
    facility = selectors.facility_get(user=request.user, pk=pk, related=selectors.FACILITY_PAGE)
    context = {"facility": facility, "photos": selectors.attach_space_photos(facility), "kinds": FacilityKind}
    return render(request, "facilities/facility_detail.html", context)


def _space_param(request, facility):
    space_id = id_param(request, "space")
    return selectors.space_get(user=request.user, facility=facility, pk=space_id) if space_id else None


def _calendar_links(facility, space) -> dict:
    """What the calendars link each day and free time to, built once rather than per cell."""
    return {
        "week_url": reverse("facilities:facility_week_current", args=[facility.pk]),
        "book_url": reverse("facilities:booking_create", args=[facility.pk]),
        "space_query": f"?space={space.pk}" if space else "",
    }


def facility_month(request, pk, year=None, month=None):
    facility = selectors.facility_get(user=request.user, pk=pk, related=selectors.CALENDAR)
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    space = _space_param(request, facility)
    first, last = selectors.month_weeks(year, month)
    days = selectors.facility_calendar(facility=facility, first_day=first, last_day=last, space=space, month=month)
    prev_month = (dt.date(year, month, 1) - dt.timedelta(days=1)).replace(day=1)
    next_month = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    context = {"facility": facility, "space": space, "weeks": weeks, "month": dt.date(year, month, 1)}
    context |= {"prev_month": prev_month, "next_month": next_month, "weekday_names": Weekday.labels}
    context |= _calendar_links(facility, space)
    return render(request, "facilities/facility_month.html", context)


def facility_week(request, pk, day=None):
    facility = selectors.facility_get(user=request.user, pk=pk, related=selectors.CALENDAR)
    first = day or timezone.localdate()  # <isodate:day>: a real date within the years the portal can mean
    first -= dt.timedelta(days=first.weekday())
    space = _space_param(request, facility)
    days = selectors.facility_calendar(
        facility=facility, first_day=first, last_day=first + dt.timedelta(days=6), space=space
    )
    context = {"facility": facility, "space": space, "days": days, "first": first}
    context |= {"prev_week": first - dt.timedelta(days=7), "next_week": first + dt.timedelta(days=7)}
    context |= _calendar_links(facility, space)
    return render(request, "facilities/facility_week.html", context)


@login_required
def booking_create(request, pk):
    # Only a preview checks the time here; a booking is checked by the service, which reads the rules under lock.
    previewing = request.POST.get("step") == "preview"
    related = selectors.BOOKING_CHECK if previewing else selectors.BOOKING_FORM
    facility = selectors.facility_get(user=request.user, pk=pk, related=related)
    if not facility.bookable_here:
        raise PermissionDenied
    initial = {"space": request.GET.get("space"), "date": request.GET.get("date")}
    # Prefilled from a free slot found by /facilities/search/ (facilities.free_slots).
    initial |= {k: request.GET.get(k) for k in ("slot", "start", "end")}
    initial["expected_attendees"] = request.GET.get("attendees")
    form = BookingForm(request.POST or None, facility=facility, user=request.user, initial=initial)
    step = request.POST.get("step", "edit")
    if request.method != "POST" or step == "edit" or not form.is_valid():
        return render(request, "facilities/booking_form.html", {"facility": facility, "form": form})
    data = form.cleaned_data
    evidence = EvidenceForm(
        request.POST if step == "confirm" else None, request.FILES or None, required=bool(data.get("exemption_rule"))
    )
    if step == "confirm" and evidence.is_valid():
        # The services check everything the preview would, under the rooms' lock: no preview first.
        try:
            booking = _create(request, data, evidence.cleaned_data.get("evidence"))
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return render(request, "facilities/booking_form.html", {"facility": facility, "form": form})
        if booking is None:
            return redirect("facilities:booking_list")
        return redirect("facilities:booking_detail", pk=booking.pk)
    try:
        price, preview = _preview(request.user, data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return render(request, "facilities/booking_form.html", {"facility": facility, "form": form})
    context = {"facility": facility, "form": form, "quote": price, "data": data, "preview": preview}
    return render(request, "facilities/booking_confirm.html", context | {"evidence_form": evidence})


def _preview(user: User, data):
    """The fee and, for a weekly series, each date with its problems; a single booking's problems are raised."""
    args = {"space": data["space_obj"], "group": data.get("group")}
    times = {"starts_at": data["starts_at"], "ends_at": data["ends_at"]}
    services.booking_check_request(
        user=user, expected_attendees=data["expected_attendees"], equipment=data["equipment"], **args
    )
    price = quote(equipment=data["equipment"], applied_rule=data.get("exemption_rule"), **times, **args)
    if data.get("repeat_until"):
        preview = services.booking_series_preview(
            first_start=data["starts_at"], first_end=data["ends_at"], until=data["repeat_until"], **args
        )
        return price, preview
    if problems := booking_problems(**times, **args):
        raise ValidationError(problems)
    return price, None


def _create(request, data, evidence):
    common = {
        "user": request.user,
        "space": data["space_obj"],
        "group": data.get("group"),
        "purpose": data["purpose"],
        "expected_attendees": data["expected_attendees"],
    }
    if data.get("repeat_until"):
        # Who books and for how many is refused for the whole series, not date by date.
        services.booking_check_request(
            user=request.user,
            space=common["space"],
            group=common["group"],
            expected_attendees=data["expected_attendees"],
            equipment=data["equipment"],
        )
        made, skipped = services.booking_series_create(
            first_start=data["starts_at"],
            first_end=data["ends_at"],
            until=data["repeat_until"],
            exemption_rule=data.get("exemption_rule"),
            exemption_evidence=evidence,
            **common,
        )
        messages.success(
            request,
            _("%(made)d件を予約し、%(skipped)d件は空いていないため予約しませんでした。")
            % {"made": len(made), "skipped": len(skipped)},
        )
        return None
    booking = services.booking_create(
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        equipment=data["equipment"],
        exemption_rule=data.get("exemption_rule"),
        exemption_evidence=evidence,
        **common,
    )
    messages.success(request, _("予約を申し込みました。"))
    return booking


BOOKINGS_PAGE_SIZE = 50


@login_required
def booking_list(request):
    number = int_param(request, "page", default=1, min_value=1, max_value=10_000)
    start = (number - 1) * BOOKINGS_PAGE_SIZE
    # One row more than the page tells whether an older page exists, without counting them all.
    groups = selectors.managed_groups(user=request.user)
    end = start + BOOKINGS_PAGE_SIZE + 1
    bookings = selectors.booking_list_for_user(user=request.user, managed=[g.pk for g in groups], upto=end)
    rows = list(bookings[start:end])
    context = {
        "bookings": rows[:BOOKINGS_PAGE_SIZE],
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if len(rows) > BOOKINGS_PAGE_SIZE else None,
        "calendars": selectors.group_calendars(groups),
        "bookings_url": reverse("facilities:booking_list"),  # each booking's page is <bookings_url><pk>/
    }
    return render(request, "facilities/booking_list.html", context)


@login_required
def booking_detail(request, pk):
    booking = selectors.booking_get(user=request.user, pk=pk)
    refusal = cancel_refusal(request.user, booking) if booking.can_move_to("cancelled") else None
    context = {"booking": booking, "can_cancel": booking.can_move_to("cancelled") and not refusal}
    context["can_record_payment"] = can_run_front_desk(request.user)
    return render(request, "facilities/booking_detail.html", context | {"cancel_refusal": refusal})


@login_required
def booking_ics_download(request, pk):
    booking = selectors.booking_get(user=request.user, pk=pk)
    response = HttpResponse(booking_ics([booking]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response


@login_required
def booking_evidence(request, pk):
    booking = selectors.booking_get(user=request.user, pk=pk)
    return private_file_response(booking.exemption_evidence)


@login_required
def booking_cancel(request, pk):
    """GET: what would be cancelled (rooms, equipment, fee) with an optional reason; POST: cancel it."""
    booking = selectors.booking_get(user=request.user, pk=pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    refusal = cancel_refusal(request.user, booking)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.booking_cancel(booking=booking, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("予約を取り消しました。確認のメールをお送りします。"))
            return redirect("facilities:booking_detail", pk=booking.pk)
    fee = cancellation_fee(request.user, booking)
    context = {"booking": booking, "form": form, "refusal": refusal, "fee": fee, "refund": booking.final_price - fee}
    return render(request, "facilities/booking_cancel.html", context)


@login_required
def loan_create(request, pk):
    facility = selectors.facility_get(user=request.user, pk=pk, related=selectors.LOAN_FORM)
    form = LoanForm(request.POST or None, facility=facility, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = loan_dates(data["first_day"], data["last_day"])
        try:
            services.loan_create(
                user=request.user,
                group=data.get("group"),
                equipment_type=data["type_obj"],
                quantity=data["quantity"],
                starts_at=starts_at,
                ends_at=ends_at,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("備品の貸出を予約しました。センターの窓口でお受け取りください。"))
            return redirect("facilities:facility_detail", pk=facility.pk)
    return render(request, "facilities/loan_form.html", {"facility": facility, "form": form})


@login_required
@require_POST
def group_calendar_issue(request, group_pk):
    group = selectors.managed_group_get(user=request.user, pk=group_pk)
    services.group_calendar_reset(group=group)
    messages.success(request, _("カレンダーのURLを発行しました。以前のURLは使えなくなります。"))
    return redirect("facilities:booking_list")


def fees(request):
    return render(request, "facilities/fees.html", {"tables": fee_page.fee_tables()})


def facility_ics(request, pk):
    facility = selectors.facility_get(user=request.user, pk=pk, related=())
    body = public_facility_ics(facility, selectors.facility_feed_bookings(facility=facility))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def group_ics(request, token):
    calendar = selectors.group_calendar_get(token=token)
    body = booking_ics(
        selectors.group_feed_bookings(group=calendar.group), name=_("%(name)s 施設予約") % {"name": calendar.group.name}
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def opendata_csv(request):
    return _opendata_file(request, opendata.csv_spec(opendata.catalogue_version()))


def opendata_json(request):
    return _opendata_file(request, opendata.json_spec(opendata.catalogue_version()), inline=True)


def _opendata_file(request, spec, *, inline: bool = False):
    """The stored open-data file, or 503 with Retry-After while its first build runs elsewhere."""
    row = generated.current_file(spec)
    if row is not None:
        try:
            return generated.file_response(request, row, inline=inline)
        except FileNotFoundError:
            generated.lost_file(spec, row)
    return generated.retry_later()


def _front_desk_only(request):
    if not can_run_front_desk(request.user):
        raise PermissionDenied


@login_required
def front_desk(request):
    _front_desk_only(request)
    day = timezone.localdate()
    facilities = list(selectors.facility_choices())
    facility = next((f for f in facilities if str(f.pk) == request.GET.get("facility")), None)
    context = selectors.front_desk(day=day, facility=facility)
    context |= {"day": day, "facilities": facilities, "facility": facility}
    # Each row's forms post to <desk_url><kind>/<pk>/<action>/ (urls.py): one reverse, not one per button.
    context |= {"desk_url": reverse("facilities:front_desk"), "bookings_url": reverse("facilities:booking_list")}
    context["csrf_field"] = csrf_input(request)  # the hidden input of every row's forms, rendered once
    return render(request, "facilities/front_desk.html", context)


@login_required
@require_POST
def front_desk_action(request, kind, pk, action):
    _front_desk_only(request)
    by = request.user
    calls = {
        ("booking", "confirm"): lambda: services.booking_confirm(booking=pk, by=by),
        ("booking", "decline"): lambda: services.booking_decline(booking=pk, by=by, note=request.POST.get("note", "")),
        ("booking", "check-in"): lambda: services.booking_check_in(
            booking=pk, by=by, attendees=_int(request, "attendees")
        ),
        ("booking", "no-show"): lambda: services.booking_no_show(booking=pk, by=by),
        ("booking", "exemption-approve"): lambda: services.booking_exemption_review(booking=pk, by=by, approved=True),
        ("booking", "exemption-reject"): lambda: services.booking_exemption_review(booking=pk, by=by, approved=False),
        ("loan", "hand-over"): lambda: services.loan_hand_over(loan=pk, by=by, items=_items(request)),
        ("loan", "return"): lambda: services.loan_return(
            loan=pk, by=by, condition=request.POST.get("condition", "")[:200]
        ),
    }
    call = calls.get((kind, action))
    if call is None:
        raise PermissionDenied
    try:
        call()
        messages.success(request, _("更新しました。"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("facilities:front_desk")


def _items(request):
    ids = [int(i) for i in request.POST.getlist("items") if i.isdigit()]
    return list(EquipmentItem.objects.filter(pk__in=ids)) if ids else []


def _int(request, name):
    try:
        return int(request.POST.get(name, ""))
    except ValueError as exc:
        raise ValidationError(_("人数を数字で入力してください。")) from exc
