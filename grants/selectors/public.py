"""Reads for public pages: calls, other funders, published results."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from groups.models import Group

from ..models import AWARD_STATUSES, Application, OtherFunderGrant, RequiredDocument, Reviewer, Round, RoundDocument

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


def round_lists(now: dt.datetime | None = None) -> dict[str, list[Round]]:
    """Open, upcoming and closed calls (closed: newest first), one query."""
    now = now or timezone.now()
    rounds = list(Round.objects.select_related("programme").order_by("closes_at", "id"))
    open_ = [r for r in rounds if r.opens_at <= now < r.closes_at]
    upcoming = [r for r in rounds if now < r.opens_at]
    closed = sorted((r for r in rounds if r.closes_at <= now), key=lambda r: r.closes_at, reverse=True)
    return {"open": open_, "upcoming": upcoming, "closed": closed}


def round_detail(pk: int) -> Round:
    """A call with its programme, criteria, documents and fields; every round is public."""
    return get_object_or_404(
        Round.objects.select_related("programme").prefetch_related(
            "criteria", "documents", "fields", "required_documents"
        ),
        pk=pk,
    )


def funder_list(*, kind: str = "", field_id: int | None = None, open_only: bool = False) -> QuerySet[OtherFunderGrant]:
    """Published other funders' grants, filtered by funder kind, activity field and open deadline."""
    qs = OtherFunderGrant.objects.published().prefetch_related("fields")
    if kind:
        qs = qs.filter(funder_kind=kind)
    if field_id:
        qs = qs.filter(fields__id=field_id)
    if open_only:
        qs = qs.still_open()
    return qs.order_by("deadline", "id").distinct()


def matching_for_manager(user: User, now: dt.datetime | None = None) -> list[dict]:
    """For each group the user manages: open/upcoming calls and other funders' open grants matching its fields."""
    now = now or timezone.now()
    groups = list(Group.objects.managed_by(user).public().prefetch_related("activity_fields"))
    rounds = list(Round.objects.filter(closes_at__gt=now).select_related("programme").prefetch_related("fields"))
    funders = list(OtherFunderGrant.objects.published().still_open().prefetch_related("fields"))
    result = []
    for group in groups:
        field_ids = {f.pk for f in group.activity_fields.all()}
        result.append(
            {
                "group": group,
                "rounds": [r for r in rounds if not r.fields.all() or field_ids & {f.pk for f in r.fields.all()}],
                "funders": [f for f in funders if field_ids & {x.pk for x in f.fields.all()}],
            }
        )
    return result


def published_results() -> list[Round]:
    """Published rounds with their awards (group, title, amount) and committee (role; name only with consent)."""
    awards = Application.objects.filter(status__in=AWARD_STATUSES).select_related("group").order_by("rank", "id")
    reviewers = Reviewer.objects.select_related("user").order_by("role", "id")
    return list(
        Round.objects.filter(results_published=True)
        .select_related("programme")
        .prefetch_related(Prefetch("applications", queryset=awards, to_attr="awards"))
        .prefetch_related(Prefetch("reviewers", queryset=reviewers, to_attr="committee"))
        .order_by("-fiscal_year", "-results_published_at", "id")
    )


def published_awards() -> QuerySet[Application]:
    """Awards of published rounds, for open data."""
    return (
        Application.objects.filter(status__in=AWARD_STATUSES, round__results_published=True)
        .select_related("round__programme", "group")
        .prefetch_related("group__activity_fields")
        .order_by("round__fiscal_year", "round_id", "id")
    )


def round_document(round_pk: int, pk: int) -> RoundDocument:
    """A call's downloadable document; call documents are public."""
    return get_object_or_404(RoundDocument, pk=pk, round_id=round_pk)


def required_document_template(round_pk: int, pk: int) -> RequiredDocument:
    """The template of a round's listed document; public like the call (404 when there is no template)."""
    document = get_object_or_404(RequiredDocument, pk=pk, round_id=round_pk)
    if not document.template:
        raise Http404
    return document
