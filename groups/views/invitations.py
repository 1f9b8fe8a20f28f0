"""Invitations to apply: a manager sends one from the candidates page; the volunteer accepts or declines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms_volunteers import ApplicationForm, DecisionForm
from ..models.volunteers import VolunteerProfile
from ..selectors import invitations as selectors
from ..selectors import volunteers as volunteer_selectors
from ..services import invitations as services


def _refused(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def invitation_send(request, pk: int, volunteer_pk: int):
    need = volunteer_selectors.need_get_for_manager(user=request.user, pk=pk)
    volunteer = get_object_or_404(VolunteerProfile, pk=volunteer_pk, withdrawn_at__isnull=True)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.invitation_send(need=need, volunteer=volunteer, user=request.user, message=note)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("応募をお願いするメールを送りました。"))
    return redirect("groups:need_candidates", pk=need.pk)


@login_required
@require_POST
def invitation_accept(request, pk: int):
    invitation = selectors.invitation_get_for_volunteer(user=request.user, pk=pk)
    form = ApplicationForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.invitation_accept(invitation=invitation, user=request.user, message=message)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("応募しました。団体からの連絡をお待ちください。"))
    return redirect("groups:volunteer_index")


@login_required
@require_POST
def invitation_decline(request, pk: int):
    invitation = selectors.invitation_get_for_volunteer(user=request.user, pk=pk)
    try:
        services.invitation_decline(invitation=invitation, user=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("お誘いを辞退しました。団体にお知らせしました。"))
    return redirect("groups:volunteer_index")
