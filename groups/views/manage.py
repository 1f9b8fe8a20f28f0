"""Pages for applicants and managers: apply, edit, submit, invite managers, contact a group (withdrawal:
withdrawal.py; renewal: renewal.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from civic_portal.core.forms import apply_service_errors, form_saved

from ..forms import ContactForm, DeclarationForm, GroupForm, InviteForm
from ..models import Group
from ..permissions import is_group_manager
from ..selectors.register import group_for_manager, group_public_detail, groups_of_manager
from ..services import registration as services
from ..services.renewal import open_renewal_round


@login_required
def group_create(request):
    form = GroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(user=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("下書きを保存しました。内容を確認して申請してください。"))
            return redirect("groups:group_submit", pk=group.pk)
    return render(request, "groups/group_form.html", {"form": form, "group": None})


@login_required
def group_edit(request, pk):
    group = group_for_manager(request.user, pk)
    form = GroupForm(request.POST or None, request.FILES or None, instance=group)
    # The bound form has already written its input onto `group`; the service compares against the stored row.
    if form_saved(
        request,
        form,
        lambda: services.group_update(group=Group.objects.get(pk=pk), user=request.user, **form.service_kwargs()),
        message=_("団体情報を保存しました。"),
    ):
        return redirect("groups:group_mine")
    return render(request, "groups/group_form.html", {"form": form, "group": group})


@login_required
def group_submit(request, pk):
    group = group_for_manager(request.user, pk)
    if not is_group_manager(request.user, group):
        raise PermissionDenied
    form = DeclarationForm(request.POST or None, initial={n: getattr(group, n) for n in Group.DECLARATION_FIELDS})
    if form_saved(
        request,
        form,
        lambda: services.group_submit(group=group, user=request.user, declarations=form.cleaned_data),
        message=_("登録を申請しました。センターからの連絡をお待ちください。"),
    ):
        return redirect("groups:group_mine")
    return render(request, "groups/group_submit.html", {"form": form, "group": group})


@login_required
def group_mine(request):
    return render(
        request,
        "groups/group_mine.html",
        {"groups": groups_of_manager(request.user), "renewal_round": open_renewal_round()},
    )


@login_required
def group_managers(request, pk):
    group = group_for_manager(request.user, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        url = request.build_absolute_uri(reverse("groups:invitation_accept", args=["TOKEN"])).replace(
            "TOKEN", "{token}"
        )
        try:
            services.manager_invite(
                group=group, email=form.cleaned_data["email"], by=request.user, accept_url_template=url
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("招待メールを送信しました。"))
            return redirect("groups:group_managers", pk=group.pk)
    managers = group.memberships.select_related("user").filter(role="manager").order_by("created_at")
    invitations = group.invitations.filter(accepted_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "groups/group_managers.html",
        {"group": group, "form": form, "managers": managers, "invitations": invitations},
    )


@login_required
def invitation_accept(request, token):
    if request.method == "POST":
        try:
            group = services.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("groups:group_mine")
        messages.success(request, _("「%(name)s」の管理者になりました。") % {"name": group.name})
        return redirect("groups:group_mine")
    return render(request, "groups/invitation_accept.html", {"token": token})


@login_required
def group_contact(request, pk):
    group = group_public_detail(pk)
    form = ContactForm(request.POST or None)
    if form_saved(
        request,
        form,
        lambda: services.group_contact(group=group, sender=request.user, message=form.cleaned_data["message"]),
        message=_("メッセージを団体に転送しました。返信はあなたのメールアドレスに届きます。"),
    ):
        return redirect("groups:group_detail", pk=group.pk)
    return render(request, "groups/group_contact.html", {"group": group, "form": form})
