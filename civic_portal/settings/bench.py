"""`make bench`: production's settings on the generated scale database, over plain HTTP on this machine.

Everything production does stays (DEBUG off, WhiteNoise with the manifest, the database cache, TOTP for staff,
the mail queue); only what a local, HTTP-only run needs changes: hosts, the HTTPS redirects and cookies, the
database (CIVIC_BENCH_DB on the same server as DATABASE_URL or the embedded one; default civic_scale, never the
demo database) and the URLconf, which adds the floor view /_floor/.
"""

import os

import dj_database_url

from civic_portal.core import devdb

BENCH_DB = os.environ.get("CIVIC_BENCH_DB", "civic_scale")


def _database() -> dict:
    if os.environ.get("DATABASE_URL"):
        config = dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)
    else:
        config = {**devdb.connection_settings(), "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    return {**config, "NAME": BENCH_DB}


_BENCH_DATABASE = _database()
# What production requires from its environment, given here when the shell has none (never used for anything real).
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DATABASE_URL", "postgres://unused/unused")
os.environ.setdefault("EMAIL_HOST", "localhost")

from .prod import *  # noqa: E402, F403
from .prod import VAR_DIR  # noqa: E402

DATABASES = {"default": _BENCH_DATABASE}
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1", "http://localhost"]
SITE_URL = "http://127.0.0.1"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STATIC_ROOT = VAR_DIR / "bench" / "static"
ADMINS = []
ROOT_URLCONF = "civic_portal.core.bench_urls"
