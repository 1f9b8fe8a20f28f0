"""Reads of the group register for pages, exports and plan indicators."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OrderBy, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import Http404
from django.utils import timezone

from civic_portal.core.fiscal import fiscal_year_range
from civic_portal.core.models import Area

from ..models import ActivityField, Group, GroupStatus, GroupStatusChange, LegalForm
from ..models.volunteers import VolunteerNeed, listed_need
from ..permissions import can_edit_group
from ..search import GRAM_TERM_MAX, SearchGrams, normalize_text

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    field: ActivityField | None = None
    area: Area | None = None
    legal_form: str = ""
    recruiting: str = ""  # "members" | "volunteers" | "partners"
    day: int | None = None
    order: str = "kana"  # "kana" | "newest"


# Each order's fields, and whether it runs from the largest value; models.directory_indexes() holds the same.
ORDERS = {"kana": (("kana_sort", "id"), False), "newest": (("registered_on", "id"), True)}
DIRECTORY_PAGE_SIZE = 20
# What a directory card shows (the page reads only these columns).
CARD_FIELDS = (
    "name", "name_kana", "legal_form", "is_intermediate_support", "purpose",
    "recruiting_members", "recruiting_volunteers", "recruiting_partners",
)  # fmt: skip
# Page links carry a cursor (keyset pagination); a bare ?page=N, typed or old, is read with OFFSET up to here.
MAX_OFFSET_PAGE = 50


def group_directory(filters: DirectoryFilters) -> QuerySet[Group]:
    """Public groups matching the directory's search and filters, in 五十音 or newest order (indexes: models)."""
    groups = Group.objects.public()
    terms = normalize_text(filters.q).split()
    for term in terms:
        if len(term) > GRAM_TERM_MAX:
            groups = groups.filter(search_text__contains=term)
    if short := [term for term in terms if len(term) <= GRAM_TERM_MAX]:
        groups = groups.alias(grams=SearchGrams("search_text")).filter(Q(grams__contains=short))
    if filters.field:
        groups = groups.filter(activity_fields=filters.field)
    if filters.area:
        groups = groups.filter(areas=filters.area)
    if filters.legal_form in LegalForm.values:
        groups = groups.filter(legal_form=filters.legal_form)
    if filters.recruiting == "volunteers":
        groups = groups.filter(has_open_needs())
    elif filters.recruiting in ("members", "partners"):
        groups = groups.filter(**{f"recruiting_{filters.recruiting}": True})
    if filters.day is not None:
        groups = groups.filter(activity_days__contains=[filters.day])
    return groups.order_by(*_ordering(filters.order, sort_matches=bool(terms)))


def has_open_needs() -> Exists:
    """True for a group with a volunteer need listed today: the directory's ボランティア募集中 badge and filter."""
    return Exists(VolunteerNeed.objects.filter(listed_need(timezone.localdate()), group=OuterRef("pk")))


def card_tags(pks: list[int]) -> dict[int, list[str]]:
    """Each group's badges: its activity fields' names (by code), then its districts' (by the districts' order).

    One query over both link tables (no model objects): names only, in the order the cards show them.
    """
    if not pks:
        return {}
    fields = Group.activity_fields.through.objects.filter(group_id__in=pks).values_list(
        "group_id", Value(0), "activityfield__code", Value(""), "activityfield__name"
    )
    areas = Group.areas.through.objects.filter(group_id__in=pks).values_list(
        "group_id", Value(1), "area__sort_order", "area__name_kana", "area__name"
    )
    tags: dict[int, list[str]] = {}
    for group_id, *_key, label in sorted(fields.union(areas, all=True)):
        tags.setdefault(group_id, []).append(label)
    return tags


def _ordering(order: str, *, sort_matches: bool) -> list[OrderBy]:
    """The order's keys; for a search, the first asks for NULLs first (last if descending), which no index has.

    There are no NULLs, so the order is the same. Without a search a page walks the order's index
    (models.directory_indexes), checking the filters on the way: fields, districts, days and legal forms mostly
    spread over the order, so a page's groups come soon. A search's matches do not: a name fragment picks names
    of one reading, all in one stretch of the 五十音 order, which a walk reaches only after passing every group
    before it. So a search finds its matches through its own index, as its count does, and sorts just those.
    """
    fields, descending = ORDERS.get(order, ORDERS["kana"])
    keys = [OrderBy(F(name), descending=descending) for name in fields]
    if sort_matches:
        nulls = {"nulls_last": True} if descending else {"nulls_first": True}
        keys[0] = OrderBy(F(fields[0]), descending=descending, **nulls)
    return keys


@dataclass(frozen=True)
class DirectoryPage:
    """One page of the directory; `after` and `before` are the cursors of the next and previous pages."""

    groups: list[Group]
    count: int
    number: int
    num_pages: int
    after: int | None = None  # the last group here, when more follow
    before: int | None = None  # the first group here, when some come before
    tags: dict[int, list[str]] = dataclasses.field(default_factory=dict)  # badges' names by group id (card_tags)

    @property
    def has_next(self) -> bool:
        return self.after is not None

    @property
    def has_previous(self) -> bool:
        return self.before is not None


def _from_cursor(groups: QuerySet[Group], order: str, cursor: int, *, forward: bool) -> QuerySet[Group]:
    """The groups after (or, reading backwards, before) the public group `cursor` in the directory's order.

    A row comparison with the cursor's own sort key, which is where the order's index starts its scan.
    """
    fields, descending = ORDERS.get(order, ORDERS["kana"])
    anchor = Group.objects.public().filter(pk=cursor).order_by().values(*fields)
    lookup = TupleGreaterThan if forward != descending else TupleLessThan
    groups = groups.filter(lookup(Tuple(*(F(name) for name in fields)), anchor.query))
    return groups if forward else groups.reverse()


def _rows(groups: QuerySet[Group], start: int = 0) -> tuple[list[Group], bool]:
    """A page of rows from `start`, and whether more follow (one row more is read to know)."""
    rows = list(groups[start : start + DIRECTORY_PAGE_SIZE + 1])
    return rows[:DIRECTORY_PAGE_SIZE], len(rows) > DIRECTORY_PAGE_SIZE


def directory_page(
    filters: DirectoryFilters, *, after: int | None = None, before: int | None = None, number: int = 1
) -> DirectoryPage:
    """A page of the directory: the first, the one after or before a cursor (a group id), or a numbered one.

    A cursor page costs what the first page does at any depth (keyset pagination); `number` only labels it.
    A bare page number is read with OFFSET, up to MAX_OFFSET_PAGE. A cursor that left the register, or
    points past the end, gives the first page. Queries: the count, the page, its cards' badges (card_tags).
    """
    groups = group_directory(filters)
    count = groups.count()
    groups = groups.only(*CARD_FIELDS).annotate(recruits_volunteers=has_open_needs())
    last = max(1, -(-count // DIRECTORY_PAGE_SIZE))
    page = None
    if after is not None:
        rows, more = _rows(_from_cursor(groups, filters.order, after, forward=True))
        if rows:
            number = min(max(number, 2), last)
            page = DirectoryPage(rows, count, number, last, after=rows[-1].pk if more else None, before=rows[0].pk)
    elif before is not None:
        rows, more = _rows(_from_cursor(groups, filters.order, before, forward=False))
        rows.reverse()
        if rows:
            number = min(max(number, 2), last) if more else 1
            page = DirectoryPage(rows, count, number, last, after=rows[-1].pk, before=rows[0].pk if more else None)
    if page is None:
        number = 1 if after is not None or before is not None else min(max(number, 1), last, MAX_OFFSET_PAGE)
        rows, more = _rows(groups, (number - 1) * DIRECTORY_PAGE_SIZE)
        first = rows[0].pk if rows and number > 1 else None
        page = DirectoryPage(rows, count, number, last, after=rows[-1].pk if more else None, before=first)
    return dataclasses.replace(page, tags=card_tags([group.pk for group in page.groups]))


def group_public_detail(pk: int) -> Group:
    """A group's public page data; 404 unless the group is on the register."""
    group = Group.objects.public().prefetch_related("activity_fields", "areas").filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def group_for_manager(user: User, pk: int) -> Group:
    """A group its manager (or staff) may edit; 404 if it does not exist, 403 for anyone else."""
    group = Group.objects.prefetch_related("activity_fields", "areas").filter(pk=pk).first()
    if group is None:
        raise Http404
    if not can_edit_group(user, group):
        raise PermissionDenied
    return group


def groups_of_manager(user: User) -> QuerySet[Group]:
    """Groups the user manages, with their latest status notes, for the 'my groups' page."""
    return (
        Group.objects.managed_by(user)
        .prefetch_related(Prefetch("status_changes", queryset=GroupStatusChange.objects.order_by("-changed_at", "-id")))
        .order_by("kana_sort", "id")
    )


# Figures for the plan indicators


def registered_groups_on(day: dt.date) -> int:
    """Groups on the register on a given day."""
    return Group.objects.registered_on(day).count()


def intermediate_support_on(day: dt.date) -> int:
    """Intermediate support organisations (中間支援組織) on the register on a given day."""
    return Group.objects.registered_on(day).filter(is_intermediate_support=True).count()


def new_registrations(fiscal_year: int) -> int:
    """Groups first registered (status change to registered from an application) within a fiscal year."""
    start, end = fiscal_year_range(fiscal_year)
    return (
        GroupStatusChange.objects.filter(
            to_status=GroupStatus.REGISTERED,
            from_status__in=[GroupStatus.SUBMITTED, GroupStatus.RESUBMITTED],
            changed_at__gte=start,
            changed_at__lt=end,
        )
        .values("group")
        .distinct()
        .count()
    )
