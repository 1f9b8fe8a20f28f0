"""Activity records, the certificate and volunteer points: authorise, bind, call one service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic_portal.core.fiscal import current_fiscal_year
from civic_portal.core.forms import form_saved
from civic_portal.core.params import fiscal_year_param

from ..forms_activity import ActivityRecordForm, DonationForm, RejectForm, VolunteerActivityRecordForm
from ..models import Group
from ..selectors import activity as selectors
from ..selectors import volunteers as volunteer_selectors
from ..services import activity as services

PAGE_SIZE = 20


def _active_profile_or_none(request):
    profile = volunteer_selectors.volunteer_profile_of(request.user)
    return profile if profile and not profile.is_withdrawn else None


@login_required
def volunteer_activity(request):
    profile = _active_profile_or_none(request)
    if profile is None:
        messages.info(request, _("活動記録を見るには、ボランティア登録をしてください。"))
        return redirect("groups:volunteer_index")
    applications = selectors.accepted_applications_of(profile)
    form = VolunteerActivityRecordForm(request.POST or None, applications=applications)
    if form_saved(
        request,
        form,
        lambda: services.activity_record(
            application=form.cleaned_data["application"],
            user=request.user,
            date=form.cleaned_data["date"],
            hours=form.cleaned_data["hours"],
            description=form.cleaned_data["description"],
        ),
        message=_("活動を記録しました。団体が確認すると確認済みになります。"),
    ):
        return redirect("groups:volunteer_activity")
    page = Paginator(selectors.activity_history(profile), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "has_matches": applications.exists(),
        "page_obj": page,
        "points_enabled": selectors.points_in_use(),
        "balance": services.point_balance(profile),
        "ledger": selectors.point_ledger(profile)[:PAGE_SIZE],
        "years": range(current_fiscal_year(), current_fiscal_year() - 5, -1),
    }
    return render(request, "groups/activity_volunteer.html", context)


@login_required
def volunteer_certificate(request):
    profile = _active_profile_or_none(request)
    if profile is None:
        return redirect("groups:volunteer_index")
    year = fiscal_year_param(request, "year", default=current_fiscal_year()) if request.GET.get("year") else None
    context = {
        "profile": profile,
        "certificate": selectors.activity_certificate(profile, fiscal_year=year),
        "year": year,
        "center_name": settings.CENTER_NAME,
    }
    return render(request, "groups/activity_certificate.html", context)


@login_required
def points_donate(request):
    profile = _active_profile_or_none(request)
    if profile is None or not selectors.points_in_use():
        return redirect("groups:volunteer_index")
    form = DonationForm(request.POST or None)

    def donate():
        number = form.cleaned_data["registration_number"].strip()
        group = Group.objects.public().filter(registration_number=number).first()
        if group is None:
            raise ValidationError({"registration_number": _("この登録番号の登録団体は見つかりません。")})
        services.points_donate(profile=profile, user=request.user, group=group, points=form.cleaned_data["points"])

    if form_saved(request, form, donate, message=_("ポイントを寄付しました。")):
        return redirect("groups:volunteer_activity")
    context = {"form": form, "balance": services.point_balance(profile)}
    return render(request, "groups/activity_donate.html", context)


@login_required
def application_activity(request, pk: int):
    application = volunteer_selectors.application_get_for_manager(user=request.user, pk=pk)
    form = ActivityRecordForm(request.POST or None)
    if form_saved(
        request,
        form,
        lambda: services.activity_record(application=application, user=request.user, **form.cleaned_data),
        message=_("活動を記録しました（確認済み）。"),
    ):
        return redirect("groups:application_activity", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "records": selectors.records_of_application(application),
    }
    return render(request, "groups/activity_application.html", context)


@login_required
def activity_pending(request):
    page = Paginator(selectors.records_awaiting(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "groups/activity_pending.html", {"page_obj": page})


@login_required
@require_POST
def activity_confirm(request, pk: int):
    record = selectors.record_get_for_manager(user=request.user, pk=pk)
    try:
        services.activity_confirm(record=record, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("活動記録を確認しました。"))
    return redirect("groups:activity_pending")


@login_required
def activity_reject(request, pk: int):
    record = selectors.record_get_for_manager(user=request.user, pk=pk)
    form = RejectForm(request.POST or None)
    if form_saved(
        request,
        form,
        lambda: services.activity_reject(record=record, user=request.user, note=form.cleaned_data["note"]),
        message=_("活動記録を「確認できず」にしました。ボランティアにメールでお知らせしました。"),
    ):
        return redirect("groups:activity_pending")
    return render(request, "groups/activity_reject.html", {"record": record, "form": form})
