"""The talent bank's groups: a manager lists what the group can teach; anyone signed in asks through the center."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civic_portal.core.forms import form_saved

from ..forms_activity import GroupTalentForm
from ..forms_volunteers import TalentRequestForm
from ..selectors import talent as selectors
from ..services import talent as services


@login_required
def group_talent_edit(request, group_pk: int):
    group, talent = selectors.talent_group_get_for_manager(user=request.user, pk=group_pk)
    form = GroupTalentForm(request.POST or None, initial={"topics": talent.topics if talent else ""})
    if form_saved(
        request,
        form,
        lambda: services.group_talent_save(group=group, user=request.user, topics=form.cleaned_data["topics"]),
        message=_("人材バンクへの掲載を保存しました。"),
    ):
        return redirect("groups:talent_bank")
    return render(request, "groups/talent_group_form.html", {"group": group, "form": form, "listed": bool(talent)})


@login_required
def talent_group_request(request, group_pk: int):
    group = selectors.talent_group_get_public(pk=group_pk)
    form = TalentRequestForm(request.POST or None)
    if form_saved(
        request,
        form,
        lambda: services.talent_request_send(group=group, user=request.user, message=form.cleaned_data["message"]),
        message=_("依頼をセンターに送りました。センターからご連絡します。"),
    ):
        return redirect("groups:talent_bank")
    return render(request, "groups/talent_group_request.html", {"group": group, "form": form})
