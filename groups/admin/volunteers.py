"""Admin for volunteer profiles, needs and applications."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from civic_portal.core.admin_actions import log_action
from civic_portal.core.admin_lists import FastRowsMixin, StatusLogInline
from civic_portal.core.audit_admin import AuditHistoryMixin
from civic_portal.core.import_admin import BackgroundImportMixin

from ..models.volunteers import (
    NeedStatus,
    VolunteerApplication,
    VolunteerApplicationStatusChange,
    VolunteerNeed,
    VolunteerProfile,
)
from ..resources_volunteers import VolunteerProfileResource
from ..services import volunteers as services


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(FastRowsMixin, AuditHistoryMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [VolunteerProfileResource]
    formats = [CSV, XLSX]
    list_display = ("__str__", "user", "matching_opt_in", "talent_bank_listed", "consent_given_at", "withdrawn_at")
    list_filter = ("matching_opt_in", "talent_bank_listed", ("withdrawn_at", admin.EmptyFieldListFilter))
    search_fields = ("display_name", "user__email", "skills")
    autocomplete_fields = ("user",)
    filter_horizontal = ("fields_of_interest", "areas")
    readonly_fields = ("consent_given_at", "withdrawn_at", "created_at", "updated_at")
    list_select_related = ("user",)
    show_full_result_count = False
    actions = ["withdraw_selected"]

    @admin.action(description=_("選択したボランティア登録を取り消す（個人データを削除）"))
    def withdraw_selected(self, request, queryset):
        done = 0
        for profile in queryset.filter(withdrawn_at__isnull=True):
            services.volunteer_withdraw(profile=profile, by=request.user)
            done += 1
        log_action(self, request, done=done)
        self.message_user(request, _("%(n)d件の登録を取り消しました。") % {"n": done}, messages.SUCCESS)

    def has_add_permission(self, request):
        # A registration needs the citizen's own consent: created on the site or by import of consented rows.
        return False


@admin.register(VolunteerNeed)
class VolunteerNeedAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ("title", "group", "status", "people_needed", "activity_field", "area", "created_at")
    list_filter = ("status", "activity_field", "area")
    search_fields = ("title", "group__name", "description")
    list_select_related = ("group", "activity_field", "area")
    raw_id_fields = ("group",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    actions = ["close_selected"]

    @admin.action(description=_("選択した募集を募集終了にする"))
    def close_selected(self, request, queryset):
        done = 0
        for need in queryset.filter(status=NeedStatus.OPEN):
            services.need_close(need=need, user=request.user)
            done += 1
        log_action(self, request, done=done)
        self.message_user(request, _("%(n)d件の募集を終了しました。") % {"n": done}, messages.SUCCESS)


class StatusChangeInline(StatusLogInline):
    model = VolunteerApplicationStatusChange


@admin.register(VolunteerApplication)
class VolunteerApplicationAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ("need", "volunteer", "status", "created_at", "accepted_at")
    list_filter = ("status",)
    search_fields = ("need__title", "need__group__name", "volunteer__display_name")
    list_select_related = ("need", "volunteer")
    show_full_result_count = False
    readonly_fields = ("need", "volunteer", "status", "created_at", "decided_at", "accepted_at")
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False
