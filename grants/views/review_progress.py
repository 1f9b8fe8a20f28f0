"""The staff's page of a round's review: each reviewer's progress, reminders, and the ranking once the seal allows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civic_portal.accounts.roles import is_center_staff

from .. import selectors, services
from ..progress_forms import RemindForm


@login_required
def review_progress(request, pk):
    if not is_center_staff(request.user):
        raise PermissionDenied
    grant_round = selectors.round_for_staff(pk)
    progress = selectors.round_progress(grant_round)
    form = RemindForm(request.POST or None, reviewers=[row.reviewer for row in progress.reviewers])
    if request.method == "POST" and form.is_valid():
        try:
            count = services.reviewers_remind(
                grant_round=grant_round, by=request.user, reviewer_ids=form.reviewer_ids()
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if count:
                messages.success(request, _("%(count)d人の審査委員に督促のメールを送りました。") % {"count": count})
            else:
                messages.info(request, _("未提出の評価票がある審査委員はいません。"))
            return redirect("grants:review_progress", pk=pk)
    unsealed = selectors.ranking_unsealed(grant_round, progress)
    context = {
        "round": grant_round,
        "progress": progress,
        "form": form,
        "unsealed": unsealed,
        "closed": grant_round.review_closed_at is not None,
        "ranking": selectors.round_ranking(grant_round) if unsealed else [],
    }
    return render(request, "grants/review_progress.html", context)
