"""Production: every secret and host comes from the environment; refuse to start without them."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from civic_portal.core import logging as core_logging

from .base import *  # noqa: F403
from .base import STORAGES


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Environment variable {name} is required in production.")
    return value


def _count(name: str) -> int:
    value = os.environ.get(name, "0").strip() or "0"
    if not value.isdigit():
        raise ImproperlyConfigured(f"Environment variable {name} must be a whole number.")
    return int(value)


SECRET_KEY = _require("SECRET_KEY")
# The reverse proxies in front of the portal (nginx: 1). Behind them every request comes from the proxy, so
# allauth's per-address limits and the audit trail read the client from X-Forwarded-For, trusting only these hops.
ALLAUTH_TRUSTED_PROXY_COUNT = _count("TRUSTED_PROXY_COUNT")
ALLOWED_HOSTS = [h.strip() for h in _require("ALLOWED_HOSTS").split(",") if h.strip()]
SITE_URL = os.environ.get("SITE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}").rstrip("/")
CSRF_TRUSTED_ORIGINS = [f"https://{h.lstrip('.')}" for h in ALLOWED_HOSTS]
DATABASES = {"default": dj_database_url.parse(_require("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)}

# The worker sends the queued mail through "delivery" (base.py); requests only store it.
MAILERS = {
    **MAILERS,  # noqa: F405
    "delivery": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _require("EMAIL_HOST"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": os.environ.get("EMAIL_USE_TLS", "true").lower() == "true",
            "timeout": 20,
        },
    },
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a.strip()) for a in os.environ.get("ADMINS", "").split(",") if a.strip()]

STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))  # noqa: F405
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", MEDIA_ROOT))  # noqa: F405
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

STAFF_MFA_REQUIRED = True
DEMO_DATA_ALLOWED = False

# LOG_FORMAT=json writes one JSON object per line for a log collector; LOG_LEVEL sets the portal's own loggers.
try:
    LOGGING = core_logging.logging_config(
        log_format=os.environ.get("LOG_FORMAT", "").strip().lower() or "text",
        level=os.environ.get("LOG_LEVEL", "").strip().upper() or "INFO",
        mail_admins=True,
    )
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
