"""Selectors of the groups app; indicators import the figures from here."""

from .register import intermediate_support_on, new_registrations, registered_groups_on

__all__ = ["intermediate_support_on", "new_registrations", "registered_groups_on"]
