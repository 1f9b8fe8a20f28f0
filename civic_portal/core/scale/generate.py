"""The whole data set in one transaction, area by area; the marker row is written last."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from civic_portal.core import audit

from . import accounts, bookings, facilities, grants, groups, guard, indicators, volunteers
from .sizes import Sizes

logger = logging.getLogger(__name__)


def generate(sizes: Sizes, *, seed: int = 1, force: bool = False, say: Callable[[str], None] = logger.info) -> float:
    """Check the database (guard.check), generate everything, ANALYZE; returns the seconds it took."""
    started = time.monotonic()
    guard.check(force=force)
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate(now)

    def rng(area: str) -> random.Random:
        # One stream per area, so changing one area leaves the others' data alike. Data, not secrets.
        return random.Random(f"{seed}:{area}")  # noqa: S311

    def step(label: str, began: float) -> float:
        say(f"  {label:<12} {time.monotonic() - began:5.1f} s")
        return time.monotonic()

    with transaction.atomic(), audit.context("generate_scale"):
        with connection.cursor() as cursor:
            # Foreign keys checked at the end of each COPY rather than at commit: the same checks, but no queue of
            # millions of deferred ones (which every audit trigger's exception block would otherwise rescan).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        t = time.monotonic()
        register_size = sizes.groups + round(sizes.groups * groups.OTHER_SHARE)
        people = accounts.generate(rng=rng("accounts"), managers=register_size, volunteers=sizes.volunteers, now=now)
        t = step("accounts", t)
        register = groups.generate(rng=rng("groups"), registered=sizes.groups, people=people, today=today, now=now)
        t = step("groups", t)
        volunteers.generate(rng=rng("volunteers"), needs=sizes.needs, register=register, people=people, now=now)
        t = step("volunteers", t)
        catalogue = facilities.generate(
            rng=rng("facilities"),
            count=sizes.facilities,
            spaces=sizes.spaces,
            areas=register.areas,
            today=today,
            years=sizes.booking_years,
        )
        t = step("facilities", t)
        made = bookings.generate(
            rng=rng("bookings"),
            count=sizes.bookings,
            years=sizes.booking_years,
            catalogue=catalogue,
            register=register,
            people=people,
            now=now,
        )
        t = step(f"bookings ({made})", t)
        grants.generate(
            rng=rng("grants"), count=sizes.applications, rounds=sizes.rounds, register=register, people=people, now=now
        )
        t = step("grants", t)
        indicators.generate(
            rng=rng("indicators"),
            plans=sizes.plans,
            items=sizes.items,
            years=sizes.plan_years,
            indicators=sizes.indicators,
            people=people,
            now=now,
        )
        t = step("indicators", t)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        step("analyze", t)
        seconds = time.monotonic() - started
        guard.record(sizes=sizes.as_dict(), seed=seed, seconds=seconds)
    return seconds
