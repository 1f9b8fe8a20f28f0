"""Who may do what with the center's tables, beyond the role table (civic_portal/accounts/roles.py)."""

from civic_portal.accounts.types import Visitor


def can_preview_news(user: Visitor) -> bool:
    """Back-office accounts that may view news in the admin also see drafts and expired entries on the site."""
    return user.is_authenticated and user.has_perm("center.view_newsentry")
