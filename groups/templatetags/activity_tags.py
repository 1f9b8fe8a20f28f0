"""Template filters of activity records."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours without trailing zeros: 2.50 → 2.5, 3.00 → 3, 1.25 stays."""
    if value in (None, ""):
        return ""
    try:
        return f"{Decimal(value).normalize():f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
