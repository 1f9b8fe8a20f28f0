"""Site-wide roles, kept as Django groups (created by a data migration). Per-object roles live in each app."""

from django.utils.translation import gettext_lazy as _

CENTER_STAFF = "center_staff"
CITY_OFFICIALS = "city_officials"
GRANT_REVIEWERS = "grant_reviewers"

ROLE_LABELS = {
    CENTER_STAFF: _("センター職員"),
    CITY_OFFICIALS: _("市職員"),
    GRANT_REVIEWERS: _("助成審査委員"),
}


def has_role(user, role: str) -> bool:
    """True for an active user in the role's group (superusers hold every role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Group names are cached per user object so templates can ask repeatedly without new queries.
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return role in names


def is_center_staff(user) -> bool:
    """Center staff run the back office."""
    return has_role(user, CENTER_STAFF)
