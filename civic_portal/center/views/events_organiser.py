"""Organiser pages: a group manager proposes an event and sees the group's events; the organiser (or staff) sees
the participants, downloads them as CSV and checks them in at the door."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic_portal.core.exports import csv_response
from civic_portal.core.forms import apply_service_errors
from groups.models import Group

from ..forms_events import EventProposeForm
from ..models.events import Signup, SignupStatus
from ..selectors import events as selectors
from ..services import events as services


@login_required
def event_propose(request):
    groups = selectors.managed_groups(request.user)
    if not groups:
        raise PermissionDenied
    queryset = Group.objects.filter(pk__in=[g.pk for g in groups]).order_by("name")
    form = EventProposeForm(request.POST or None, groups=queryset)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_propose(
                by=request.user,
                group=form.cleaned_data["group"],
                values=form.values(),
                sessions=form.cleaned_data["sessions"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("イベントを申請しました。センター職員が確認して公開します。"))
            return redirect("center:event_participants", pk=event.pk)
    return render(request, "center/event_propose.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def organised_events(request):
    events = list(selectors.organised_events(request.user)[:100])
    can_propose = bool(selectors.managed_groups(request.user))
    return render(request, "center/event_organised.html", {"events": events, "can_propose": can_propose})


PARTICIPANT_HEADERS = ("No.", "氏名", "メールアドレス", "区分", "状態", "申込日時", "受付日時")


def _participant_row(i: int, signup: Signup) -> list:
    attended = timezone.localtime(signup.attended_at).strftime("%Y-%m-%d %H:%M") if signup.attended_at else ""
    return [
        i,
        signup.name,
        signup.email,
        _("会員") if signup.user_id else _("ゲスト"),
        signup.get_status_display(),
        timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M"),
        attended,
    ]


@login_required
def event_participants(request, pk):
    event = selectors.event_managed_by(request.user, pk)
    signups = list(selectors.participants(event))
    if request.GET.get("format") == "csv":
        headers = [_(h) for h in PARTICIPANT_HEADERS]
        rows = (_participant_row(i, s) for i, s in enumerate(signups, start=1))
        return csv_response(f"event-{event.pk}-participants.csv", headers, rows)
    counts = dict.fromkeys(SignupStatus.values, 0)
    for signup in signups:
        counts[signup.status] += 1
    context = {
        "event": event,
        "signups": signups,
        "confirmed": counts[SignupStatus.CONFIRMED] + counts[SignupStatus.ATTENDED],
        "attended": counts[SignupStatus.ATTENDED],
        "waitlisted": counts[SignupStatus.WAITLISTED],
    }
    return render(request, "center/event_participants.html", context)


@login_required
@require_POST
def signup_check_in(request, pk, signup_pk):
    event = selectors.event_managed_by(request.user, pk)
    signup = get_object_or_404(Signup, pk=signup_pk, event=event)
    try:
        services.signup_check_in(signup=signup, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s さんを受付しました。") % {"name": signup.name})
    return redirect(f"{reverse('center:event_participants', args=[event.pk])}#signup-{signup.pk}")
