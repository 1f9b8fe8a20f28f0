"""The group admin's actions on a group's standing and renewal: suspend, reinstate, confirm or return a renewal.

Each asks for a note on an intermediate page (required except for a confirmation) and calls the service per group.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from civic_portal.core.admin_actions import run_for_each

from ..services.renewal import group_confirm_renewal, group_return_renewal
from ..services.withdrawal import group_reinstate, group_suspend


class NoteForm(forms.Form):
    note = forms.CharField(label=_("メモ（団体の管理者にメールで届き、履歴に残ります）"), widget=forms.Textarea)


class OptionalNoteForm(NoteForm):
    note = forms.CharField(
        label=_("メモ（団体の管理者にメールで届き、履歴に残ります）"), widget=forms.Textarea, required=False
    )


def _note_action(name: str, description, service: Callable, done_message, intro, button, *, required: bool = True):
    form_class = NoteForm if required else OptionalNoteForm

    def action(modeladmin, request, queryset):
        form = form_class(request.POST if "note_step" in request.POST else None)
        if form.is_valid():
            note = form.cleaned_data["note"]
            groups = queryset.order_by("id")
            run_for_each(
                modeladmin, request, groups, lambda g: service(group=g, by=request.user, note=note), done_message
            )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "form": form,
            "groups": queryset.order_by("id"),
            "title": description,
            "intro": intro,
            "button": button,
            "action_name": name,
        }
        return render(request, "admin/groups/note_action.html", context)

    action.__name__ = name
    return admin.action(description=description)(action)


suspend = _note_action(
    "suspend",
    _("選択した団体を登録停止にする"),
    group_suspend,
    _("%(n)d団体を登録停止にしました。"),
    _(
        "次の団体を登録停止にします。一覧から外れ、施設予約や助成金の申請ができなくなります。理由は管理者にメールで届きます。"
    ),
    _("登録停止にする"),
)
reinstate = _note_action(
    "reinstate",
    _("選択した団体を復帰させる（停止中・取下げ後）"),
    group_reinstate,
    _("%(n)d団体を復帰させました。"),
    _("次の団体を停止・取下げ前の状態に戻します。取下げから期間を過ぎた団体は戻せません。"),
    _("復帰させる"),
)
confirm_renewal = _note_action(
    "confirm_renewal",
    _("選択した団体の登録更新を確認する"),
    group_confirm_renewal,
    _("%(n)d団体の登録更新を確認しました。"),
    _("次の団体の登録更新を確認し、登録を継続します。"),
    _("更新を確認する"),
    required=False,
)
return_renewal = _note_action(
    "return_renewal",
    _("選択した団体の登録更新を差し戻す"),
    group_return_renewal,
    _("%(n)d団体の登録更新を差し戻しました。"),
    _("次の団体の登録更新を差し戻します。理由は管理者にメールで届きます。"),
    _("差し戻す"),
)
