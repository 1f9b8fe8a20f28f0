"""Lecture topics (import/export) and requests: staff schedule, decline and record delivery through the services."""

from typing import cast

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from civic_portal.core.admin_actions import run_for_each
from civic_portal.core.admin_lists import FastRowsMixin, StatusLogInline
from civic_portal.core.import_admin import BackgroundImportMixin
from civic_portal.core.resources import PermittedResource, UserResourceAdminMixin

from ..models import LectureRequest, LectureRequestStatusChange, LectureTopic
from ..services import lectures as services


class LectureTopicResource(PermittedResource):
    """The catalogue as a spreadsheet: exported files import back unchanged."""

    class Meta:
        model = LectureTopic
        fields = (
            "id", "title", "department", "summary", "length_minutes", "audience", "requester_prepares", "is_published",
        )  # fmt: skip
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True


@admin.register(LectureTopic)
class LectureTopicAdmin(FastRowsMixin, UserResourceAdminMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [LectureTopicResource]
    list_display = ["title", "department", "length_minutes", "audience", "is_published"]
    list_filter = ["is_published", "department"]
    search_fields = ["title", "department"]


class LectureActionForm(ActionForm):
    scheduled_at = forms.DateTimeField(
        label=_("実施日時"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    attendance = forms.IntegerField(label=_("参加者数"), required=False, min_value=0, max_value=100000)
    note = forms.CharField(label=_("メモ（お断りの理由など）"), required=False)


class StatusChangeInline(StatusLogInline):
    model = LectureRequestStatusChange


@admin.register(LectureRequest)
class LectureRequestAdmin(FastRowsMixin, admin.ModelAdmin):
    """Requests by status; every status change is an action with its value in the action bar."""

    list_display = ["topic", "organisation", "contact_name", "requester_kind", "status", "scheduled_at", "created_at"]
    list_filter = ["status", "requester_kind"]
    list_select_related = ["topic"]
    search_fields = ["organisation", "contact_name", "topic__title"]
    ordering = ["-created_at", "-id"]
    action_form = LectureActionForm
    actions = ["schedule", "decline", "deliver"]
    inlines = [StatusChangeInline]
    readonly_fields = [f.name for f in LectureRequest._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _action_form(self, request) -> LectureActionForm:
        form = LectureActionForm(request.POST)
        cast(forms.ChoiceField, form.fields["action"]).choices = self.get_action_choices(request)
        form.is_valid()
        return form

    @admin.action(description=_("日程を決める（実施日時を入力）"))
    def schedule(self, request, queryset):
        when = self._action_form(request).cleaned_data.get("scheduled_at")
        note = request.POST.get("note", "")
        run_for_each(
            self,
            request,
            queryset,
            lambda r: services.lecture_request_schedule(request=r, by=request.user, scheduled_at=when, note=note),
            _("%(count)d件の日程を決めました。"),
        )

    @admin.action(description=_("お断りする（メモに理由を入力）"))
    def decline(self, request, queryset):
        reason = request.POST.get("note", "")
        run_for_each(
            self,
            request,
            queryset,
            lambda r: services.lecture_request_decline(request=r, by=request.user, reason=reason),
            _("%(count)d件をお断りしました。"),
        )

    @admin.action(description=_("実施済みにする（参加者数を入力）"))
    def deliver(self, request, queryset):
        attendance = self._action_form(request).cleaned_data.get("attendance")
        run_for_each(
            self,
            request,
            queryset,
            lambda r: services.lecture_request_deliver(request=r, by=request.user, attendance=attendance),
            _("%(count)d件を実施済みにしました。"),
        )
