"""The audit trail in the admin: one read-only list of every change, by model or object; sealed scores left out."""

import operator
from collections import defaultdict
from functools import reduce

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connection
from django.db.models import Model, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin
from pghistory.admin.core import EventsChangeList

from .admin_lists import CappedPaginator, FastRowsChangeList, FastRowsMixin, PeriodFilter
from .audit_keys import page_keys

# Django's own messages of admin/pagination.html: named, so makemessages leaves them to Django's catalog.
PAGINATION, SHOW_ALL = "Pagination %(name)s", "Show all"
SEALED = {"grants.ScoreEvent": "scores", "grants.ScoreSheetEvent": "sheets"}


class ChangedFilter(PeriodFilter):
    """The list reads one period (the last 30 days unless another is chosen); one object's history (its 履歴
    button: the events that track it) is read whole."""

    title = _("変更日")
    field_name = "pgh_created_at"
    periods = ("today", "last7", "last30", "last365")
    fiscal_years = False

    def __init__(self, request, params, model, model_admin):
        self.default = None if {"obj", "method"} <= request.GET.keys() else "last30"
        super().__init__(request, params, model, model_admin)

    def today(self):
        # The database stamps the events, so its clock says which day it is; asked once a request (the filter is
        # applied to every event table), kept on this filter, which lives for one request.
        if "_today" not in self.__dict__:
            with connection.cursor() as cursor:
                cursor.execute("SELECT (now() AT TIME ZONE %s)::date", [timezone.get_current_timezone_name()])
                self.__dict__["_today"] = cursor.fetchone()[0]
        return self.__dict__["_today"]


class PagedEventsChangeList(FastRowsChangeList, EventsChangeList):
    """A page of events in two steps: which events (time, table and id, from each table's time index: see
    audit_keys), then those events whole, read by their table and id (the other tables drop out of the plan)."""

    def get_results(self, request):
        super().get_results(request)
        self.pagination = pagination_texts(self)
        keys = page_keys(self, request, readable_events(request))
        if keys is None:
            keys = [(row["pgh_model"], row["pgh_id"]) for row in self.result_list.values("pgh_model", "pgh_id")]
        ids: dict[str, list[int]] = defaultdict(list)
        for table, pk in keys:
            ids[table].append(pk)
        chosen = reduce(operator.or_, (Q(pgh_model=table, pgh_id__in=pks) for table, pks in ids.items()), Q())
        rows = self.apply_select_related(self.root_queryset).filter(chosen) if keys else []
        events = {(e.pgh_model, e.pgh_id): e for e in rows}
        self.result_list = [events[key] for key in keys if key in events]


def readable_events(request) -> dict[str, Q]:
    """Per event table of sealed records, which of its rows the viewer may read (by the sheet: one hashed set)."""
    from grants.selectors.review import score_sheets_visible_to

    sheets = score_sheets_visible_to(request.user).values("pk")
    return {"grants.ScoreEvent": Q(sheet_id__in=sheets), "grants.ScoreSheetEvent": Q(pgh_obj_id__in=sheets)}


def pagination_texts(changelist) -> dict[str, str]:
    """The words of templates/admin/core/auditevent/pagination.html: Django's own (from its catalog), and the count
    of events, "10,000 or more" when the paginator stopped counting there."""
    opts, paginator = changelist.opts, changelist.paginator
    if paginator.capped:
        count = _("%(name)s %(count)s件以上") % {"name": opts.verbose_name_plural, "count": intcomma(paginator.cap)}
    else:
        name = opts.verbose_name if changelist.result_count == 1 else opts.verbose_name_plural
        count = f"{changelist.result_count} {name}"
    return {
        "title": gettext(PAGINATION) % {"name": opts.verbose_name_plural},
        "count": count,
        "show_all": gettext(SHOW_ALL),
    }


class AuditEventsAdmin(FastRowsMixin, EventsAdmin):
    """Nobody edits or deletes history; events of score sheets and scores still sealed for the viewer are hidden."""

    list_select_related = False
    show_full_result_count = False
    paginator = CappedPaginator

    def get_changelist(self, request, **kwargs):
        return PagedEventsChangeList

    def get_list_filter(self, request):
        return [ChangedFilter, *super().get_list_filter(request)]

    def visible_sealed(self, request) -> dict[str, QuerySet]:
        """Per event table of sealed records, the records whose events the viewer may read."""
        from grants.selectors.review import score_sheets_visible_to, scores_visible_to

        return {
            "grants.ScoreEvent": scores_visible_to(request.user),
            "grants.ScoreSheetEvent": score_sheets_visible_to(request.user),
        }

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        for model, rows in self.visible_sealed(request).items():
            ids = rows.annotate(text_pk=Cast("pk", TextField())).values("text_pk")
            queryset = queryset.exclude(Q(pgh_model=model) & ~Q(pgh_obj_id__in=ids))
        return queryset


class AuditHistoryMixin:
    """The admin's 履歴 button of a tracked model opens the object's audit trail (old and new values, who, where)."""

    model: type[Model]  # set by the ModelAdmin it is mixed into

    def history_view(self, request, object_id, extra_context=None):
        label = self.model._meta.label
        return redirect(f"{reverse('admin:core_auditevent_changelist')}?obj={label}:{object_id}&method=tracks")
