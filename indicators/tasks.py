"""Scheduled tasks of indicators (civic_portal.core.jobs)."""

from django.tasks import task

from .services import fiscal_year_close


@task
def close_fiscal_year(fiscal_year: int) -> dict[str, int]:
    """Freeze the computed indicators of the fiscal year just ended; values already final (a second run, a close
    by hand) stay as they are."""
    frozen = fiscal_year_close(fiscal_year=fiscal_year, keep_final=True)
    return {"fiscal_year": fiscal_year, "frozen": len(frozen)}
