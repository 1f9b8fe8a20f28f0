"""django-import-export resources: applications and scores for the committee meeting, other funders' grants."""

from import_export import fields, resources

from civic_portal.core.imports.bulk import CachedManyToManyWidget
from civic_portal.core.resources import LoggedImport
from groups.models import ActivityField

from .models import Answer, Application, OtherFunderGrant, Score


class ApplicationResource(LoggedImport, resources.ModelResource):
    round = fields.Field(attribute="round", column_name="募集回")
    group = fields.Field(attribute="group__name", column_name="団体")
    title = fields.Field(attribute="title", column_name="事業名")
    status = fields.Field(attribute="get_status_display", column_name="状態")
    requested_amount = fields.Field(attribute="requested_amount", column_name="申請額")
    score = fields.Field(attribute="score", column_name="評価点")
    rank = fields.Field(attribute="rank", column_name="順位")
    proposed_outcome = fields.Field(attribute="get_proposed_outcome_display", column_name="採否案")
    proposed_amount = fields.Field(attribute="proposed_amount", column_name="交付額案")
    awarded_amount = fields.Field(attribute="awarded_amount", column_name="交付決定額")

    class Meta:
        model = Application
        fields = (
            "id",
            "round",
            "group",
            "title",
            "status",
            "requested_amount",
            "score",
            "rank",
            "proposed_outcome",
            "proposed_amount",
            "awarded_amount",
        )

    def get_export_queryset(self, request=None):
        return Application.objects.select_related("round__programme", "group")

    def dehydrate_round(self, application):
        return str(application.round)


class ScoreResource(LoggedImport, resources.ModelResource):
    application = fields.Field(attribute="sheet__application__title", column_name="事業名")
    group = fields.Field(attribute="sheet__application__group__name", column_name="団体")
    reviewer = fields.Field(attribute="sheet__reviewer__user__full_name", column_name="審査委員")
    role = fields.Field(attribute="sheet__reviewer__get_role_display", column_name="区分")
    criterion = fields.Field(attribute="criterion__name", column_name="審査項目")
    points = fields.Field(attribute="points", column_name="得点")
    max_points = fields.Field(attribute="max_points", column_name="満点")
    comment = fields.Field(attribute="comment", column_name="コメント")

    class Meta:
        model = Score
        fields = ("application", "group", "reviewer", "role", "criterion", "points", "max_points", "comment")

    def get_export_queryset(self, request=None):
        return Score.objects.filter(sheet__submitted_at__isnull=False).select_related(
            "sheet__application__group", "sheet__reviewer__user", "criterion"
        )


class OtherFunderGrantResource(LoggedImport, resources.ModelResource):
    fields = fields.Field(
        attribute="fields",
        column_name="fields",
        widget=CachedManyToManyWidget(ActivityField, field="code", separator=";"),
    )

    class Meta:
        model = OtherFunderGrant
        fields = (
            "id",
            "funder_kind",
            "funder_name",
            "title",
            "description",
            "amount",
            "deadline",
            "fields",
            "url",
            "is_published",
        )


class AnswerResource(LoggedImport, resources.ModelResource):
    """Answers to a round's questions, one row per answer, for the committee and the office (export only)."""

    round = fields.Field(attribute="application__round", column_name="募集回")
    application_id = fields.Field(attribute="application_id", column_name="申請番号")
    application = fields.Field(attribute="application__title", column_name="事業名")
    group = fields.Field(attribute="application__group__name", column_name="団体")
    question = fields.Field(attribute="question__label", column_name="質問")
    kind = fields.Field(attribute="question__get_kind_display", column_name="回答の種類")
    answer = fields.Field(attribute="display", column_name="回答")

    class Meta:
        model = Answer
        fields = ("round", "application_id", "application", "group", "question", "kind", "answer")

    def get_export_queryset(self, request=None):
        return Answer.objects.select_related(
            "application__round__programme", "application__group", "question", "attachment"
        ).order_by("application__round_id", "application_id", "question__order", "question_id")

    def dehydrate_round(self, answer):
        return str(answer.application.round)
