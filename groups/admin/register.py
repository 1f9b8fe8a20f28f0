"""Back office for the group register: review applications, approve or return them, renewals, exports."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from civic_portal.core.admin_actions import log_action
from civic_portal.core.admin_lists import FastRowsMixin, StatusLogInline
from civic_portal.core.audit_admin import AuditHistoryMixin
from civic_portal.core.import_admin import BackgroundImportMixin
from civic_portal.core.models import Area
from civic_portal.core.resources import UserResourceAdminMixin
from civic_portal.core.uploads import clean_image

from ..models import (
    ActivityField,
    ContactRelay,
    Group,
    GroupEditLog,
    GroupStatus,
    GroupStatusChange,
    ManagerInvitation,
    Membership,
    RenewalRound,
)
from ..resources import GroupResource
from ..services import registration as services
from . import standing


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class StatusChangeInline(StatusLogInline):
    model = GroupStatusChange


class EditLogInline(admin.TabularInline):
    model = GroupEditLog
    extra = 0
    can_delete = False
    fields = ("edited_at", "edited_by", "fields")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReturnNoteForm(forms.Form):
    note = forms.CharField(label=_("差し戻しの理由（申請者にメールで届きます）"), widget=forms.Textarea)


class GroupAdminForm(forms.ModelForm):
    """Base of the admin's group form (the admin adds the model and its fields)."""

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        # Staff uploads get the same content check and re-encoding as managers' uploads.
        return clean_image(logo, max_side=800) if logo and hasattr(logo, "content_type") else logo


@admin.register(Group)
class GroupAdmin(
    FastRowsMixin, AuditHistoryMixin, UserResourceAdminMixin, BackgroundImportMixin, ImportExportModelAdmin
):
    form = GroupAdminForm
    resource_classes = [GroupResource]
    list_display = ["name", "registration_number", "status", "legal_form", "registered_on", "last_confirmed_on"]
    list_filter = ["status", "legal_form", "is_intermediate_support", "activity_fields", "areas"]
    search_fields = ["name", "name_kana", "registration_number", "corporate_number", "contact_email"]
    readonly_fields = ["status", "registration_number", "registered_on", "lapsed_on", "created_by", "created_at"]
    filter_horizontal = ["activity_fields", "areas"]
    inlines = [MembershipInline, StatusChangeInline, EditLogInline]
    actions = [
        "approve",
        "return_for_changes",
        standing.confirm_renewal,
        standing.return_renewal,
        standing.suspend,
        standing.reinstate,
    ]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Staff edits go through the service so edits of registered groups are logged like managers' edits.
        if change:
            data = {
                name: form.cleaned_data[name] for name in form.changed_data if name not in ("activity_fields", "areas")
            }
            services.group_update(group=Group.objects.get(pk=obj.pk), user=request.user, data=data)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("選択した申請を承認して登録する"))
    def approve(self, request, queryset):
        done = 0
        for group in queryset.filter(status__in=[GroupStatus.SUBMITTED, GroupStatus.RESUBMITTED]).order_by("id"):
            try:
                services.group_register(group=group, by=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{group}: {' '.join(error.messages)}", messages.ERROR)
        skipped = queryset.count() - done
        log_action(self, request, done=done, refused=skipped)
        self.message_user(request, _("%(n)d件を登録しました。") % {"n": done}, messages.SUCCESS)
        if skipped:
            text = _("%(n)d件は申請中でないか要件を満たさないため登録していません。") % {"n": skipped}
            self.message_user(request, text, messages.WARNING)

    @admin.action(description=_("選択した申請を差し戻す"))
    def return_for_changes(self, request, queryset):
        form = ReturnNoteForm(request.POST if "note" in request.POST else None)
        if form.is_valid():
            done = refused = 0
            for group in queryset.order_by("id"):
                try:
                    services.group_return(group=group, by=request.user, note=form.cleaned_data["note"])
                    done += 1
                except ValidationError as error:
                    self.message_user(request, f"{group}: {' '.join(error.messages)}", messages.ERROR)
                    refused += 1
            log_action(self, request, done=done, refused=refused)
            self.message_user(request, _("%(n)d件を差し戻しました。") % {"n": done}, messages.SUCCESS)
            return None
        return render(
            request,
            "admin/groups/return_note.html",
            {**self.admin_site.each_context(request), "form": form, "groups": queryset, "title": _("申請の差し戻し")},
        )


@admin.register(ActivityField)
class ActivityFieldAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["version", "code", "name", "is_current"]
    list_filter = ["version", "is_current"]


@admin.register(Area)
class AreaAdmin(FastRowsMixin, BackgroundImportMixin, ImportExportModelAdmin):
    list_display = ["name", "name_kana", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "name_kana"]


class RenewalOpenForm(forms.ModelForm):
    class Meta:
        model = RenewalRound
        fields = ["fiscal_year", "deadline"]


@admin.register(RenewalRound)
class RenewalRoundAdmin(FastRowsMixin, admin.ModelAdmin):
    form = RenewalOpenForm
    list_display = ["fiscal_year", "deadline", "opened_at", "closed_at"]
    actions = ["close_round"]

    def get_readonly_fields(self, request, obj=None):
        return ["fiscal_year", "deadline", "opened_by", "opened_at", "closed_at"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            opened = services.renewal_open(fiscal_year=obj.fiscal_year, deadline=obj.deadline, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.pk = opened.pk

    @admin.action(description=_("期限を過ぎた登録更新を締め切る（未更新の団体は失効）"))
    def close_round(self, request, queryset):
        done = refused = 0
        for renewal in queryset:
            try:
                lapsed = services.renewal_close(renewal=renewal, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                refused += 1
            else:
                self.message_user(request, _("%(n)d団体の登録が失効しました。") % {"n": lapsed}, messages.SUCCESS)
                done += 1
        log_action(self, request, done=done, refused=refused)


@admin.register(ManagerInvitation)
class ManagerInvitationAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["group", "email", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["group"]
    search_fields = ["email", "group__name"]
    readonly_fields = ["token"]


@admin.register(ContactRelay)
class ContactRelayAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["sent_at", "sender", "group"]
    list_select_related = ["sender", "group"]
    search_fields = ["group__name", "sender__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
