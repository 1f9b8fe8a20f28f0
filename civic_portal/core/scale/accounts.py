"""Accounts: group managers, volunteers, reviewers, center staff and city officials, with their roles.

Nobody gets a usable password (set one with `manage.py changepassword` to look around); the benchmark signs its
accounts in by writing their sessions. Back-office accounts have TOTP set up, as production requires.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group as Role

from civic_portal.accounts import roles
from civic_portal.accounts.models import User

from . import names
from .bulk import copy_links, copy_rows, reserve_ids
from .guard import EMAIL_DOMAIN

# The accounts the benchmark signs in as (and a person exploring the data would look for).
MANAGER_EMAIL = f"manager@{EMAIL_DOMAIN}"
REVIEWER_EMAIL = f"reviewer@{EMAIL_DOMAIN}"
OFFICIAL_EMAIL = f"official@{EMAIL_DOMAIN}"
STAFF_EMAIL = f"staff@{EMAIL_DOMAIN}"
STAFF_COUNT, OFFICIAL_COUNT, REVIEWER_POOL = 5, 5, 12


@dataclass
class People:
    managers: list[int] = field(default_factory=list)  # one per group, in group order
    volunteers: list[int] = field(default_factory=list)
    reviewers: list[int] = field(default_factory=list)  # the reviewer role; the first is REVIEWER_EMAIL
    staff: list[int] = field(default_factory=list)  # center staff; the first is STAFF_EMAIL
    officials: list[int] = field(default_factory=list)  # city officials; the first is OFFICIAL_EMAIL
    names: dict[int, str] = field(default_factory=dict)


def _email(kind: str, n: int) -> str:
    return f"{kind}-{n:05d}@{EMAIL_DOMAIN}"


def generate(*, rng: random.Random, managers: int, volunteers: int, now: dt.datetime) -> People:
    """All accounts with verified addresses; roles as the migrations define them."""
    people = People()
    plan = [
        ("manager", managers, people.managers),
        ("volunteer", volunteers, people.volunteers),
        ("reviewer", REVIEWER_POOL, people.reviewers),
        ("staff", STAFF_COUNT, people.staff),
        ("official", OFFICIAL_COUNT, people.officials),
    ]
    fixed = {
        ("manager", 1): MANAGER_EMAIL,
        ("reviewer", 1): REVIEWER_EMAIL,
        ("staff", 1): STAFF_EMAIL,
        ("official", 1): OFFICIAL_EMAIL,
    }
    ids = iter(reserve_ids(User, sum(count for _kind, count, _to in plan)))
    unusable = make_password(None)  # one unusable hash for all: nobody signs in with a password
    users, addresses = [], []
    for kind, count, into in plan:
        for n in range(1, count + 1):
            pk = next(ids)
            email = fixed.get((kind, n), _email(kind, n))
            full_name, _kana = names.person(rng)
            joined = now - dt.timedelta(days=rng.randint(30, 3650), minutes=rng.randint(0, 1440))
            users.append(
                {
                    "id": pk,
                    "email": email,
                    "full_name": full_name,
                    "password": unusable,
                    "is_staff": kind in ("staff", "official"),
                    "date_joined": joined,
                    "last_login": now - dt.timedelta(days=rng.randint(0, 60)),
                }
            )
            addresses.append({"user_id": pk, "email": email, "verified": True, "primary": True})
            into.append(pk)
            people.names[pk] = full_name
    copy_rows(User, users)
    copy_rows(EmailAddress, addresses)
    role_ids = dict(Role.objects.filter(name__in=list(roles.ROLE_LABELS)).values_list("name", "id"))
    links = [(pk, role_ids[roles.GRANT_REVIEWERS]) for pk in people.reviewers]
    links += [(pk, role_ids[roles.CENTER_STAFF]) for pk in people.staff]
    links += [(pk, role_ids[roles.CITY_OFFICIALS]) for pk in people.officials]
    copy_links(User.groups.through, links, "user_id", "group_id")
    secret = base64.b32encode(rng.randbytes(20)).decode()
    for user in User.objects.filter(pk__in=people.staff + people.officials):
        TOTP.activate(user, secret)
    return people
