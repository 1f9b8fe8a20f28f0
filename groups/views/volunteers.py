"""Volunteer registration, talent bank, needs, matching and applications: authorise, bind, call one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.fiscal import current_fiscal_year
from civic_portal.core.forms import apply_service_errors, form_saved
from civic_portal.core.params import fiscal_year_param

from ..forms_volunteers import (
    ApplicationForm,
    DecisionForm,
    NeedFilterForm,
    TalentRequestForm,
    VolunteerNeedForm,
    VolunteerProfileForm,
)
from ..models import Group
from ..models.volunteers import VolunteerProfile
from ..selectors import volunteers as selectors
from ..selectors.invitations import invitations_open_for
from ..selectors.talent import talent_bank_groups
from ..services import talent
from ..services import volunteers as services

PAGE_SIZE = 20
COORDINATION_PAGE_SIZE = 50


def volunteer_index(request):
    profile = selectors.volunteer_profile_of(request.user)
    active = profile if profile and not profile.is_withdrawn else None
    context = {
        "profile": active,
        "withdrawn": bool(profile and profile.is_withdrawn),
        "matches": selectors.needs_for_volunteer(active),
        "applications": selectors.applications_of_user(request.user) if active else [],
        "invitations": invitations_open_for(request.user) if active else [],
        "weights": _weights(),
        "is_coordinator": is_center_staff(request.user),
    }
    return render(request, "groups/volunteer_index.html", context)


def _weights() -> dict:
    return {
        "skill": selectors.WEIGHT_SKILL,
        "field": selectors.WEIGHT_FIELD,
        "area": selectors.WEIGHT_AREA,
        "slot": selectors.WEIGHT_SLOT,
    }


@login_required
def volunteer_profile(request):
    current = selectors.volunteer_profile_of(request.user)
    needs_consent = current is None or current.is_withdrawn
    instance = current if current and not current.is_withdrawn else VolunteerProfile(user=request.user)
    form = VolunteerProfileForm(request.POST or None, instance=instance, needs_consent=needs_consent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_register(
                user=request.user,
                data=data,
                fields_of_interest=data["fields_of_interest"],
                areas=data["areas"],
                consent=data.get("consent", False),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("ボランティア登録を保存しました。"))
            return redirect("groups:volunteer_index")
    return render(request, "groups/volunteer_profile_form.html", {"form": form, "creating": needs_consent})


@login_required
def volunteer_withdraw(request):
    profile = selectors.volunteer_profile_of(request.user)
    if profile is None or profile.is_withdrawn:
        return redirect("groups:volunteer_index")
    if request.method == "POST":
        services.volunteer_withdraw(profile=profile, by=request.user)
        messages.success(request, _("ボランティア登録を取り消し、登録内容を削除しました。"))
        return redirect("groups:volunteer_index")
    return render(request, "groups/volunteer_withdraw.html", {"profile": profile})


def talent_bank(request):
    page = Paginator(selectors.talent_bank_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    groups = Paginator(talent_bank_groups(), PAGE_SIZE).get_page(request.GET.get("groups_page"))
    context = {"page_obj": page, "groups": groups, "groups_query": _query_without(request, "groups_page")}
    return render(request, "groups/volunteer_talent_bank.html", context)


@login_required
def talent_request(request, pk: int):
    profile = selectors.talent_get_public(pk=pk)
    form = TalentRequestForm(request.POST or None)
    if form_saved(
        request,
        form,
        lambda: talent.talent_request_send(profile=profile, user=request.user, message=form.cleaned_data["message"]),
        message=_("依頼をセンターに送りました。センターからご連絡します。"),
    ):
        return redirect("groups:talent_bank")
    return render(request, "groups/volunteer_talent_request.html", {"profile": profile, "form": form})


def _query_without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@login_required
def volunteer_coordination(request):
    if not is_center_staff(request.user):
        raise PermissionDenied
    year = fiscal_year_param(request, "year", default=current_fiscal_year())
    # Two lists, each paged by its own parameter; a page link keeps the year and the other list's page.
    size = COORDINATION_PAGE_SIZE
    needs = Paginator(selectors.coordinator_open_needs(), size).get_page(request.GET.get("needs_page"))
    matches = Paginator(selectors.matches_list(year), size).get_page(request.GET.get("matches_page"))
    context = {
        "needs": needs,
        "needs_query": _query_without(request, "needs_page"),
        "matches": matches,
        "matches_query": _query_without(request, "matches_page"),
        "year": year,
        "registrations": selectors.volunteer_registrations(year),
        "match_count": selectors.matches_in_fiscal_year(year),
    }
    return render(request, "groups/volunteer_coordination.html", context)


def need_list(request):
    filter_form = NeedFilterForm(request.GET or None)
    needs = selectors.need_cards(**filter_form.filters())
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "groups/need_list.html", {"page_obj": page, "filter_form": filter_form, "query": query.urlencode()}
    )


def need_detail(request, pk: int):
    need = selectors.need_get_visible(user=request.user, pk=pk)
    profile = selectors.volunteer_profile_of(request.user)
    context = {
        "need": need,
        "profile": profile if profile and not profile.is_withdrawn else None,
        "already_applied": selectors.has_active_application(need, profile),
        "can_manage": services.can_manage_need(request.user, need),
        "form": ApplicationForm(),
    }
    return render(request, "groups/need_detail.html", context)


@login_required
def need_apply(request, pk: int):
    need = selectors.need_get_visible(user=request.user, pk=pk)
    form = ApplicationForm(request.POST or None)
    if form_saved(
        request,
        form,
        lambda: services.application_submit(need=need, user=request.user, message=form.cleaned_data["message"]),
        message=_("応募しました。団体からの連絡をお待ちください。"),
    ):
        return redirect("groups:volunteer_index")
    profile = selectors.volunteer_profile_of(request.user)
    context = {"need": need, "form": form, "already_applied": selectors.has_active_application(need, profile)}
    return render(request, "groups/need_apply.html", context)


@login_required
def need_manage(request):
    context = {
        "groups": Group.objects.public().managed_by(request.user).order_by("name_kana"),
        "needs": selectors.needs_managed_by(request.user),
    }
    return render(request, "groups/need_manage.html", context)


@login_required
def need_create(request, group_pk: int):
    group = selectors.group_get_for_posting(user=request.user, pk=group_pk)
    form = VolunteerNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(group=group, user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("募集を掲載しました。"))
            return redirect("groups:need_candidates", pk=need.pk)
    return render(request, "groups/need_form.html", {"form": form, "group": group, "need": None})


@login_required
def need_update(request, pk: int):
    need = selectors.need_get_for_manager(user=request.user, pk=pk)
    form = VolunteerNeedForm(request.POST or None, instance=need, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.need_update(need=need, user=request.user, data=data, status=data["status"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("募集を更新しました。"))
            return redirect("groups:need_candidates", pk=need.pk)
    return render(request, "groups/need_form.html", {"form": form, "group": need.group, "need": need})


@login_required
def need_candidates(request, pk: int):
    need = selectors.need_get_for_manager(user=request.user, pk=pk)
    context = {
        "need": need,
        "candidates": selectors.volunteer_candidates_for_need(need),
        "applications": selectors.applications_for_need(need),
        "decision_form": DecisionForm(),
        "weights": _weights(),
    }
    return render(request, "groups/need_candidates.html", context)


def _decide(request, pk: int, service, done: str):
    application = selectors.application_get_for_manager(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            service(application=application, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("groups:need_candidates", pk=application.need_id)


@login_required
@require_POST
def application_accept(request, pk: int):
    return _decide(
        request, pk, services.application_accept, _("応募を受け入れました。ボランティアにメールでお知らせしました。")
    )


@login_required
@require_POST
def application_decline(request, pk: int):
    return _decide(
        request, pk, services.application_decline, _("応募を見送りました。ボランティアにメールでお知らせしました。")
    )


@login_required
@require_POST
def application_withdraw(request, pk: int):
    application = selectors.application_get_for_volunteer(user=request.user, pk=pk)
    try:
        services.application_withdraw(application=application, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("応募を取り消しました。"))
    return redirect("groups:volunteer_index")
