"""Admin for activity records (read only: groups and volunteers write them), point rates and the point ledger."""

from django.contrib import admin

from civic_portal.core.admin_lists import FastRowsMixin, StatusLogInline

from ..models.activity import ActivityRecord, ActivityRecordStatusChange, PointEntry, PointRate


class ActivityStatusChangeInline(StatusLogInline):
    model = ActivityRecordStatusChange


@admin.register(ActivityRecord)
class ActivityRecordAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ("date", "application", "hours", "status", "created_at")
    list_filter = ("status",)
    search_fields = (
        "application__need__title",
        "application__need__group__name",
        "application__volunteer__display_name",
    )
    list_select_related = ("application__need", "application__volunteer")
    date_hierarchy = "date"
    readonly_fields = ("application", "date", "hours", "description", "status", "recorded_by", "created_at")
    exclude = ("updated_at",)
    inlines = [ActivityStatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PointRate)
class PointRateAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "points_per_hour", "created_by", "created_at")
    fields = ("valid_from", "points_per_hour")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PointEntry)
class PointEntryAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ("created_at", "volunteer", "kind", "points", "group")
    list_filter = ("kind",)
    search_fields = ("volunteer__display_name", "group__name")
    list_select_related = ("volunteer", "group")
    readonly_fields = ("volunteer", "kind", "points", "record", "group", "created_by", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
