"""Public event pages: the list with its kind filter, an event with its sign-up form, a user's sign-ups, a guest's
link (check the address, or cancel)."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from civic_portal.core.forms import apply_service_errors

from ..forms_events import EventFilterForm, GuestSignupForm
from ..models.events import EventKind, Signup, SignupStatus
from ..selectors import events as selectors
from ..services import events as services

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EVENTS_PER_PAGE = 20

SIGNUP_MESSAGES: "dict[str, StrOrPromise]" = {
    SignupStatus.CONFIRMED: gettext_lazy("参加申込を受け付けました（参加確定）。確認のメールをお送りします。"),
    SignupStatus.WAITLISTED: gettext_lazy(
        "定員に達しているため、キャンセル待ちで受け付けました。席が空いたらメールでお知らせします。"
    ),
}


def event_list(request):
    form = EventFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = Paginator(selectors.events_upcoming(kind=kind), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "kind": kind,
        "kinds": EventKind.choices,
        "query": urlencode({"kind": kind}) if kind else "",
    }
    return render(request, "center/event_list.html", context)


def _detail(request, event, *, guest_form=None, signup_error=None, status=200):
    context = {
        "event": event,
        "seats_left": max(event.capacity - event.seated, 0),
        "signup": selectors.user_signup(request.user, event),
        "signup_open": event.signup_open(),
        "guest_form": guest_form or (GuestSignupForm() if event.guests_allowed else None),
        "signup_error": signup_error,
        "can_manage": request.user.is_authenticated and services.can_manage_event(request.user, event),
    }
    return render(request, "center/event_detail.html", context, status=status)


def event_detail(request, pk):
    return _detail(request, selectors.event_visible_to(request.user, pk))


@require_POST
def event_signup(request, pk):
    """A signed-in user signs up; a visitor without an account does as a guest where the event allows it."""
    event = selectors.event_visible_to(request.user, pk)
    if request.user.is_authenticated:
        try:
            signup = services.signup_create(event=event, user=request.user)
        except ValidationError as exc:
            return _detail(request, event, signup_error=exc.messages, status=400)
        messages.success(request, SIGNUP_MESSAGES[signup.status])
        return redirect("center:event_detail", pk=event.pk)
    form = GuestSignupForm(request.POST)
    if not event.guests_allowed:
        return redirect(f"{_login_url()}?{urlencode({'next': event.get_absolute_url()})}")
    if form.is_valid():
        try:
            services.signup_guest(
                event=event, name=form.cleaned_data["guest_name"], email=form.cleaned_data["guest_email"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("確認のメールをお送りしました。メールのリンクを開くと申込が完了します。"))
            return redirect("center:event_detail", pk=event.pk)
    return _detail(request, event, guest_form=form, status=400)


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


@login_required
def my_signups(request):
    signups = list(selectors.my_signups(request.user)[:100])
    rows = [(s, services.participant_cancel_refusal(s)) for s in signups]
    return render(request, "center/event_my_signups.html", {"rows": rows})


@login_required
@require_POST
def signup_cancel(request, pk):
    signup = get_object_or_404(Signup, pk=pk, user=request.user)
    try:
        services.signup_cancel(signup=signup, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("参加申込を取り消しました。"))
    return redirect("center:my_signups")


def signup_guest(request, token):
    """A guest's link: GET shows the sign-up; POST confirms the address or cancels (a link opened by a mail
    scanner changes nothing)."""
    signup = Signup.objects.select_related("event__group", "event__space__facility").filter(token=token).first()
    if signup is None or signup.user_id:
        raise Http404
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                signup = services.signup_guest_confirm(token=token)
                messages.success(request, SIGNUP_MESSAGES.get(signup.status, _("申込を確認しました。")))
            elif action == "cancel":
                services.signup_cancel(signup=signup, by=None)
                messages.success(request, _("参加申込を取り消しました。"))
            return redirect("center:signup_guest", token=token)
        except ValidationError as exc:
            error = exc.messages
        signup.refresh_from_db()
    refusal = services.cancel_refusal(signup, by=None)
    context = {"signup": signup, "event": signup.event, "error": error, "cancel_refusal": refusal}
    return render(request, "center/event_guest_signup.html", context, status=400 if error else 200)
