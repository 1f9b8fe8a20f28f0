"""The withdrawal confirmation page: a manager withdraws a group with a reason."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civic_portal.core.forms import form_saved

from ..forms_withdrawal import WithdrawForm
from ..selectors.register import group_for_manager
from ..services.withdrawal import group_withdraw as withdraw
from ..services.withdrawal import reinstate_period


@login_required
def group_withdraw(request, pk):
    group = group_for_manager(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if form_saved(
        request,
        form,
        lambda: withdraw(group=group, by=request.user, note=form.cleaned_data["note"]),
        message=_("「%(name)s」を取り下げました。") % {"name": group.name},
    ):
        return redirect("groups:group_mine")
    return render(
        request,
        "groups/group_withdraw.html",
        {"group": group, "form": form, "reinstate_days": reinstate_period().days},
    )
