"""Demo content for local use. Each app may add a ``demo.py`` with ``load()``; they run in dependency order."""

from importlib import import_module
from importlib.util import find_spec

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from civic_portal.accounts import roles

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo accounts, refused under production settings
DEMO_ACCOUNTS = [
    # email, name, staff, superuser, roles
    ("admin@example.jp", "管理 太郎", True, True, []),
    ("staff@example.jp", "センター 花子", True, False, [roles.CENTER_STAFF]),
    ("official@example.jp", "市役所 一郎", True, False, [roles.CITY_OFFICIALS]),
    ("reviewer@example.jp", "審査 次郎", False, False, [roles.GRANT_REVIEWERS]),
    ("citizen@example.jp", "市民 さくら", False, False, []),
]
APP_ORDER = ["groups", "facilities", "grants", "indicators", "civic_portal.center"]


def demo_users() -> dict:
    """Create (or refresh) the demo accounts with verified emails; returns them by email."""
    User = get_user_model()
    users = {}
    for email, name, staff, superuser, role_names in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "is_staff": staff, "is_superuser": superuser}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(*Role.objects.filter(name__in=role_names))
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        users[email] = user
    return users


def load_demo() -> list[str]:
    """Load all demo content idempotently; refuses when DEMO_DATA_ALLOWED is off (production)."""
    if not getattr(settings, "DEMO_DATA_ALLOWED", False):
        raise ImproperlyConfigured("Demo data is never loaded under production settings.")
    done = ["accounts"]
    with transaction.atomic():
        users = demo_users()
        for app in APP_ORDER:
            if find_spec(f"{app}.demo") is not None:
                import_module(f"{app}.demo").load(users=users)
                done.append(app)
    return done
