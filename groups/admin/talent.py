"""Admin for talent-bank requests: center staff take them on and move them 受付 → 紹介中 → 成立 / 不成立."""

from typing import cast

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from civic_portal.accounts.roles import CENTER_STAFF
from civic_portal.core.admin_actions import service_action
from civic_portal.core.admin_lists import FastRowsMixin, StatusLogInline

from ..models.talent import TalentRequest, TalentRequestStatus, TalentRequestStatusChange
from ..services import talent as services


class TalentStatusChangeInline(StatusLogInline):
    model = TalentRequestStatusChange


class TalentRequestForm(forms.ModelForm):
    move_to = forms.ChoiceField(label=_("次の状態"), required=False)
    note = forms.CharField(
        label=_("メモ"), required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=_("不成立のときは必須")
    )

    class Meta:
        model = TalentRequest
        fields = ("handled_by",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(is_active=True, groups__name=CENTER_STAFF)
        cast(forms.ModelChoiceField, self.fields["handled_by"]).queryset = staff
        labels = dict(TalentRequestStatus.choices)
        allowed = sorted(self.instance.TRANSITIONS.get(self.instance.status, ()))
        choices = [("", _("（変えない）")), *((status, labels[status]) for status in allowed)]
        cast(forms.ChoiceField, self.fields["move_to"]).choices = choices

    def clean(self):
        data = super().clean() or {}
        if data.get("move_to") == TalentRequestStatus.UNMATCHED and not data.get("note", "").strip():
            self.add_error("note", _("不成立の理由を入力してください。"))
        return data


@admin.register(TalentRequest)
class TalentRequestAdmin(FastRowsMixin, admin.ModelAdmin):
    form = TalentRequestForm
    list_display = ("created_at", "profile", "group", "requester", "status", "handled_by")
    list_filter = ("status",)
    search_fields = ("profile__display_name", "group__name", "requester__email", "message")
    list_select_related = ("profile", "group", "requester", "handled_by")
    readonly_fields = ("profile", "group", "requester", "message", "status", "created_at")
    fields = ("profile", "group", "requester", "message", "created_at", "status", "handled_by", "move_to", "note")
    inlines = [TalentStatusChangeInline]
    actions = ["introduce_selected", "match_selected"]

    introduce_selected = service_action(
        _("選択した依頼を「紹介中」にする"),
        lambda obj, request: services.talent_request_move(
            request=obj, by=request.user, to=TalentRequestStatus.INTRODUCING
        ),
        _("%(n)d件の依頼を「紹介中」にしました。"),
    )
    match_selected = service_action(
        _("選択した依頼を「成立」にする"),
        lambda obj, request: services.talent_request_move(request=obj, by=request.user, to=TalentRequestStatus.MATCHED),
        _("%(n)d件の依頼を「成立」にしました。"),
    )

    def has_add_permission(self, request):
        return False  # requests come from the talent-bank page

    def save_model(self, request, obj, form, change):
        # Only the services write: the handler and the status move, each logged by its service.
        handler = form.cleaned_data.get("handled_by")
        if handler is not None and handler.pk != form.initial.get("handled_by"):
            services.talent_request_assign(request=obj, by=request.user, handler=handler)
        if move_to := form.cleaned_data.get("move_to"):
            services.talent_request_move(request=obj, by=request.user, to=move_to, note=form.cleaned_data["note"])
        obj.refresh_from_db()
