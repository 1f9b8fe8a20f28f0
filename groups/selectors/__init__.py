"""Selectors of the groups app; indicators import the figures from here."""

from .activity import activity_hours_in_fiscal_year, activity_records_in_fiscal_year
from .register import intermediate_support_on, new_registrations, registered_groups_on
from .volunteers import matches_in_fiscal_year, volunteer_registrations

__all__ = [
    "activity_hours_in_fiscal_year",
    "activity_records_in_fiscal_year",
    "intermediate_support_on",
    "matches_in_fiscal_year",
    "new_registrations",
    "registered_groups_on",
    "volunteer_registrations",
]
