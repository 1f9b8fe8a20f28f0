"""Annual report editions: publishing freezes a JSON snapshot that later edits cannot change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from .. import permissions
from ..models import Plan, ReportEdition
from ..pdf import edition_published

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


@transaction.atomic
def report_publish(*, plan: Plan, fiscal_year: int, user: User) -> ReportEdition:
    """Publish the next edition of a plan's annual report for a fiscal year (its PDF built after commit);
    PermissionDenied unless center staff."""
    from ..selectors.reports import report_data

    if not permissions.can_review(user):
        raise PermissionDenied
    Plan.objects.select_for_update().get(pk=plan.pk)  # serialise edition numbers per plan
    last = ReportEdition.objects.filter(plan=plan, fiscal_year=fiscal_year).aggregate(n=Max("edition"))["n"] or 0
    snapshot = report_data(plan=plan, fiscal_year=fiscal_year, internal=False)
    edition = ReportEdition.objects.create(
        plan=plan, fiscal_year=fiscal_year, edition=last + 1, snapshot=snapshot, published_by=user
    )
    edition_published(edition)  # its PDF is built once this commits
    return edition
