"""Inside Django, on one generated database: each page's query count (test client), and for the timed run the
signed-in sessions and free slots for the booking POSTs. Run by scripts/bench.py; writes JSON to --out.

    CIVIC_BENCH_DB=civic_scale DJANGO_SETTINGS_MODULE=civic_portal.settings.bench \
        python scripts/bench_probe.py --out var/bench/probe.json [--sessions] [--posts 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import django  # noqa: E402

django.setup()

import bench_pages  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import StreamingHttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from civic_portal.accounts.models import User  # noqa: E402
from facilities.services.bookings import booking_problems  # noqa: E402
from groups.models import Group  # noqa: E402

# One-hour bookings an hour apart: room for any cleaning buffer between two of them.
HOURS = [(9, 10), (11, 12), (13, 14), (15, 16), (17, 18), (19, 20)]
WARM_SECONDS = 2.0  # a page faster than this is asked twice and its second count kept (caches warmed)


def clients() -> dict[str, Client]:
    # A page that fails answers 500 here as it would to a browser, instead of stopping the count.
    out = {"": Client(raise_request_exception=False)}
    for role, email in bench_pages.ROLES.items():
        out[role] = Client(raise_request_exception=False)
        out[role].force_login(User.objects.get(email=email))  # back-office accounts have TOTP set up
    return out


def free_slots(count: int) -> list[dict]:
    """`count` booking form payloads for the manager's group at a community centre, each free and bookable now."""
    manager = User.objects.get(email=bench_pages.ROLES["manager"])
    group = Group.objects.managed_by(manager).public().order_by("id").first()
    if group is None:
        raise LookupError(f"{manager.email} manages no public group to book for")
    facility = bench_pages.bookable_community_centre()
    spaces = list(facility.spaces.filter(is_active=True).order_by("id"))
    tz, today = timezone.get_current_timezone(), timezone.localdate()
    out = []
    for days in range(2, facility.advance_days_registered):
        day = today + dt.timedelta(days=days)
        for space in spaces:
            for start, end in HOURS:
                starts_at = dt.datetime.combine(day, dt.time(start), tzinfo=tz)
                ends_at = dt.datetime.combine(day, dt.time(end), tzinfo=tz)
                if not booking_problems(space=space, starts_at=starts_at, ends_at=ends_at, group=group):
                    out.append(
                        {
                            "space": str(space.pk),
                            "group": str(group.pk),
                            "date": day.isoformat(),
                            "start": f"{start:02d}:00",
                            "end": f"{end:02d}:00",
                            "purpose": "ベンチマークの打合せ",
                            "expected_attendees": "4",
                            "step": "confirm",
                        }
                    )
                    if len(out) == count:
                        return out
    return out


def count(client: Client, page: bench_pages.Page, payload: dict | None) -> dict:
    """Queries, status and size of one request; a POST runs in a transaction that is rolled back."""
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        if page.method == "POST":
            with transaction.atomic():
                response = client.post(page.path, payload)
                transaction.set_rollback(True)
        else:
            response = client.get(page.path)
        seconds = time.monotonic() - started
    body = b"".join(response.streaming_content) if isinstance(response, StreamingHttpResponse) else response.content
    return {"queries": len(queries), "status": response.status_code, "bytes": len(body), "seconds": seconds}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--sessions", action="store_true", help="also sign the roles in for the timed run")
    parser.add_argument("--posts", type=int, default=0, help="free slots to book in the timed run")
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    args = parser.parse_args()
    pages = [p for p in bench_pages.pages() if args.only in p.name or p.name == bench_pages.BOOKING_POST]
    slots = free_slots(args.posts + 1)
    by_role = clients()
    results = {}
    for page in pages:
        first = count(by_role[page.role], page, slots[0] if slots else None)
        if page.method == "GET" and first["seconds"] < WARM_SECONDS:
            first = count(by_role[page.role], page, None)
        results[page.name] = first
        print(f"  {page.name:<40} {first['queries']:>4} queries  {first['status']}", file=sys.stderr, flush=True)
    out = {"pages": [p.as_dict() for p in pages], "counts": results}
    if args.sessions:
        out["sessions"] = {role: c.cookies[settings.SESSION_COOKIE_NAME].value for role, c in by_role.items() if role}
        out["session_cookie"] = settings.SESSION_COOKIE_NAME
        out["posts"] = slots[1:]  # the first one was only tried (and rolled back) above
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
