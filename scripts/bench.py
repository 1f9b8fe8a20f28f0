"""`make bench`: the portal at city scale, measured from outside against a floor view in the same run.

1. Builds (or reuses, when its marker says the same sizes and seed) two generated databases on the project's
   PostgreSQL server: a small one and the big one (civic_scale_small, civic_scale; never the demo database).
2. Counts each page's queries in both, through Django's test client (scripts/bench_probe.py).
3. Serves the big one with gunicorn (2 sync workers, production settings over HTTP: civic_portal/settings/bench.py)
   and times every page, each request after a request of /_floor/ (base.html, no query).
4. Prints `page | queries small | queries big | p50 | p95 | p95/floor | KB`, writes var/bench/<time>.json and
   var/bench/latest.json, reports the workers' peak RSS, and exits 1 if any page's query count differs.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import psycopg  # noqa: E402
import requests  # noqa: E402
from bench_http import PeakRSS, Runner, percentile  # noqa: E402

from civic_portal.core import devdb  # noqa: E402
from civic_portal.core.scale.guard import MARKER_TABLE  # noqa: E402
from civic_portal.core.scale.sizes import Sizes  # noqa: E402

OUT = ROOT / "var" / "bench"
PY = sys.executable


def server_url(database: str) -> str:
    """The URL of `database` on the server DATABASE_URL names, or on the embedded one (started if needed)."""
    if not os.environ.get("DATABASE_URL"):
        devdb.start()
    base = os.environ.get("DATABASE_URL") or devdb.url()
    return urlunsplit(urlsplit(base)._replace(path=f"/{database}"))


def django_env(database: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "civic_portal.settings.bench", "CIVIC_BENCH_DB": database}


def run(args: list[str], database: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PY, *args], cwd=ROOT, env=django_env(database), check=True, **kwargs)  # noqa: S603


def marker(database: str) -> dict | None:
    """The generation recorded in `database` (sizes, seed), None when it has none or does not exist."""
    try:
        conn = psycopg.connect(server_url(database), autocommit=True)
    except psycopg.OperationalError:
        return None
    with conn:
        table = conn.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()
        if table is None or table[0] is None:
            return None
        row = conn.execute(f"SELECT sizes, seed, seconds FROM {MARKER_TABLE} ORDER BY id DESC LIMIT 1").fetchone()  # noqa: S608
    return None if row is None else {"sizes": row[0], "seed": row[1], "seconds": row[2]}


def ensure(database: str, sizes: Sizes, seed: int, *, rebuild: bool) -> dict:
    """The database with this data set: reused if its marker matches, else dropped, migrated and generated."""
    found = marker(database)
    if found and not rebuild and found["sizes"] == sizes.as_dict() and found["seed"] == seed:
        print(f"{database}: reusing the data set generated in {found['seconds']:.1f} s")
        run(["manage.py", "migrate", "--no-input", "-v0"], database)  # newer migrations (indexes) still apply
        return found
    with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    print(f"{database}: migrating and generating {sizes.as_dict()}")
    run(["manage.py", "migrate", "--no-input", "-v0"], database)
    flags = [f"--{f.name.replace('_', '-')}={getattr(sizes, f.name)}" for f in dataclasses.fields(Sizes)]
    run(["manage.py", "generate_scale", f"--seed={seed}", *flags], database)
    generated = marker(database)
    if generated is None:
        raise RuntimeError(f"{database}: generate_scale finished without writing its {MARKER_TABLE} row")
    return generated


def probe(database: str, *, only: str, posts: int = 0) -> dict:
    out = OUT / f"probe-{database}.json"
    extra = ["--sessions", f"--posts={posts}"] if posts else []
    print(f"{database}: counting queries")
    run(["scripts/bench_probe.py", f"--out={out}", f"--only={only}", *extra], database)
    return json.loads(out.read_text())


def sign_out(database: str, sessions: list[str]) -> None:
    """Delete the sessions the probe signed in with (they only ever served this run)."""
    with psycopg.connect(server_url(database), autocommit=True) as conn:
        conn.execute("DELETE FROM django_session WHERE session_key = ANY(%s)", [sessions])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database: str, port: int, workers: int, log) -> subprocess.Popen:
    command = [PY, "-m", "gunicorn", "civic_portal.wsgi", f"--bind=127.0.0.1:{port}", f"--workers={workers}"]
    server = subprocess.Popen(command, cwd=ROOT, env=django_env(database), stdout=log, stderr=log)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/_floor/", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {log.name}")


def rows(pages, small, big, timed, floor_p95) -> list[dict]:
    out = []
    for page in pages:
        name, samples = page["name"], timed.get(page["name"])
        row = {
            **page,
            "queries_small": small["counts"].get(name, {}).get("queries"),
            "queries_big": big["counts"][name]["queries"],
        }
        if samples and samples.seconds:
            p95 = percentile(samples.seconds, 95)
            row |= {
                "n": len(samples.seconds),
                "p50_ms": round(percentile(samples.seconds, 50) * 1000, 1),
                "p95_ms": round(p95 * 1000, 1),
                "p95_floor": round(p95 / floor_p95, 1),
                "kb": round(max(samples.sizes) / 1024, 1),
                "status": Counter(samples.statuses).most_common(),
            }
        out.append(row)
    return out


def table(result: list[dict]) -> str:
    lines = ["page | queries small | queries big | p50 | p95 | p95/floor | KB", "---|---|---|---|---|---|---"]
    for r in result:
        status = ",".join(f"{s}×{n}" if len(r.get("status", [])) > 1 else s for s, n in r.get("status", []))
        expected = "302" if r["method"] == "POST" else "200"
        flag = "" if status in (expected, "") else f" [{status}]"
        who = f" ({r['role']})" if r["role"] and r["role"] not in r["name"] else ""
        lines.append(
            f"{r['name']}{who}{flag} | {r['queries_small']} | {r['queries_big']} | {r.get('p50_ms', '-')} ms"
            f" | {r.get('p95_ms', '-')} ms | {r.get('p95_floor', '-')} | {r.get('kb', '-')}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="size of the big database (1 = issue 13's city)")
    parser.add_argument("--small-scale", type=float, default=0.05, help="size of the small database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default="civic_scale")
    parser.add_argument("--small-db", default="civic_scale_small")
    parser.add_argument("--samples", type=int, default=8, help="timed requests per page")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds per page before it stops (2 or more)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--rebuild", action="store_true", help="generate the databases again")
    args = parser.parse_args()
    if "civic_portal" in (args.db, args.small_db):
        raise SystemExit("the benchmark never touches the demo database")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    big_sizes, small_sizes = Sizes().scaled(args.scale), Sizes().scaled(args.small_scale)
    generated = ensure(args.db, big_sizes, args.seed, rebuild=args.rebuild)
    ensure(args.small_db, small_sizes, args.seed, rebuild=args.rebuild)
    run(["manage.py", "collectstatic", "--no-input", "-v0"], args.db)
    small = probe(args.small_db, only=args.only)
    big = probe(args.db, only=args.only, posts=args.samples)
    port = free_port()
    timed = {}
    with open(OUT / "gunicorn.log", "w") as log:
        server = serve(args.db, port, args.workers, log)
        try:
            runner = Runner(f"http://127.0.0.1:{port}", big["sessions"], big["session_cookie"])
            with PeakRSS(server.pid) as rss:
                for _ in range(4):
                    runner.floor_once()
                runner.floor.seconds.clear()
                for page in big["pages"]:
                    timed[page["name"]] = runner.page(
                        page, samples=args.samples, budget=args.budget, posts=big["posts"]
                    )
                    print(f"  {page['name']:<40} {percentile(timed[page['name']].seconds, 95) * 1000:8.1f} ms")
        finally:
            server.terminate()
            server.wait(timeout=30)
            sign_out(args.db, list(big["sessions"].values()))
    floor_p95 = percentile(runner.floor.seconds, 95)
    result = rows(big["pages"], small, big, timed, floor_p95)
    mismatched = [r["name"] for r in result if r["queries_small"] != r["queries_big"]]
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "sizes": {"big": big_sizes.as_dict(), "small": small_sizes.as_dict()},
        "seed": args.seed,
        "generated_seconds": generated and generated["seconds"],
        "floor": {
            "n": len(runner.floor.seconds),
            "p50_ms": round(percentile(runner.floor.seconds, 50) * 1000, 1),
            "p95_ms": round(floor_p95 * 1000, 1),
        },
        "peak_rss_mb": {str(pid): round(kb / 1024, 1) for pid, kb in rss.peaks.items()},
        "seconds": round(time.monotonic() - started),
        "query_count_differs": mismatched,
        "pages": result,
    }
    stamp = re.sub(r"[^0-9]", "", report["when"])[:14]
    for path in (OUT / f"bench-{stamp}.json", OUT / "latest.json"):
        path.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print()
    print(table(result))
    print(
        f"\nfloor: p50 {report['floor']['p50_ms']} ms, p95 {report['floor']['p95_ms']} ms over {report['floor']['n']}"
    )
    each = ", ".join(f"{mb} MB" for mb in report["peak_rss_mb"].values())
    print(f"workers' peak RSS: {rss.peak_mb:.0f} MB (each worker: {each})")
    print(f"written: var/bench/bench-{stamp}.json; {report['seconds']} s in all")
    if mismatched:
        print(f"FAIL: query counts differ between the small and the big database: {', '.join(mismatched)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
