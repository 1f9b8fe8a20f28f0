"""The audit trail in the admin: one read-only list of every change, by model or object; sealed scores left out."""

from django.db.models import Model, Q, TextField
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.urls import reverse
from pghistory.admin import EventsAdmin

SEALED = {"grants.ScoreEvent": "scores", "grants.ScoreSheetEvent": "sheets"}


class AuditEventsAdmin(EventsAdmin):
    """Nobody edits or deletes history; events of score sheets and scores still sealed for the viewer are hidden."""

    list_select_related = False

    def get_queryset(self, request):
        from grants.selectors.review import score_sheets_visible_to, scores_visible_to

        visible = {
            "grants.ScoreEvent": scores_visible_to(request.user),
            "grants.ScoreSheetEvent": score_sheets_visible_to(request.user),
        }
        queryset = super().get_queryset(request)
        for model, rows in visible.items():
            ids = rows.annotate(text_pk=Cast("pk", TextField())).values("text_pk")
            queryset = queryset.exclude(Q(pgh_model=model) & ~Q(pgh_obj_id__in=ids))
        return queryset


class AuditHistoryMixin:
    """The admin's 履歴 button of a tracked model opens the object's audit trail (old and new values, who, where)."""

    model: type[Model]  # set by the ModelAdmin it is mixed into

    def history_view(self, request, object_id, extra_context=None):
        label = self.model._meta.label
        return redirect(f"{reverse('admin:core_auditevent_changelist')}?obj={label}:{object_id}")
