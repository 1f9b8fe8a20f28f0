"""Figures for the plan indicators (used by the indicators app)."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from ..models import Application, Category


def grant_applications(fiscal_year: int, category: str | None = None) -> int:
    """Applications lodged (submitted at least once) to rounds of a fiscal year, optionally of one category."""
    qs = Application.objects.lodged().filter(round__fiscal_year=fiscal_year)
    if category:
        qs = qs.filter(round__category=category)
    return qs.count()


def grant_awards(fiscal_year: int, category: str | None = None) -> dict:
    """Awards of a fiscal year's rounds: {"count": n, "amount": yen} (final amount where confirmed, else award)."""
    qs = Application.objects.awarded().filter(round__fiscal_year=fiscal_year)
    if category:
        qs = qs.filter(round__category=category)
    totals = qs.aggregate(count=Count("id"), amount=Sum(Coalesce("final_amount", "awarded_amount")))
    return {"count": totals["count"], "amount": totals["amount"] or 0}


def collaborative_projects(fiscal_year: int) -> int:
    """Collaborative projects with the city (協働事業) awarded in a fiscal year."""
    return grant_awards(fiscal_year, Category.COLLABORATIVE)["count"]


def grant_awards_by_category(fiscal_year: int) -> dict[str, dict]:
    """Awards per category of a fiscal year in one query."""
    rows = (
        Application.objects.awarded()
        .filter(round__fiscal_year=fiscal_year)
        .values("round__category")
        .annotate(count=Count("id"), amount=Sum(Coalesce("final_amount", "awarded_amount")))
    )
    return {r["round__category"]: {"count": r["count"], "amount": r["amount"] or 0} for r in rows}
