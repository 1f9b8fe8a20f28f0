"""The timed run against gunicorn: each page's requests interleaved with the floor's, and the workers' peak RSS."""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

FLOOR = "/_floor/"
TIMEOUT = 90  # longer than gunicorn's worker timeout, so a killed worker shows as an error, not a client timeout
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p95 of 8 samples is the slowest of them)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)


def _timed(session: requests.Session, method: str, url: str, data=None) -> tuple[float, str, int]:
    started = time.perf_counter()
    try:
        response = session.request(method, url, data=data, allow_redirects=False, timeout=TIMEOUT)
        body = response.content
        status = str(response.status_code)
    except requests.RequestException as exc:  # a worker killed at its timeout drops the connection
        body, status = b"", type(exc).__name__
    return time.perf_counter() - started, status, len(body)


class Runner:
    def __init__(self, base: str, sessions: dict[str, str], cookie: str):
        self.base = base
        self.sessions = {"": requests.Session()}
        for role, value in sessions.items():
            s = requests.Session()
            s.cookies.set(cookie, value, domain="127.0.0.1", path="/")
            self.sessions[role] = s
        self.floor = Samples()

    def floor_once(self) -> None:
        with requests.Session() as fresh:  # no cookie: no session, no user, no query
            seconds, status, _size = _timed(fresh, "GET", self.base + FLOOR)
        self.floor.seconds.append(seconds)
        self.floor.statuses.append(status)

    def page(self, page: dict, *, samples: int, budget: float, posts: list[dict]) -> Samples:
        """`samples` requests (after untimed warm-up ones), each after a floor request; stops early past `budget`."""
        session, url, out = self.sessions[page["role"]], self.base + page["path"], Samples()
        token = None
        if page["method"] == "POST":
            form = session.get(url, timeout=TIMEOUT).text
            match = _CSRF.search(form)
            if match is None:
                raise RuntimeError(f"{page['path']}: the {page['role'] or 'anonymous'} form has no CSRF token")
            token = match.group(1)
            samples = min(samples, len(posts))
        else:
            for _ in range(2):  # both workers compile the page's templates before it is timed
                warm, _status, _size = _timed(session, "GET", url)
                if warm > budget / 4:
                    break
        started = time.perf_counter()
        for i in range(samples):
            self.floor_once()
            data = {**posts[i], "csrfmiddlewaretoken": token} if token else None
            seconds, status, size = _timed(session, page["method"], url, data)
            out.seconds.append(seconds)
            out.statuses.append(status)
            out.sizes.append(size)
            if i >= 1 and time.perf_counter() - started > budget:
                break
        return out


class PeakRSS:
    """Samples the gunicorn workers' peak resident memory (VmHWM) twice a second, workers restarted included."""

    def __init__(self, master_pid: int):
        self.master = master_pid
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()

    def sample(self) -> None:
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.master) and "VmHWM" in fields:
                kb = int(fields["VmHWM"].split()[0])
                pid = int(status.parent.name)
                self.peaks[pid] = max(self.peaks.get(pid, 0), kb)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 1024
