from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from civic_portal.core.admin_actions import log_action
from civic_portal.core.admin_lists import FastRowsMixin, StatusLogInline
from civic_portal.core.fiscal import current_fiscal_year, fiscal_year_label
from civic_portal.core.import_admin import BackgroundImportMixin

from . import computed, services
from .importers import IndicatorResource, PlanItemResource
from .models import (
    ActionItem,
    Breakdown,
    CollaborationProject,
    Department,
    DepartmentMembership,
    Indicator,
    InterimTarget,
    ItemDepartment,
    Observation,
    Plan,
    PlanNode,
    ReportEdition,
    ReviewStatus,
    TargetRevision,
    YearPlan,
    YearPlanStatusChange,
)

IMPORT_TEMPLATE = "indicators/admin/import.html"


@admin.register(Plan)
class PlanAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["code", "title", "city", "start_year", "end_year"]
    search_fields = ["code", "title"]


@admin.register(PlanNode)
class PlanNodeAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["code", "title", "plan", "level", "sort_order"]
    list_select_related = ["plan"]
    list_filter = ["plan", "level"]
    ordering = ["plan_id", "level", "sort_order", "id"]  # an index of the node's own columns (not the plan's code)
    search_fields = ["code", "title"]
    raw_id_fields = ["parent"]


class MembershipInline(admin.TabularInline):
    model = DepartmentMembership
    extra = 1
    raw_id_fields = ["user"]


@admin.register(Department)
class DepartmentAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["name", "sort_order"]
    search_fields = ["name"]
    inlines = [MembershipInline]


class ItemDepartmentInline(admin.TabularInline):
    model = ItemDepartment
    extra = 1


class YearPlanInline(admin.TabularInline):
    model = YearPlan
    extra = 0
    fields = ["fiscal_year", "planned_stage", "actual_stage", "status"]
    readonly_fields = ["status"]


@admin.register(ActionItem)
class ActionItemAdmin(FastRowsMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [PlanItemResource]
    import_template_name = IMPORT_TEMPLATE
    list_display = ["node", "kind", "reposted"]
    list_filter = ["node__plan", "kind", "reposted"]
    search_fields = ["node__code", "node__title"]
    list_select_related = ["node"]
    ordering = ["node_id"]  # the plan's order as imported, by the item's own index (not a sort across tables)
    raw_id_fields = ["node", "repost_of"]
    inlines = [ItemDepartmentInline, YearPlanInline]


class StatusChangeInline(StatusLogInline):
    model = YearPlanStatusChange


def _transition_action(status, label):
    @admin.action(description=label)
    def action(modeladmin, request, queryset):
        done = refused = 0
        for year_plan in queryset:
            try:
                services.year_plan_transition(year_plan=year_plan, to_status=status, user=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                modeladmin.message_user(
                    request, f"{year_plan}: {' '.join(getattr(exc, 'messages', []))}", messages.ERROR
                )
                refused += 1
        log_action(modeladmin, request, done=done, refused=refused)
        modeladmin.message_user(request, _("%(n)d 件を変更しました。") % {"n": done})

    action.__name__ = f"move_to_{status}"
    return action


class PlanYearFilter(admin.SimpleListFilter):
    """The fiscal years the plans span (the years found in the year plans would read every row)."""

    title = _("年度")
    parameter_name = "fiscal_year"

    def lookups(self, request, model_admin):
        span = Plan.objects.aggregate(first=Min("start_year"), last=Max("end_year"))
        if span["first"] is None:
            return []
        return [(str(year), fiscal_year_label(year)) for year in range(span["last"], span["first"] - 1, -1)]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(fiscal_year=int(value)) if value and value.isdigit() else queryset


@admin.register(YearPlan)
class YearPlanAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["item", "fiscal_year", "planned_stage", "actual_stage", "status"]
    list_filter = ["status", PlanYearFilter, "item__node__plan"]
    search_fields = ["item__node__code", "item__node__title"]
    list_select_related = ["item__node"]
    ordering = ["item_id", "fiscal_year"]  # the (item, fiscal_year) unique index
    show_full_result_count = False
    readonly_fields = ["status"]
    raw_id_fields = ["item"]
    inlines = [StatusChangeInline]
    actions = [
        _transition_action(ReviewStatus.REVIEWED, _("センター確認済にする")),
        _transition_action(ReviewStatus.APPROVED, _("承認する")),
        _transition_action(ReviewStatus.PUBLISHED, _("公開する")),
        _transition_action(ReviewStatus.DRAFT, _("差し戻す")),
    ]


class ObservationInlineForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["indicator", "fiscal_year", "value", "is_final", "source_note", "sample_size", "margin_of_error"]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk:
            stored = Observation.objects.filter(pk=self.instance.pk).first()
            services.observation_check_replacement(stored, is_final=bool(cleaned.get("is_final")))
        return cleaned


class ObservationInline(admin.TabularInline):
    model = Observation
    form = ObservationInlineForm
    extra = 0


class BreakdownInline(admin.TabularInline):
    model = Breakdown
    extra = 0
    fields = ["fiscal_year", "dimension", "category", "value", "is_final", "sample_size", "sort_order"]


class InterimTargetInline(admin.TabularInline):
    model = InterimTarget
    extra = 0


class TargetRevisionInline(admin.TabularInline):
    model = TargetRevision
    extra = 0
    can_delete = False
    readonly_fields = ["old_value", "old_year", "new_value", "new_year", "reason", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(FastRowsMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [IndicatorResource]
    import_template_name = IMPORT_TEMPLATE
    list_display = ["code", "name", "qualifier", "plan", "source", "baseline_value", "target_value"]
    list_filter = ["plan", "source"]
    list_select_related = ["plan"]
    search_fields = ["code", "name"]
    inlines = [InterimTargetInline, ObservationInline, BreakdownInline, TargetRevisionInline]
    actions = ["close_previous_year"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "computed_key":
            from django import forms

            choices = [("", "---------")] + [(key, f"{key}（{computed.LABELS[key]}）") for key in computed.REGISTRY]
            return forms.ChoiceField(
                choices=choices, required=False, label=db_field.verbose_name, help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Target changes go through the service so that each one leaves a TargetRevision."""
        if change and {"target_value", "target_year"} & set(form.changed_data):
            value, year = obj.target_value, obj.target_year
            obj.target_value, obj.target_year = form.initial.get("target_value"), form.initial.get("target_year")
            super().save_model(request, obj, form, change)
            services.indicator_set_target(
                indicator=obj, value=value, year=year, reason=str(_("管理画面で変更")), user=request.user
            )
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("前年度を締めて自動集計の値を確定する"))
    def close_previous_year(self, request, queryset):
        year = current_fiscal_year() - 1
        plans = {indicator.plan for indicator in queryset.select_related("plan")}
        frozen = []
        for plan in plans:
            frozen += services.fiscal_year_close(fiscal_year=year, plan=plan)
        log_action(self, request, done=len(frozen))
        self.message_user(request, _("%(year)d年度の %(n)d 件を確定しました。") % {"year": year, "n": len(frozen)})


@admin.register(ReportEdition)
class ReportEditionAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["plan", "fiscal_year", "edition", "published_at", "published_by"]
    list_select_related = ["plan", "published_by"]
    list_filter = ["plan", "fiscal_year"]
    readonly_fields = ["plan", "fiscal_year", "edition", "snapshot", "published_at", "published_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TargetRevision)
class TargetRevisionAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["indicator", "old_value", "new_value", "changed_at", "changed_by"]
    list_select_related = ["indicator", "changed_by"]
    readonly_fields = [
        "indicator",
        "old_value",
        "old_year",
        "new_value",
        "new_year",
        "reason",
        "changed_by",
        "changed_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(CollaborationProject)
class CollaborationProjectAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "department", "starts_on", "ends_on", "budget", "is_public"]
    list_filter = ["kind", "department", "is_public"]
    list_select_related = ["department"]
    search_fields = ["title", "other_partners"]
    autocomplete_fields = ["partner_groups", "items"]
