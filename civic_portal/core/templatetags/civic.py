"""Template filters available in every template (registered as a builtin in settings)."""

from django import template

from civic_portal.core import fiscal

register = template.Library()


@register.filter
def fiscal_year(value):
    """{{ some_date|fiscal_year }} -> 2025"""
    return fiscal.fiscal_year(value) if value else ""


@register.filter
def fy_label(value):
    """{{ 2025|fy_label }} -> 令和7年度（2025年度） / FY2025; also accepts a date."""
    if value in (None, ""):
        return ""
    year = value if isinstance(value, int) else fiscal.fiscal_year(value)
    return fiscal.fiscal_year_label(year)


@register.filter
def wareki(value):
    """{{ some_date|wareki }} -> 令和7年4月1日"""
    return fiscal.wareki(value) if value else ""
