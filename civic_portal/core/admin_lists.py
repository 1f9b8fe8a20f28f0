"""Admin lists that stay fast on big tables: periods of a date-time field in place of `date_hierarchy`, and a
search that asks each field's own index; and the base of the read-only record lists."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .fiscal import fiscal_year, fiscal_year_label, fiscal_year_range

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

LABELS: dict[str, StrOrPromise] = {
    "today": _("今日"),
    "tomorrow": _("明日"),
    "next7": _("今後7日間"),
    "last7": _("過去7日間"),
    "last30": _("過去30日間"),
    "last365": _("過去1年間"),
    "this_month": _("今月"),
    "next_month": _("来月"),
    "last_month": _("先月"),
}
FISCAL_YEAR = re.compile(r"fy(\d{4})")


def _month_start(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_span(value: str, today: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """The half-open [start, end) of a period in the site's time zone; None for a value that names none."""
    if match := FISCAL_YEAR.fullmatch(value):
        return fiscal_year_range(int(match.group(1)))
    days = {
        "today": (0, 1),
        "tomorrow": (1, 2),
        "next7": (0, 7),
        "last7": (-6, 1),
        "last30": (-29, 1),
        "last365": (-364, 1),
    }
    months = {"this_month": 0, "next_month": 1, "last_month": -1}
    if value in days:
        first, last = (today + dt.timedelta(days=n) for n in days[value])
    elif value in months:
        first, last = _month_start(today, months[value]), _month_start(today, months[value] + 1)
    else:
        return None
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(first, dt.time(), tzinfo=tz), dt.datetime.combine(last, dt.time(), tzinfo=tz)


class PeriodFilter(admin.SimpleListFilter):
    """A date-time field by period: a few around today, then each fiscal year from the first row's to the last's.

    It replaces `date_hierarchy`, whose list of years reads every row of the table: the years here come from the
    earliest and latest value (MIN and MAX, two probes of the field's index), and each choice is a range that the
    index serves. With `default` set the list always shows one period (there is no "all")."""

    parameter_name = "period"
    field_name: str
    periods: tuple[str, ...] = ("today", "last7", "last30")
    fiscal_years = True
    default: str | None = None

    def lookups(self, request, model_admin):
        choices = [(period, LABELS[period]) for period in self.periods]
        if self.fiscal_years:
            bounds = model_admin.get_queryset(request).aggregate(first=Min(self.field_name), last=Max(self.field_name))
            if bounds["first"] is not None:
                years = range(fiscal_year(bounds["last"]), fiscal_year(bounds["first"]) - 1, -1)
                choices += [(f"fy{year}", fiscal_year_label(year)) for year in years]
        return choices

    def current(self) -> str | None:
        """The period shown: the one chosen, else the default."""
        return self.value() or self.default

    def today(self) -> dt.date:
        """The day the periods count from: today in the site's time zone."""
        return timezone.localdate()

    def queryset(self, request, queryset):
        span = period_span(self.current() or "", self.today())
        if span is None:
            return queryset
        start, end = span
        return queryset.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end})

    def choices(self, changelist):
        if self.default is None:
            yield from super().choices(changelist)
            return
        current = self.current()  # no "all": the default period stands in for it
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class FieldByFieldSearchMixin:
    """Search each of `search_fields` in a query of its own and take the union.

    Django's search is one OR across the fields of several joined tables, which PostgreSQL can only answer by
    reading every row; each field alone is served by its own index (a trigram index on a text column, the
    bookings of the users whose address matches by the foreign key's index). Fields are plain paths (icontains).
    """

    def get_search_results(self, request, queryset, search_term):
        fields = self.get_search_fields(request)  # type: ignore[attr-defined]  # a ModelAdmin's
        if not (fields and search_term):
            return queryset, False
        rows = queryset.model._default_manager
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            first, *others = (rows.filter(**{f"{field}__icontains": bit}).values("pk") for field in fields)
            queryset = queryset.filter(pk__in=first.union(*others) if others else first)
        return queryset, False


INPUTS = frozenset(
    f"django/forms/widgets/{name}.html" for name in ("input", "text", "number", "hidden", "checkbox", "email", "url")
)


class ListEditRenderer(DjangoTemplates):
    """The form renderer of a list's editable cells (`list_editable`): the plain inputs, a template each per row
    and field in Django, are written directly as its `input.html` and `attrs.html` write them; any other template
    (errors, selects) renders as usual."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name in INPUTS else None
        if widget is None:
            return super().render(template_name, context, request)
        value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        attrs = "".join(
            f" {escape(name)}" if option is True else f' {escape(name)}="{escape(option)}"'
            for name, option in widget["attrs"].items()
            if option is not False
        )
        return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{attrs}>'


LIST_EDIT_RENDERER = ListEditRenderer()


class CappedPaginator(Paginator):
    """Counts a list up to `cap` rows and stops there, so the list can say "10,000 or more" instead of reading every
    row only to print their number. For lists without actions (the actions' "select all N" needs the number)."""

    cap = 10_000

    @cached_property
    def count(self):
        # One narrow column in no order: no sort, and no joined or computed column, only to count the rows.
        rows = cast("QuerySet[Any]", self.object_list)  # the admin paginates querysets
        return rows.values("pk").order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        """Whether there are more rows than were counted."""
        return self.count > self.cap


class FastRowsChangeList(ChangeList):
    """A changelist that reverses its rows' change URL once a page, not once a row."""

    def url_for_result(self, result):
        template = self.__dict__.get("_change_url")
        if template is None:
            info = (self.opts.app_label, self.opts.model_name)
            url = reverse(
                f"admin:{info[0]}_{info[1]}_change", args=["__pk__"], current_app=self.model_admin.admin_site.name
            )
            template = self.__dict__["_change_url"] = url.rpartition("__pk__")
        before, _pk, after = template
        return f"{before}{quote(getattr(result, self.pk_attname))}{after}"


class KeysFirstChangeList(FastRowsChangeList):
    """A page whose rows are chosen before their related objects are joined: the page's keys (one table, in the
    list's order, through its index) in a subquery, and only those rows joined.

    Asked in one piece, PostgreSQL joins the related tables to every row it sorts before the LIMIT (a hash of all
    the groups for 25 applications); the same query count, as the keys are a subquery of the page's query."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = self.queryset.filter(pk__in=self.result_list.values("pk"))


_FAST_CHANGELISTS: dict[type[ChangeList], type[ChangeList]] = {}
# Django's own message, translated by Django's catalog (a name, so makemessages leaves it to Django's).
SELECT_ROW = "Select this object for an action - {}"


class FastRowsMixin:
    """What the admin's list pays per row, paid once a page where it can be: the row's change URL, and the
    selection checkbox written directly (Django renders a widget template for each row's checkbox).

    A page holds 25 rows (Django's default is 100): each row costs every column's formatting, and staff reach
    rows by search, filters and sorting; "show all" still lists up to `list_max_show_all` at once. A filtered
    list says how many rows it found, not also how many the table holds (a second COUNT on every page)."""

    list_per_page: ClassVar[int] = 25
    show_full_result_count: ClassVar[bool] = False

    def action_checkbox(self, obj):
        label = format_html(gettext(SELECT_ROW), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, renderer=LIST_EDIT_RENDERER, **kwargs)  # type: ignore[misc]

    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)  # type: ignore[misc]  # a ModelAdmin's
        if issubclass(base, FastRowsChangeList):
            return base
        if base not in _FAST_CHANGELISTS:
            _FAST_CHANGELISTS[base] = type(f"FastRows{base.__name__}", (FastRowsChangeList, base), {})
        return _FAST_CHANGELISTS[base]


class RecordAdmin(FastRowsMixin, admin.ModelAdmin):
    """A record the system writes (mail, tasks, job runs, imports, generated files): staff read it, nobody edits it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusLogInline(admin.TabularInline):
    """A workflow's status log under its object, read only: only the workflow's transition() writes it."""

    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
