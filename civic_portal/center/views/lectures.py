"""Lectures on request: the catalogue, a topic with its request form, one's own requests, the delivered figures."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import CENTER_STATISTICS_PERMISSION
from civic_portal.core.fiscal import current_fiscal_year
from civic_portal.core.forms import form_saved
from civic_portal.core.params import fiscal_year_param

from .. import selectors
from ..forms_lectures import LectureRequestForm
from ..services import lectures as services


def lecture_list(request):
    return render(request, "center/lecture_list.html", {"topics": selectors.lecture_topics_published()})


def lecture_detail(request, pk):
    topic = selectors.lecture_topic_published(pk)
    form = None
    if request.user.is_authenticated:
        initial = {"contact_email": request.user.email, "contact_name": getattr(request.user, "full_name", "")}
        form = LectureRequestForm(request.POST or None, initial=initial)
        if form_saved(
            request,
            form,
            lambda: services.lecture_request_create(user=request.user, topic=topic, data=form.cleaned_data),
            message=_("お申込みを受け付けました。確認のメールをお送りしました。"),
        ):
            return redirect("center:lecture_mine")
    elif request.method == "POST":
        return redirect_to_login(request.get_full_path())
    return render(request, "center/lecture_detail.html", {"topic": topic, "form": form})


@login_required
def lecture_mine(request):
    return render(request, "center/lecture_mine.html", {"requests": selectors.lecture_requests_of(request.user)})


@login_required
def lecture_stats(request):
    if not request.user.has_perm(CENTER_STATISTICS_PERMISSION):
        raise PermissionDenied
    year = fiscal_year_param(request, default=current_fiscal_year())
    rows = selectors.lectures_delivered_by_topic(year)
    context = {
        "year": year,
        "rows": rows,
        "total": sum(row["count"] for row in rows),
        "attendance": sum(row["attendance"] for row in rows),
    }
    return render(request, "center/lecture_stats.html", context)
