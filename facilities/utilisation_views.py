"""/facilities/utilisation/ (and .csv): the rooms' utilisation of a fiscal year, for center staff and officials."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic_portal.core import exports
from civic_portal.core.fiscal import current_fiscal_year
from civic_portal.core.forms import Form

from .models import BookingMode, Facility
from .permissions import can_view_utilisation
from .utilisation import SLOTS, USER_KINDS, Report, utilisation


class UtilisationFilterForm(Form):
    fiscal_year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int, required=False)
    facility = forms.ModelChoiceField(
        label=gettext_lazy("施設"),
        required=False,
        queryset=Facility.objects.filter(booking_mode=BookingMode.HERE).only("name").order_by("sort_order", "id"),
        empty_label=gettext_lazy("すべて"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this = current_fiscal_year()
        years = cast(forms.TypedChoiceField, self.fields["fiscal_year"])
        years.choices = [(y, _("%(year)d年度") % {"year": y}) for y in range(this, this - 6, -1)]


def _report(request) -> tuple[UtilisationFilterForm, Report | None]:
    if not can_view_utilisation(request.user):
        raise PermissionDenied
    form = UtilisationFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    year = data.get("fiscal_year") or current_fiscal_year()
    facility = data.get("facility")
    return form, utilisation(year, facility_id=facility.pk if facility else None)


def utilisation_page(request):
    form, report = _report(request)
    context = {"form": form, "report": report, "slots": SLOTS, "user_kinds": USER_KINDS}
    return render(request, "facilities/utilisation.html", context)


def utilisation_csv(request):
    form, report = _report(request)
    if report is None:
        return render(request, "facilities/utilisation.html", {"form": form, "report": None}, status=400)
    headers = [
        _("施設"),
        _("部屋"),
        _("月"),
        _("利用時間（時間）"),
        _("利用可能時間（時間）"),
        _("稼働率（%）"),
        _("予約件数"),
        _("無断不使用"),
        _("取消"),
    ]
    rows = []
    for row in report.facilities:
        for room in row.rooms:
            for first, figures in zip(report.months, room.months, strict=True):
                rows.append(
                    [
                        row.facility.name,
                        room.space.name,
                        f"{first:%Y-%m}",
                        figures.booked_hours,
                        figures.open_hours,
                        figures.percent,
                        figures.bookings,
                        figures.no_shows,
                        figures.cancellations,
                    ]
                )
    return exports.csv_response(f"facility-utilisation-{report.fiscal_year}.csv", headers, rows)
