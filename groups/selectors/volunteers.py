"""Reads for volunteers, needs and matching: public lists, ranked matches, permission-checked fetches, figures."""

from __future__ import annotations

import operator
from functools import reduce
from typing import TYPE_CHECKING

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from civic_portal.accounts.roles import is_center_staff
from civic_portal.core.fiscal import fiscal_year_range
from civic_portal.core.models import Area

from ..models import PUBLIC_STATUSES, ActivityField
from ..models.invitations import VolunteerInvitation
from ..models.volunteers import (
    ACTIVE_APPLICATION_STATUSES,
    AVAILABILITY_TIMES,
    ApplicationStatus,
    NeedStatus,
    VolunteerApplication,
    VolunteerNeed,
    VolunteerProfile,
    listed_need,
)
from ..permissions import can_act_for_group
from ..services.volunteers import can_manage_need

if TYPE_CHECKING:
    from civic_portal.accounts.models import User
    from civic_portal.accounts.types import Visitor

    from ..models import Group

# The matching score, shown to users as is: points per shared skill, for the field, the area, per shared slot.
WEIGHT_SKILL = 3
WEIGHT_FIELD = 2
WEIGHT_AREA = 2
WEIGHT_SLOT = 1
MATCH_LIMIT = 50


def _overlap(field: str, values: list[str]):
    """How many of `values` (distinct) the array column holds: a sum of containment tests, which PostgreSQL checks
    in the row itself (an INTERSECT of unnested arrays ran a subquery per row, for the filter and the sort)."""
    terms = [_flag(Q(**{f"{field}__contains": [value]})) for value in sorted(set(values))]
    return reduce(operator.add, terms) if terms else Value(0, output_field=IntegerField())


def _flag(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _profile_tag_names() -> dict[str, ArraySubquery]:
    """A profile's fields' and districts' names in the models' orders (interest_names, area_names): subqueries
    PostgreSQL runs for a page's rows only, instead of two prefetch queries and a model object per name."""
    interests = ActivityField.objects.filter(volunteers=OuterRef("pk")).order_by("version", "code").values("name")
    areas = Area.objects.filter(volunteers=OuterRef("pk")).order_by("sort_order", "name_kana").values("name")
    return {"interest_names": ArraySubquery(interests), "area_names": ArraySubquery(areas)}


def _with_score(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        score=F("skill_matches") * WEIGHT_SKILL
        + F("field_match") * WEIGHT_FIELD
        + F("area_match") * WEIGHT_AREA
        + F("slot_matches") * WEIGHT_SLOT
    )


def need_list_public(*, field: int | None = None, area: int | None = None, day: str | None = None) -> QuerySet:
    """Open needs of groups on the register, newest first, filtered by activity field, area and weekday."""
    needs = VolunteerNeed.objects.filter(listed_need(timezone.localdate()), group__status__in=PUBLIC_STATUSES)
    if field:
        needs = needs.filter(activity_field_id=field)
    if area:
        needs = needs.filter(area_id=area)
    if day:
        needs = needs.filter(slots__overlap=[f"{day}-{time}" for time, _label in AVAILABILITY_TIMES])
    return needs.select_related("group", "activity_field", "area").order_by("-created_at", "-id")


def need_cards(*, field: int | None = None, area: int | None = None, day: str | None = None) -> QuerySet:
    """need_list_public with only what the list's cards show (a group's row is long)."""
    return need_list_public(field=field, area=area, day=day).only(
        "title", "place", "dates", "flexible", "people_needed", "created_at", "end_date", "review_date",
        "group__name", "activity_field__name", "area__name",
    )  # fmt: skip


def needs_open_for_group(group: Group) -> QuerySet[VolunteerNeed]:
    """A registered group's open needs, for its public page (none for groups off the register)."""
    if not group.is_public:
        return VolunteerNeed.objects.none()
    return VolunteerNeed.objects.filter(listed_need(timezone.localdate()), group=group).order_by("-created_at", "-id")


def need_get_visible(*, user: Visitor, pk: int) -> VolunteerNeed:
    """A need whose group is on the register (any status); otherwise only its managers and staff see it (404)."""
    need = get_object_or_404(VolunteerNeed.objects.select_related("group", "activity_field", "area"), pk=pk)
    if not need.group.is_public and not (is_center_staff(user) or can_manage_need(user, need)):
        raise Http404
    return need


def need_get_for_manager(*, user: User, pk: int) -> VolunteerNeed:
    """A need its group's manager may edit and decide on (404 unknown, 403 not a manager of a registered group)."""
    need = get_object_or_404(VolunteerNeed.objects.select_related("group", "activity_field", "area"), pk=pk)
    if not can_manage_need(user, need):
        raise PermissionDenied
    return need


def application_get_for_manager(*, user: User, pk: int) -> VolunteerApplication:
    """An application the manager of the need's group may decide on (404 unknown, 403 otherwise)."""
    application = get_object_or_404(
        VolunteerApplication.objects.select_related("need__group", "volunteer__user"), pk=pk
    )
    if not can_manage_need(user, application.need):
        raise PermissionDenied
    return application


def application_get_for_volunteer(*, user: User, pk: int) -> VolunteerApplication:
    """The user's own application (404 for anyone else's)."""
    return get_object_or_404(
        VolunteerApplication.objects.select_related("need__group", "volunteer"), pk=pk, volunteer__user=user
    )


def volunteer_profile_of(user: Visitor) -> VolunteerProfile | None:
    """The user's volunteer profile (withdrawn or not), or None."""
    if not user.is_authenticated:
        return None
    return VolunteerProfile.objects.filter(user=user).first()


def has_active_application(need: VolunteerNeed, profile: VolunteerProfile | None) -> bool:
    """True if the volunteer has a pending or accepted application to the need."""
    if profile is None:
        return False
    return need.applications.filter(volunteer=profile, status__in=ACTIVE_APPLICATION_STATUSES).exists()


def volunteer_candidates_for_need(need: VolunteerNeed, *, limit: int = MATCH_LIMIT) -> list[VolunteerProfile]:
    """Volunteers ranked for a need by score (skills, field, area, slots), only opted-in and not withdrawn ones with
    a score above zero, each with the names of its fields and districts (interest_names, area_names); one query
    whatever the number of volunteers."""
    profiles = VolunteerProfile.objects.filter(withdrawn_at__isnull=True, matching_opt_in=True)
    through_fields = VolunteerProfile.fields_of_interest.through.objects
    through_areas = VolunteerProfile.areas.through.objects
    field_match = (
        _flag(
            Exists(through_fields.filter(volunteerprofile_id=OuterRef("pk"), activityfield_id=need.activity_field_id))
        )
        if need.activity_field_id
        else Value(0, output_field=IntegerField())
    )
    area_match = (
        _flag(Exists(through_areas.filter(volunteerprofile_id=OuterRef("pk"), area_id=need.area_id)))
        if need.area_id
        else Value(0, output_field=IntegerField())
    )
    profiles = profiles.annotate(
        skill_matches=_overlap("skills", need.skills_wanted),
        field_match=field_match,
        area_match=area_match,
        slot_matches=_overlap("availability", need.slots),
        applied=Exists(
            VolunteerApplication.objects.filter(
                need=need, volunteer=OuterRef("pk"), status__in=ACTIVE_APPLICATION_STATUSES
            )
        ),
        invited=Exists(VolunteerInvitation.objects.filter(need=need, volunteer=OuterRef("pk"))),
    )
    return list(
        _with_score(profiles)
        .filter(score__gt=0)
        .annotate(**_profile_tag_names())
        .order_by("-score", "-skill_matches", "id")[:limit]
    )


def needs_for_volunteer(profile: VolunteerProfile | None, *, limit: int = MATCH_LIMIT) -> list[VolunteerNeed]:
    """Open needs ranked for a volunteer by the same score; none unless the volunteer opted in and is active."""
    if profile is None or profile.is_withdrawn or not profile.matching_opt_in:
        return []
    field_ids = list(profile.fields_of_interest.values_list("pk", flat=True))
    area_ids = list(profile.areas.values_list("pk", flat=True))
    zero = Value(0, output_field=IntegerField())
    needs = need_list_public().annotate(
        skill_matches=_overlap("skills_wanted", profile.skills),
        field_match=_flag(Q(activity_field_id__in=field_ids)) if field_ids else zero,
        area_match=_flag(Q(area_id__in=area_ids)) if area_ids else zero,
        slot_matches=_overlap("slots", profile.availability),
        applied=Exists(
            VolunteerApplication.objects.filter(
                need=OuterRef("pk"), volunteer=profile, status__in=ACTIVE_APPLICATION_STATUSES
            )
        ),
    )
    return list(_with_score(needs).filter(score__gt=0).order_by("-score", "-created_at", "-id")[:limit])


def applications_for_need(need: VolunteerNeed) -> QuerySet:
    """A need's applications with the applicants (contact details are shown only for applicants)."""
    return need.applications.select_related("volunteer__user").order_by("status", "-created_at")


def applications_of_user(user: User) -> QuerySet:
    """The user's own applications, newest first."""
    return (
        VolunteerApplication.objects.filter(volunteer__user=user)
        .select_related("need__group")
        .order_by("-created_at", "-id")
    )


def needs_managed_by(user: User) -> QuerySet:
    """Needs of the groups the user manages, with application counts."""
    from ..models import Group

    return (
        VolunteerNeed.objects.filter(group__in=Group.objects.managed_by(user))
        .select_related("group")
        .annotate(
            pending_count=Count("applications", filter=Q(applications__status=ApplicationStatus.APPLIED)),
            accepted_count=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)),
        )
        .order_by("-created_at", "-id")
    )


def talent_bank_list() -> QuerySet:
    """The public talent bank: only active volunteers who chose to be listed; no contact details are selected."""
    return (
        VolunteerProfile.objects.filter(withdrawn_at__isnull=True, talent_bank_listed=True)
        .only("id", "display_name", "skills", "qualifications", "talent_topics", "updated_at")
        .annotate(**_profile_tag_names())
        .order_by("-updated_at", "-id")
    )


def talent_get_public(*, pk: int) -> VolunteerProfile:
    """A talent-bank entry: listed and not withdrawn, else 404."""
    return get_object_or_404(talent_bank_list(), pk=pk)


def group_get_for_posting(*, user: User, pk: int) -> Group:
    """A group the user may post needs for (404 unknown, 403 not a manager of a registered group)."""
    from ..models import Group

    group = get_object_or_404(Group, pk=pk)
    if not can_act_for_group(user, group):
        raise PermissionDenied
    return group


def _applications_count(status: str) -> Coalesce:
    """A need's applications in one status, counted in a subquery: PostgreSQL counts them only for the rows of the
    page (a join with GROUP BY counted every open need's, joined to the whole register, before the page was cut)."""
    rows = VolunteerApplication.objects.filter(need=OuterRef("pk"), status=status).order_by().values("need")
    return Coalesce(Subquery(rows.annotate(n=Count("id")).values("n")), 0)


def coordinator_open_needs() -> QuerySet:
    """All open needs (any group) with their application counts, for center staff (the columns its table shows)."""
    return (
        VolunteerNeed.objects.filter(status=NeedStatus.OPEN)
        .select_related("group", "activity_field", "area")
        .only("title", "people_needed", "created_at", "group__name", "activity_field__name", "area__name")
        .annotate(
            pending_count=_applications_count(ApplicationStatus.APPLIED),
            accepted_count=_applications_count(ApplicationStatus.ACCEPTED),
        )
        .order_by("-created_at", "-id")
    )


def matches_list(fiscal_year: int) -> QuerySet:
    """Accepted applications (matches) of a fiscal year, newest first, for center staff (the columns shown)."""
    start, end = fiscal_year_range(fiscal_year)
    return (
        VolunteerApplication.objects.filter(
            status=ApplicationStatus.ACCEPTED, accepted_at__gte=start, accepted_at__lt=end
        )
        .select_related("need__group", "volunteer")
        .only("accepted_at", "need__title", "need__group__name", "volunteer__display_name")
        .order_by("-accepted_at", "-id")
    )


def volunteer_registrations(fiscal_year: int) -> int:
    """Volunteer registrations (consent given) within a fiscal year, not counting withdrawn ones."""
    start, end = fiscal_year_range(fiscal_year)
    return VolunteerProfile.objects.filter(
        withdrawn_at__isnull=True, consent_given_at__gte=start, consent_given_at__lt=end
    ).count()


def matches_in_fiscal_year(fiscal_year: int) -> int:
    """Matches made in a fiscal year: applications whose acceptance (accepted_at) falls within it."""
    start, end = fiscal_year_range(fiscal_year)
    return VolunteerApplication.objects.filter(accepted_at__gte=start, accepted_at__lt=end).count()
