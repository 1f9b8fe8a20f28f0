"""Back office for grants, in Japanese: set up rounds, appoint reviewers, a board of applications by status,
exports for the committee meeting; every workflow action calls a service.

Sealed means sealed for everyone: score sheets and scores are filtered by `selectors.score_sheets_visible_to` /
`scores_visible_to` (own sheets; others' only once the round's review is closed), superusers included, and the mean
score on the board stays hidden until then. Applications, their history and decisions, conflict declarations,
score sheets and scores are never deleted here, and change only through services.
"""

from typing import cast

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportModelAdmin

from civic_portal.core.admin_actions import log_action, run_for_each, service_action
from civic_portal.core.admin_lists import FastRowsMixin, KeysFirstChangeList, StatusLogInline
from civic_portal.core.audit_admin import AuditHistoryMixin
from civic_portal.core.import_admin import BackgroundImportMixin
from civic_portal.core.uploads import clean_document

from . import selectors, services
from .models import (
    ActivityReport,
    Answer,
    Application,
    ApplicationStatusChange,
    Attachment,
    BudgetLine,
    ConflictDeclaration,
    OtherFunderGrant,
    Programme,
    Question,
    RequiredDocument,
    ReviewCriterion,
    Reviewer,
    Round,
    RoundDocument,
    Score,
    ScoreSheet,
    Status,
)
from .querysets import ApplicationQuerySet
from .resources import AnswerResource, ApplicationResource, OtherFunderGrantResource, ScoreResource


class RoundListFilter(admin.RelatedFieldListFilter):
    """The rounds with their programme read in the same query (a round's name starts with its programme's)."""

    def field_choices(self, field, request, model_admin):
        # Asked once more per filter when the list shows facet counts: the rounds are read once a request.
        choices = getattr(request, "_grants_round_choices", None)
        if choices is None:
            rounds = Round.objects.select_related("programme").order_by("-opens_at", "id")
            choices = request._grants_round_choices = [(r.pk, str(r)) for r in rounds]
        return choices


@admin.register(Programme)
class ProgrammeAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["name", "funder_name", "is_active"]
    search_fields = ["name"]


class ReviewCriterionInline(admin.TabularInline):
    model = ReviewCriterion
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # Once scoring began a criterion stays (its scores protect it, and the refusal would list their points).
        if obj is not None and Score.objects.filter(criterion__round=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


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


class ReviewerFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Removing a member would take their score sheets and conflict declarations with them.
        for form in self.forms:
            if not (self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME, False)):
                continue
            reviewer = form.instance
            if reviewer.pk and (reviewer.sheets.exists() or reviewer.conflicts.exists()):
                raise ValidationError(
                    _("%(reviewer)s には評価票または利害関係の申告があるため、委嘱を削除できません。")
                    % {"reviewer": reviewer}
                )


class ReviewerInline(admin.TabularInline):
    model = Reviewer
    formset = ReviewerFormSet
    extra = 0
    verbose_name_plural = _("審査委員の委嘱")


class RequiredDocumentForm(forms.ModelForm):
    class Meta:
        model = RequiredDocument
        fields = ["name", "description", "template", "required", "file_types", "order"]

    def clean_template(self):
        upload = self.cleaned_data["template"]
        # A template may be a word-processor file, but the portal serves only what it can check: PDF or image.
        return clean_document(upload) if hasattr(upload, "content_type") else upload


class RequiredDocumentInline(admin.TabularInline):
    """The papers every applicant attaches (a document with attachments cannot be removed)."""

    model = RequiredDocument
    form = RequiredDocumentForm
    extra = 0


class QuestionInline(admin.StackedInline):
    """The round's own questions on the application form (a question with answers cannot be removed)."""

    model = Question
    extra = 0
    fields = [("label", "kind", "required", "order"), "help_text", ("max_length", "min_value", "max_value"), "choices"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


@admin.register(Round)
class RoundAdmin(FastRowsMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["__str__", "category", "fiscal_year", "opens_at", "closes_at", "budget", "results_published"]
    list_filter = ["fiscal_year", "category", "results_published"]
    list_select_related = ["programme"]
    search_fields = ["title", "programme__name"]
    filter_horizontal = ["fields"]
    readonly_fields = ["results_published", "results_published_at", "review_closed_at", "progress_link"]
    inlines = [ReviewCriterionInline, RoundDocumentInline, RequiredDocumentInline, QuestionInline, ReviewerInline]
    actions = ["open_review", "close_review", "allocate", "confirm_decisions", "publish_results"]

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
                    grant_round=form.instance,
                    user=reviewer.user,
                    role=reviewer.role,
                    publish_name=reviewer.publish_name,
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
        (
            _("審査"),
            {
                "fields": [
                    "presentation_held",
                    "presentation_at",
                    "presentation_place",
                    "allocation_rule",
                    "score_seal",
                    "review_closed_at",
                    "progress_link",
                ]
            },
        ),
        (_("結果の公表"), {"fields": ["results_published", "results_published_at"]}),
    ]

    @admin.action(description=_("書類審査を通過した申請の審査を開始する"))
    def open_review(self, request, queryset):
        done = 0
        for grant_round in queryset:
            count = services.round_open_review(grant_round=grant_round, by=request.user)
            self.message_user(
                request, _("%(round)s: %(count)d件を審査中にしました。") % {"round": grant_round, "count": count}
            )
            done += 1
        log_action(self, request, done=done)

    close_review = service_action(
        _("審査を締め切る（評価票の受付を終える）"),
        lambda r, request: services.round_close_review(grant_round=r, by=request.user),
        _("%(count)d件の募集回の審査を締め切りました。"),
    )

    @admin.display(description=_("審査の進み具合"))
    def progress_link(self, grant_round):
        if grant_round.pk is None:
            return "—"
        url = reverse("grants:review_progress", args=[grant_round.pk])
        return format_html('<a href="{}">{}</a>', url, _("審査委員ごとの進み具合と督促"))

    allocate = service_action(
        _("順位と採否案を計算する"),
        lambda r, request: services.round_allocate(grant_round=r),
        _("%(count)d件の募集回で計算しました。"),
    )

    confirm_decisions = service_action(
        _("採否案どおり決定し、決定通知を送る"),
        lambda r, request: services.round_confirm_decisions(grant_round=r, by=request.user),
        _("%(count)d件の募集回で決定しました。"),
    )

    publish_results = service_action(
        _("採択結果を公表する"),
        lambda r, request: services.round_publish_results(grant_round=r),
        _("%(count)d件を公表しました。"),
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

    def has_delete_permission(self, request, obj=None):
        return False


class KeptRecordsMixin:
    """Records the admin never deletes (superusers included): no delete view, no "delete selected" action."""

    def has_delete_permission(self, request, obj=None):
        return False


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("question", "shown")
    readonly_fields = fields
    verbose_name_plural = _("質問への回答")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "attachment")

    @admin.display(description=_("回答"))
    def shown(self, answer):
        if answer.attachment_id:
            url = reverse("grants:attachment_download", args=[answer.application_id, answer.attachment_id])
            return format_html('<a href="{}">{}</a>', url, answer.display)
        return answer.display


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ("stage", "kind", "category", "description", "amount", "eligible")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("purpose", "required_document", "title", "download", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("ファイル"))
    def download(self, obj):
        url = reverse("grants:attachment_download", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.download_name)


class StatusChangeInline(StatusLogInline):
    model = ApplicationStatusChange


class ActivityReportInline(admin.StackedInline):
    model = ActivityReport
    extra = 0
    can_delete = False
    readonly_fields = ["outcomes", "participants", "challenges", "submitted_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SealedApplicationResource(ApplicationResource):
    """The board's export: the mean score is left out until the round's review is closed."""

    def get_export_queryset(self, request=None):
        return super().get_export_queryset(request).with_review_closed()

    def dehydrate_score(self, application):
        return application.score if getattr(application, "review_closed", False) else None


@admin.register(Application)
class ApplicationAdmin(FastRowsMixin, AuditHistoryMixin, KeptRecordsMixin, ExportMixin, admin.ModelAdmin):
    """The board of applications: filter by status (with counts), rank and proposals, actions that call services."""

    resource_classes = [SealedApplicationResource]
    list_display = [
        "title",
        "group",
        "round",
        "status",
        "requested_amount",
        "sealed_score",
        "rank",
        "proposed_outcome",
        "proposed_amount",
        "awarded_amount",
    ]
    list_filter = ["status", "round__fiscal_year", ("round", RoundListFilter)]
    list_select_related = ["group", "round__programme"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["title", "group__name"]
    # Newest round first, then by rank: the (round, rank, id) index read backwards, each round's rows sorted.
    ordering = ["-round_id", "rank", "id"]
    action_form = ApplicationActionForm
    inlines = [BudgetLineInline, AnswerInline, AttachmentInline, ActivityReportInline, StatusChangeInline]
    # Only the proposal is edited by hand (before staff confirm decisions); every status change goes through actions.
    # The mean score is shown only once the round's review is closed.
    exclude = ["score"]
    readonly_fields = [
        "sealed_score" if f.name == "score" else f.name
        for f in Application._meta.fields
        if f.name not in ("id", "proposed_outcome", "proposed_amount")
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

    def get_changelist(self, request, **kwargs):
        return KeysFirstChangeList

    def get_queryset(self, request):
        return cast(ApplicationQuerySet, super().get_queryset(request)).with_review_closed()

    @admin.display(description=_("評価点（100点換算）"))
    def sealed_score(self, application):
        if application.score is None:
            return None
        return application.score if application.review_closed else _("審査終了まで非公開")

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

    confirm_final_amount = service_action(
        _("額を確定する（実績報告の提出後）"),
        lambda a, request: services.application_confirm_final_amount(application=a, by=request.user),
        _("%(count)d件の額を確定しました。"),
    )


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ("criterion", "points", "max_points", "comment")
    readonly_fields = fields

    def get_queryset(self, request):
        return selectors.scores_visible_to(request.user, super().get_queryset(request).select_related("criterion"))


@admin.register(ScoreSheet)
class ScoreSheetAdmin(FastRowsMixin, AuditHistoryMixin, KeptRecordsMixin, admin.ModelAdmin):
    """Read only: a sheet is written by its reviewer (services.scoresheet_save); others' sheets stay sealed."""

    list_display = ["application", "reviewer", "submitted_at"]
    list_filter = [("application__round", RoundListFilter)]
    list_select_related = ["application", "reviewer__user"]
    ordering = ["-application_id", "reviewer_id"]
    show_full_result_count = False
    readonly_fields = ["reviewer", "application", "comment", "submitted_at"]
    inlines = [ScoreInline]

    def get_queryset(self, request):
        return selectors.score_sheets_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Score)
class ScoreAdmin(FastRowsMixin, AuditHistoryMixin, KeptRecordsMixin, ExportMixin, admin.ModelAdmin):
    """Scores for the committee meeting (export): sealed ones are neither listed nor exported."""

    resource_classes = [ScoreResource]
    list_display = ["sheet", "criterion", "points", "max_points"]
    list_filter = [("sheet__application__round", RoundListFilter)]
    list_select_related = ["sheet__application", "sheet__reviewer__user", "criterion"]
    ordering = ["-sheet_id", "criterion_id"]
    show_full_result_count = False

    def get_queryset(self, request):
        return selectors.scores_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reviewer)
class ReviewerAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ["user", "round", "role", "publish_name"]
    list_filter = [("round", RoundListFilter), "role"]
    list_select_related = ["user", "round__programme"]
    ordering = ["-round_id", "role", "id"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(FastRowsMixin, KeptRecordsMixin, admin.ModelAdmin):
    """Read only: reviewers declare conflicts themselves (services.conflict_declare)."""

    list_display = ["reviewer", "application", "reason", "declared_at"]
    list_select_related = ["reviewer__user", "application"]
    readonly_fields = ["reviewer", "application", "reason", "declared_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OtherFunderGrant)
class OtherFunderGrantAdmin(FastRowsMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [OtherFunderGrantResource]
    list_display = ["title", "funder_name", "funder_kind", "amount", "deadline", "is_published"]
    list_filter = ["funder_kind", "is_published"]
    search_fields = ["title", "funder_name"]
    filter_horizontal = ["fields"]


@admin.register(Answer)
class AnswerAdmin(FastRowsMixin, KeptRecordsMixin, ExportMixin, admin.ModelAdmin):
    """Read only: applicants answer on the application form; the office exports the answers per round."""

    resource_classes = [AnswerResource]
    list_display = ["application", "question", "answer"]
    list_filter = [("application__round", RoundListFilter)]
    list_select_related = ["application", "question", "attachment"]
    ordering = ["-application_id", "question__order", "question_id"]
    show_full_result_count = False
    readonly_fields = ["application", "question", "answer", "updated_at"]
    exclude = ["value", "attachment"]

    @admin.display(description=_("回答"))
    def answer(self, obj):
        return obj.display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
