"""The renewal page (登録更新): a manager reviews the stored data, updates it, confirms the declarations again."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civic_portal.core.forms import form_saved

from ..forms_renewal import RenewalForm
from ..models import Group, GroupStatus
from ..permissions import is_group_manager
from ..selectors.register import group_for_manager
from ..services.renewal import group_submit_renewal, open_renewal_round


@login_required
def group_renew(request, pk):
    group = group_for_manager(request.user, pk)
    if not is_group_manager(request.user, group):
        raise PermissionDenied
    if not group.can_renew:
        return render(request, "groups/group_renew.html", {"group": group, "form": None}, status=409)
    form = RenewalForm(request.POST or None, request.FILES or None, instance=group)
    # The bound form has written its input onto `group`; the service compares against the stored row.
    if form_saved(
        request,
        form,
        lambda: group_submit_renewal(group=Group.objects.get(pk=pk), by=request.user, **form.service_kwargs()),
        message=_("登録更新を申請しました。センターの確認をお待ちください。"),
    ):
        return redirect("groups:group_mine")
    returned = (
        group.status_changes.filter(from_status=GroupStatus.RENEWAL_SUBMITTED, to_status=GroupStatus.RENEWAL_DUE)
        .order_by("-changed_at", "-id")
        .first()
    )
    return render(
        request,
        "groups/group_renew.html",
        {
            "group": group,
            "form": form,
            "renewal_round": open_renewal_round(),
            "return_note": returned.note if returned else "",
        },
    )
