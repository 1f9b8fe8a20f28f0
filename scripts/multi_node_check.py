"""Two application servers on one database, one cache and one storage, plus a worker, checked over real HTTP.

`make multi-node-check` runs it. It creates its own database (`civic_multinode`) on the project's PostgreSQL, or
on DATABASE_URL's server, migrates it, collects the static files, and starts with the production settings
(DEBUG off, DatabaseCache, local storage in a temporary folder, SMTP to a sink of its own on 127.0.0.1):

- two gunicorn servers (two workers each) on free ports of 127.0.0.1,
- one `manage.py db_worker` (django-tasks-db), which delivers the queued mail to the sink.

Every request carries what a TLS-terminating load balancer in front of the servers adds (the public Host,
X-Forwarded-Proto: https), so the production settings run unchanged. Checks, all on correctness, none on time:

1. 50 visitors, split across both servers, race for the same 10 booking slots: exactly 10 bookings, 40 refusals,
   no 5xx answer.
2. Failed sign-ins alternate between the servers and count against one limit (allauth's, kept in the cache).
3. A session started on one server works on the other, and signing out on one ends it on both.
4. Evidence uploaded through one server is downloaded through the other, byte for byte, and by nobody else.
5. The worker sends every queued mail once (the bookings' confirmations reach the SMTP sink).

Prints a table; exits 1 when a check fails, 2 when the set-up fails. It always stops what it started and drops its
database. Options: --db-name NAME.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import io
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PUBLIC_HOST = "portal.example.jp"
ORIGIN = f"https://{PUBLIC_HOST}"
TOKYO = ZoneInfo("Asia/Tokyo")
PASSWORD = "multi-node-check-9-horse"  # noqa: S105 (accounts of a database dropped at the end)
CLIENTS, SLOTS = 50, 10
# allauth's "login_failed" limit in base.py: 5 failures per 5 minutes for one account ("5/5m/key").
FAILED_LOGINS_ALLOWED = 5
BAD_CREDENTIALS = "入力されたメールアドレスもしくはパスワードが正しくありません。"
TOO_MANY_FAILURES = "ログイン失敗が連続しています。"
TAKEN = "すでに予約が入っています"
READY_WAIT_SECONDS = 90  # how long a server or the worker may take to come up or finish, not a measure of speed


# --- processes -------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log: Path
    port: int = 0

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(errors="replace").strip().splitlines() if self.log.exists() else []
        return "\n".join(f"  {self.name}| {line}" for line in text[-lines:])


def start(name: str, args: list[str], env: dict, folder: Path, port: int = 0) -> Child:
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Child(name, process, log, port)


def stop(children: list[Child]) -> None:
    for child in children:
        if child.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.process.pid, signal.SIGTERM)
    for child in children:
        try:
            child.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.process.pid, signal.SIGKILL)
            child.process.wait()


class SMTPSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend: accepts every message and keeps it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[bytes] = []


class _SMTPHandler(socketserver.StreamRequestHandler):
    server: SMTPSink

    def handle(self):
        self.wfile.write(b"220 multi-node-check sink\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 end with <CRLF>.<CRLF>\r\n")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data)
                self.server.messages.append(b"".join(lines))
                self.wfile.write(b"250 kept\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # EHLO/HELO, MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


# --- HTTP ------------------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Browser:
    """One visitor with its own cookies, sent to whichever server it is pointed at, as a load balancer would."""

    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def get(self, port: int, path: str) -> Response:
        response = self._send(port, "GET", path)
        if match := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text):
            self.csrf = match.group(1)
        return response

    def post(self, port: int, path: str, fields: dict, files: dict | None = None) -> Response:
        fields = {"csrfmiddlewaretoken": self.csrf, **fields}
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self._send(port, "POST", path, body, {"Content-Type": content_type, "Origin": ORIGIN})

    def _send(self, port: int, method: str, path: str, body: bytes | None = None, extra: dict | None = None):
        headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https", "Accept-Language": "ja", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(answer.status, answer.headers, data)


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def wait_ready(child: Child) -> None:
    deadline = time.monotonic() + READY_WAIT_SECONDS
    while time.monotonic() < deadline:
        if child.process.poll() is not None:
            raise SetupError(f"{child.name} exited with {child.process.returncode}\n{child.tail()}")
        with contextlib.suppress(OSError):
            if Browser().get(child.port, "/healthz").status == 200:
                return
        time.sleep(0.3)
    raise SetupError(f"{child.name} did not answer /healthz within {READY_WAIT_SECONDS} s\n{child.tail()}")


# --- set-up ----------------------------------------------------------------------------------------------------


class SetupError(Exception):
    """The check could not be set up (database, migrations, a server that does not start)."""


def database_urls(name: str) -> tuple[str, str]:
    """(maintenance URL, URL of our database) on DATABASE_URL's server, or on the project's own PostgreSQL."""
    from civic_portal.core import devdb

    base = os.environ.get("DATABASE_URL") or devdb.url()
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{name}"))


def create_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(maintenance_url: str, name: str) -> None:
    """Drop our database, ending this process's own connections first; a failure is said, not raised."""
    import psycopg
    from psycopg import sql

    if "django.db" in sys.modules:
        from django.db import connections

        with contextlib.suppress(Exception):  # Django may not have got as far as being set up
            connections.close_all()
    try:
        with psycopg.connect(maintenance_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        print(f"multi-node-check: could not drop database {name}: {exc}", file=sys.stderr)


def environment(database_url: str, folder: Path, smtp_port: int) -> dict:
    """Production settings for this machine: what a city's servers would set, pointed at local resources."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "civic_portal.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": PUBLIC_HOST,
            "DATABASE_URL": database_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "STORAGE_BACKEND": "local",
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_ROOT": str(folder / "private"),
            "STATIC_ROOT": str(folder / "static"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@dataclass
class Fixture:
    race_facility: int
    race_space: int
    upload_facility: int
    upload_space: int
    rule: int
    day: dt.date
    racers: list[str]  # session keys of the 50 visitors, signed in beforehand
    login_email: str
    session_email: str


def make_rows() -> Fixture:
    """Facilities, an applied-for exemption and users, made with the ORM as staff and sign-ups would."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from civic_portal.accounts.models import User
    from facilities.models import (
        ExemptionApplication,
        ExemptionQualifier,
        ExemptionRule,
        Facility,
        FacilityKind,
        OpeningHours,
        Space,
    )

    facilities = [
        Facility.objects.create(name=name, name_kana=kana, kind=FacilityKind.CENTER, address="山口県下関市竹崎町1-1")
        for name, kana in (("市民活動センター", "シミンカツドウセンター"), ("交流プラザ", "コウリュウプラザ"))
    ]
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(facility=f, weekday=d, opens=dt.time(9), closes=dt.time(21))
            for f in facilities
            for d in range(7)
        ]
    )
    race_space = Space.objects.create(facility=facilities[0], name="第1会議室", capacity=30)
    upload_space = Space.objects.create(facility=facilities[1], name="ホール", capacity=100)
    rule = ExemptionRule.objects.create(
        code="public-interest",
        name="公益の催し",
        qualifier=ExemptionQualifier.PUBLIC_INTEREST,
        application=ExemptionApplication.ON_APPLICATION,
        percentage=100,
        legal_basis="市民活動センター条例施行規則第8条第2号",
    )
    # One password hash for every account that signs in by password (hashing is deliberately slow).
    password, unusable = make_password(PASSWORD), make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"racer{i}@example.jp", full_name=f"利用者{i}", password=unusable) for i in range(CLIENTS)]
        + [
            User(email="login@example.jp", full_name="サインイン試験", password=password),
            User(email="session@example.jp", full_name="セッション試験", password=password),
        ]
    )
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    racers: list[str] = []
    for user in users[:CLIENTS]:
        # Signed in beforehand: 50 sign-ins from one address within a minute would meet allauth's "30/m/ip".
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        racers.append(str(session.session_key))
    return Fixture(
        race_facility=facilities[0].pk,
        race_space=race_space.pk,
        upload_facility=facilities[1].pk,
        upload_space=upload_space.pk,
        rule=rule.pk,
        day=timezone.localdate() + dt.timedelta(days=7),
        racers=racers,
        login_email="login@example.jp",
        session_email="session@example.jp",
    )


# --- checks ----------------------------------------------------------------------------------------------------


@dataclass
class Result:
    check: str
    ok: bool
    detail: str


def check_booking_race(fx: Fixture, ports: list[int]) -> Result:
    from facilities.models import Booking

    path = f"/facilities/{fx.race_facility}/book/"
    visitors = [Browser(cookies={"sessionid": key}) for key in fx.racers]
    # Visitor i wants slot i % 10; the five visitors of each slot are spread over both servers.
    plan = [(v, ports[(i // SLOTS) % 2], i % SLOTS) for i, v in enumerate(visitors)]
    barrier = threading.Barrier(CLIENTS, timeout=READY_WAIT_SECONDS)

    def race(visitor: Browser, port: int, slot: int) -> tuple[int, str]:
        form = visitor.get(port, path)
        if form.status != 200 or not visitor.csrf:
            barrier.abort()
            return form.status, "no booking form"
        start = 9 + slot
        barrier.wait()
        answer = visitor.post(
            port,
            path,
            {
                "space": fx.race_space,
                "date": fx.day.isoformat(),
                "start": f"{start:02d}:00",
                "end": f"{start + 1:02d}:00",
                "purpose": "定例会",
                "expected_attendees": 8,
                "step": "confirm",
            },
        )
        if answer.status == 302 and re.fullmatch(r"/facilities/bookings/\d+/", answer.headers.get("Location", "")):
            return answer.status, "booked"
        if answer.status == 200 and TAKEN in answer.text:
            return answer.status, "taken"
        return answer.status, "unexpected"

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        outcomes = list(pool.map(lambda p: race(*p), plan))
    booked = sum(1 for _, what in outcomes if what == "booked")
    taken = sum(1 for _, what in outcomes if what == "taken")
    errors = sum(1 for status, _ in outcomes if status >= 500)
    other = len(outcomes) - booked - taken
    rows = Booking.objects.filter(space_id=fx.race_space)
    slots = rows.values("starts_at").distinct().count()
    winners_on = [port for (_, port, _), (_, what) in zip(plan, outcomes, strict=True) if what == "booked"]
    ok = booked == SLOTS and taken == CLIENTS - SLOTS and errors == 0 and other == 0 and rows.count() == SLOTS
    ok = ok and slots == SLOTS
    on_a, on_b = winners_on.count(ports[0]), winners_on.count(ports[1])
    detail = (
        f"{CLIENTS} clients, {SLOTS} slots: {booked} booked (server A {on_a}, B {on_b}), "
        f"{taken} told taken, {errors} 5xx, {other} other; {rows.count()} bookings in {slots} slots in the database"
    )
    return Result("booking race", ok, detail)


def sign_in(browser: Browser, port: int, email: str, password: str) -> Response:
    browser.get(port, "/accounts/login/")
    return browser.post(port, "/accounts/login/", {"login": email, "password": password})


def check_login_limit(fx: Fixture, ports: list[int]) -> Result:
    answers = []
    for attempt in range(FAILED_LOGINS_ALLOWED):
        answer = sign_in(Browser(), ports[attempt % 2], fx.login_email, "wrong-password-0")
        answers.append("wrong" if answer.status == 200 and BAD_CREDENTIALS in answer.text else f"{answer.status}?")
    # The next attempt, with the right password, on the server that saw fewer of the failures.
    last = sign_in(Browser(), ports[FAILED_LOGINS_ALLOWED % 2], fx.login_email, PASSWORD)
    new_session = any("sessionid=" in h for h in last.headers.get_all("Set-Cookie") or [])
    refused = last.status == 200 and TOO_MANY_FAILURES in last.text and not new_session
    ok = answers == ["wrong"] * FAILED_LOGINS_ALLOWED and refused
    outcome = "refused (limit reached)" if refused else f"{last.status}, not refused"
    detail = (
        f"{FAILED_LOGINS_ALLOWED} wrong passwords alternating A/B: {', '.join(answers)}; "
        f"then the right one on {'AB'[FAILED_LOGINS_ALLOWED % 2]}: {outcome}"
    )
    return Result("login limit shared", ok, detail)


def check_session_and_upload(fx: Fixture, ports: list[int]) -> list[Result]:
    from pypdf import PdfWriter

    a, b = ports
    visitor = Browser()
    signed_in = sign_in(visitor, a, fx.session_email, PASSWORD)
    on_b = visitor.get(b, "/accounts/email/")
    session_ok = signed_in.status == 302 and on_b.status == 200 and fx.session_email in on_b.text
    results = [
        Result(
            "session on both",
            session_ok,
            f"signed in on A ({signed_in.status}), own email page on B: {on_b.status}"
            f"{', shows the address' if fx.session_email in on_b.text else ''}",
        )
    ]

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = buffer.getvalue()
    path = f"/facilities/{fx.upload_facility}/book/"
    visitor.get(a, path)
    fields = {
        "space": fx.upload_space,
        "date": fx.day.isoformat(),
        "start": "13:00",
        "end": "15:00",
        "purpose": "講演会",
        "expected_attendees": 40,
        "exemption_rule": fx.rule,
        "step": "confirm",
    }
    booked = visitor.post(a, path, fields, files={"evidence": ("チラシ.pdf", pdf, "application/pdf")})
    match = re.fullmatch(r"/facilities/bookings/(\d+)/", booked.headers.get("Location", ""))
    if not match:
        results.append(Result("upload A → download B", False, f"upload answered {booked.status}, no booking"))
    else:
        evidence = f"/facilities/bookings/{match.group(1)}/evidence/"
        download = visitor.get(b, evidence)
        stranger = Browser(cookies={"sessionid": fx.racers[0]}).get(b, evidence)
        same = download.status == 200 and download.body == pdf
        attachment = download.headers.get("Content-Disposition", "").startswith("attachment")
        ok = same and attachment and stranger.status == 404
        results.append(
            Result(
                "upload A → download B",
                ok,
                f"evidence ({len(pdf)} bytes) posted on A: {booked.status}; on B the booker gets {download.status}"
                f"{' with the same bytes' if same else ''}, another user {stranger.status}",
            )
        )

    # Signing out on B must end the session that A knows too (the replayed old cookie no longer opens the page).
    old_cookie = visitor.cookies.get("sessionid", "")
    visitor.get(b, "/accounts/logout/")
    signed_out = visitor.post(b, "/accounts/logout/", {})
    after = Browser(cookies={"sessionid": old_cookie}).get(a, "/accounts/email/")
    to_login = "/accounts/login/" in after.headers.get("Location", "")
    ended = signed_out.status == 302 and after.status == 302 and to_login
    detail = (
        f"signed out on B ({signed_out.status}); the old cookie on A: {after.status}{' to sign-in' if to_login else ''}"
    )
    results.append(Result("sign-out on both", ended, detail))
    return results


def check_worker(worker: Child | None, sink: SMTPSink) -> Result:
    from django.apps import apps

    if worker is None:
        return Result("worker", False, "no db_worker command (django_tasks_db not installed)")
    try:
        mail = apps.get_model("core", "OutgoingMail")
    except LookupError:
        mail = None
    deadline = time.monotonic() + READY_WAIT_SECONDS
    while mail is not None and time.monotonic() < deadline and worker.process.poll() is None:
        if not mail.objects.filter(status__in=["pending", "sending"]).exists():
            break
        time.sleep(0.5)
    alive = worker.process.poll() is None
    if mail is None:
        return Result("worker", alive, f"running: {alive} (no mail queue model to follow)")
    counts = {s: mail.objects.filter(status=s).count() for s in ("pending", "sending", "sent", "failed")}
    total = sum(counts.values())
    ok = alive and total > 0 and counts["sent"] == total and len(sink.messages) == total
    detail = (
        f"{total} mails queued by the servers: {counts['sent']} sent, {counts['pending'] + counts['sending']} waiting, "
        f"{counts['failed']} failed; SMTP received {len(sink.messages)}"
    )
    return Result("worker sends mail", ok, detail)


# --- main ------------------------------------------------------------------------------------------------------


def print_table(results: list[Result], seconds: float) -> None:
    width = max(len(r.check) for r in results)
    print(f"\n{'check':<{width}}  result  detail")
    print(f"{'-' * width}  ------  {'-' * 40}")
    for r in results:
        print(f"{r.check:<{width}}  {'ok' if r.ok else 'FAIL':<6}  {r.detail}")
    passed = sum(r.ok for r in results)
    print(f"\nmulti-node-check took {seconds:.0f} s")
    print(f"multi-node-check: {passed} passed, {len(results) - passed} failed")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-name", default="civic_multinode")
    options = parser.parse_args(argv)
    began = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    folder = Path(tempfile.mkdtemp(prefix="civic-multinode-"))
    children: list[Child] = []
    sink = SMTPSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    maintenance_url, database_url = database_urls(options.db_name)
    created = False
    results: list[Result] = []
    try:
        create_database(maintenance_url, options.db_name)
        created = True
        env = environment(database_url, folder, sink.server_address[1])
        os.environ.update(env)
        import django
        from django.core.management import call_command, get_commands

        django.setup()
        logging.getLogger("pgtrigger").setLevel(logging.WARNING)  # one line per trigger installed by migrate
        print(f"multi-node-check: database {options.db_name}, files in {folder}; migrating")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        fixture = make_rows()

        ports = [free_port()]
        while len(ports) < 2:
            if (port := free_port()) not in ports:  # the system may hand out the port it just freed
                ports.append(port)
        for name, port in zip(("server-A", "server-B"), ports, strict=True):
            gunicorn = ["-m", "gunicorn", "civic_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--no-control-socket"]
            tuning = ["--workers", "2", "--threads", "4", "--graceful-timeout", "5"]
            children.append(start(name, [*gunicorn, *tuning], env, folder, port))
        worker = None
        if "db_worker" in get_commands():
            worker = start("worker", ["manage.py", "db_worker", "--no-startup-delay"], env, folder)
            children.append(worker)
        for child in children[:2]:
            wait_ready(child)
        print(f"multi-node-check: servers on ports {ports[0]} (A) and {ports[1]} (B), worker: {worker is not None}")

        for name, check in (
            ("booking race", lambda: [check_booking_race(fixture, ports)]),
            ("login limit shared", lambda: [check_login_limit(fixture, ports)]),
            ("session and upload", lambda: check_session_and_upload(fixture, ports)),
            ("worker sends mail", lambda: [check_worker(worker, sink)]),
        ):
            try:
                results.extend(check())
            except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as exc:
                results.append(Result(name, False, f"{type(exc).__name__}: {exc}"))
        crashed = [c.name for c in children if c.process.poll() is not None]
        alive = f"exited: {', '.join(crashed)}" if crashed else f"all {len(children)} still running"
        results.append(Result("processes alive", not crashed, alive))
    except SetupError as exc:
        print(f"multi-node-check: set-up failed: {exc}", file=sys.stderr)
        return 2
    finally:
        if not results or not all(r.ok for r in results):
            for child in children:
                print(f"--- last lines of {child.name}:\n{child.tail()}", file=sys.stderr)
        stop(children)
        sink.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
        if created:
            drop_database(maintenance_url, options.db_name)
    print_table(results, time.monotonic() - began)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
