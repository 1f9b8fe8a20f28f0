"""Back office for grants, in Japanese: set up rounds, appoint reviewers, a board of applications by status,
exports for the committee meeting; every workflow action calls a service."""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportModelAdmin

from civic_portal.core.admin_actions import run_for_each
from civic_portal.core.uploads import clean_document

from . import services
from .models import (
    ActivityReport,
    Application,
    ApplicationStatusChange,
    Attachment,
    BudgetLine,
    ConflictDeclaration,
    OtherFunderGrant,
    Programme,
    ReviewCriterion,
    Reviewer,
    Round,
    RoundDocument,
    Score,
    ScoreSheet,
    Status,
)
from .resources import ApplicationResource, OtherFunderGrantResource, ScoreResource


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "funder_name", "is_active"]
    search_fields = ["name"]


class ReviewCriterionInline(admin.TabularInline):
    model = ReviewCriterion
    extra = 0


class RoundDocumentForm(forms.ModelForm):
    class Meta:
        model = RoundDocument
        fields = ["title", "file", "order"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Only a new upload needs checking; an unchanged file is the stored one.
        return clean_document(upload) if hasattr(upload, "content_type") else upload


class RoundDocumentInline(admin.TabularInline):
    model = RoundDocument
    form = RoundDocumentForm
    extra = 0


class ReviewerInline(admin.TabularInline):
    model = Reviewer
    extra = 0
    verbose_name_plural = _("審査委員の委嘱")


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "category", "fiscal_year", "opens_at", "closes_at", "budget", "results_published"]
    list_filter = ["fiscal_year", "category", "results_published"]
    list_select_related = ["programme"]
    search_fields = ["title", "programme__name"]
    filter_horizontal = ["fields"]
    readonly_fields = ["results_published", "results_published_at"]
    inlines = [ReviewCriterionInline, RoundDocumentInline, ReviewerInline]
    actions = ["open_review", "allocate", "confirm_decisions", "publish_results"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Reviewer:
            return super().save_formset(request, form, formset, change)
        # New committee members go through the appointment service, which also gives them the reviewer role.
        reviewers = formset.save(commit=False)
        for removed in formset.deleted_objects:
            removed.delete()
        for reviewer in reviewers:
            if reviewer.pk is None:
                services.reviewer_appoint(
                    round=form.instance, user=reviewer.user, role=reviewer.role, publish_name=reviewer.publish_name
                )
            else:
                reviewer.save()
        return None

    fieldsets = [
        (None, {"fields": ["programme", "title", "category", "fiscal_year"]}),
        (_("金額"), {"fields": ["budget", "max_per_award", ("rate_numerator", "rate_denominator")]}),
        (
            _("募集"),
            {"fields": ["opens_at", "closes_at", "registered_only", "min_years_active", "fields", "guidelines"]},
        ),
        (_("審査"), {"fields": ["presentation_held", "presentation_at", "presentation_place", "allocation_rule"]}),
        (_("結果の公表"), {"fields": ["results_published", "results_published_at"]}),
    ]

    @admin.action(description=_("書類審査を通過した申請の審査を開始する"))
    def open_review(self, request, queryset):
        for round in queryset:
            count = services.round_open_review(round=round, by=request.user)
            self.message_user(
                request, _("%(round)s: %(count)d件を審査中にしました。") % {"round": round, "count": count}
            )

    @admin.action(description=_("順位と採否案を計算する"))
    def allocate(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda r: services.round_allocate(round=r),
            _("%(count)d件の募集回で計算しました。"),
        )

    @admin.action(description=_("採否案どおり決定し、決定通知を送る"))
    def confirm_decisions(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda r: services.round_confirm_decisions(round=r, by=request.user),
            _("%(count)d件の募集回で決定しました。"),
        )

    @admin.action(description=_("採択結果を公表する"))
    def publish_results(self, request, queryset):
        run_for_each(
            self, request, queryset, lambda r: services.round_publish_results(round=r), _("%(count)d件を公表しました。")
        )


class ApplicationActionForm(ActionForm):
    note = forms.CharField(label=_("メモ（差し戻しの理由など）"), required=False)
    advance_paid = forms.IntegerField(label=_("概算払額（円）"), required=False, min_value=0)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ["stage", "kind", "category", "description", "amount", "eligible"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["purpose", "title", "file", "uploaded_at"]
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = ApplicationStatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields


class ActivityReportInline(admin.StackedInline):
    model = ActivityReport
    extra = 0
    can_delete = False
    readonly_fields = ["outcomes", "participants", "challenges", "submitted_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ExportMixin, admin.ModelAdmin):
    """The board of applications: filter by status (with counts), rank and proposals, actions that call services."""

    resource_classes = [ApplicationResource]
    list_display = [
        "title",
        "group",
        "round",
        "status",
        "requested_amount",
        "score",
        "rank",
        "proposed_outcome",
        "proposed_amount",
        "awarded_amount",
    ]
    list_filter = ["status", "round__fiscal_year", "round"]
    list_select_related = ["group", "round__programme"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["title", "group__name"]
    ordering = ["round", "rank", "id"]
    action_form = ApplicationActionForm
    inlines = [BudgetLineInline, AttachmentInline, ActivityReportInline, StatusChangeInline]
    # Only the proposal is edited by hand (before staff confirm decisions); every status change goes through actions.
    readonly_fields = [
        f.name for f in Application._meta.fields if f.name not in ("id", "proposed_outcome", "proposed_amount")
    ]
    actions = [
        "start_eligibility_check",
        "return_for_changes",
        "open_review",
        "decline_ineligible",
        "request_report",
        "confirm_final_amount",
    ]

    def has_add_permission(self, request):
        return False

    def _step(self, request, queryset, to, message):
        note = request.POST.get("note", "")
        run_for_each(
            self,
            request,
            queryset,
            lambda a: services.application_transition(application=a, to=to, by=request.user, note=note),
            message,
        )

    @admin.action(description=_("書類審査を始める"))
    def start_eligibility_check(self, request, queryset):
        self._step(request, queryset, Status.ELIGIBILITY_CHECK, _("%(count)d件を書類審査中にしました。"))

    @admin.action(description=_("差し戻す（メモに理由を記入）"))
    def return_for_changes(self, request, queryset):
        self._step(request, queryset, Status.RETURNED, _("%(count)d件を差し戻しました。"))

    @admin.action(description=_("審査を開始する（書類審査を通過）"))
    def open_review(self, request, queryset):
        self._step(request, queryset, Status.UNDER_REVIEW, _("%(count)d件を審査中にしました。"))

    @admin.action(description=_("要件を満たさないため不採択にする"))
    def decline_ineligible(self, request, queryset):
        self._step(request, queryset, Status.DECLINED, _("%(count)d件を不採択にしました。"))

    @admin.action(description=_("実績報告を求める（概算払額を記録）"))
    def request_report(self, request, queryset):
        raw = request.POST.get("advance_paid", "")
        advance = int(raw) if raw.isdigit() else None
        run_for_each(
            self,
            request,
            queryset,
            lambda a: services.application_request_report(application=a, by=request.user, advance_paid=advance),
            _("%(count)d件に実績報告を求めました。"),
        )

    @admin.action(description=_("額を確定する（実績報告の提出後）"))
    def confirm_final_amount(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda a: services.application_confirm_final_amount(application=a, by=request.user),
            _("%(count)d件の額を確定しました。"),
        )


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["criterion", "points", "max_points", "comment"]
    readonly_fields = fields


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "submitted_at"]
    list_filter = ["application__round"]
    list_select_related = ["application", "reviewer__user"]
    readonly_fields = ["reviewer", "application", "comment", "submitted_at"]
    inlines = [ScoreInline]

    def has_add_permission(self, request):
        return False


@admin.register(Score)
class ScoreAdmin(ExportMixin, admin.ModelAdmin):
    """Scores for the committee meeting (export)."""

    resource_classes = [ScoreResource]
    list_display = ["sheet", "criterion", "points", "max_points"]
    list_filter = ["sheet__application__round"]
    list_select_related = ["sheet__application", "sheet__reviewer__user", "criterion"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["user", "round", "role", "publish_name"]
    list_filter = ["round", "role"]
    list_select_related = ["user", "round__programme"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "application", "reason", "declared_at"]
    list_select_related = ["reviewer__user", "application"]


@admin.register(OtherFunderGrant)
class OtherFunderGrantAdmin(ImportExportModelAdmin):
    resource_classes = [OtherFunderGrantResource]
    list_display = ["title", "funder_name", "funder_kind", "amount", "deadline", "is_published"]
    list_filter = ["funder_kind", "is_published"]
    search_fields = ["title", "funder_name"]
    filter_horizontal = ["fields"]
