"""Settings shared by every environment; dev, test and prod import from here."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from civic_portal.core import devdb, exports
from civic_portal.core import logging as core_logging

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "import_export",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_tasks_db",  # before core, whose admin shows its task rows under Japanese labels
    "civic_portal.accounts",
    "civic_portal.core",
    "groups",
    "facilities",
    "grants",
    "indicators",
    "civic_portal.center",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "civic_portal.core.middleware.JapaneseFirstLocaleMiddleware",
    # NUL bytes and broken UTF-8: a 400 in the visitor's language before a session, user or audit context is loaded.
    "civic_portal.core.middleware.MalformedInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "civic_portal.core.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "civic_portal.accounts.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "civic_portal.urls"
WSGI_APPLICATION = "civic_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["civic_portal.core.templatetags.civic"],
        },
    },
    {
        # Plain-text email (subjects, bodies, letters): rendered only through civic_portal.core.mail, never
        # HTML-escaped, so 「子ども&親の会」 does not arrive as 「子ども&amp;親の会」. HTML stays with the engine above.
        "NAME": "mail",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,  # only the project's own templates; apps' (admin, allauth) HTML never renders unescaped
        "OPTIONS": {
            "autoescape": False,
            "builtins": ["civic_portal.core.templatetags.civic"],
        },
    },
]

# Without DATABASE_URL the project's own PostgreSQL under var/ is used (started by `make` or the test suite).
DATABASES = {
    "default": (
        dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)
        if os.environ.get("DATABASE_URL")
        else devdb.connection_settings()
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: the email address is the login; it must be verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
EMAIL_SUBJECT_PREFIX_SITE = "[市民活動ポータル] "
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX_SITE
# Logs refused sign-ins (too many failed attempts); otherwise allauth's own adapter.
ACCOUNT_ADAPTER = "civic_portal.accounts.adapter.AccountAdapter"
# One cache for every process and server: rate limits (allauth's and ours) and TOTP codes hold across workers.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "civic_portal_cache"}
    )
}
# Forms that send mail to someone else: (how many, per seconds) per signed-in user.
MAIL_RATE_LIMITS = {
    "talent_request": (5, 3600),
    "manager_invite": (10, 3600),
    "volunteer_apply": (10, 3600),
}
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "市民活動ポータル"
# One 30-second step either side, as RFC 6238 advises for phones whose clocks drift.
MFA_TOTP_TOLERANCE = 1
# Back-office rights count only once TOTP is set up (always in prod and tests; STAFF_MFA_REQUIRED=1 in development).
STAFF_MFA_REQUIRED = os.environ.get("STAFF_MFA_REQUIRED", "").lower() in ("1", "true", "yes")

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Files for staff's and owners' eyes only (attachments, evidence): never under MEDIA_ROOT, served by checked views.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))
# In production nginx may send private files itself: the prefix of an `internal` location aliasing PRIVATE_ROOT.
PRIVATE_ACCEL_REDIRECT = os.environ.get("PRIVATE_ACCEL_REDIRECT", "")
# Uploads above this size are refused by the validators of each app; Django keeps smaller ones in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Uploads: "default" holds public media, "private" the files only checked views hand out (attachments, evidence).
# Local disk by default (MEDIA_ROOT, PRIVATE_ROOT); STORAGE_BACKEND=s3 puts both in S3-compatible object storage
# that every application server shares, under the prefixes media/ and private/ (of one bucket, or of two).
# No object gets an ACL: the media prefix is made readable by a bucket policy, the private one never is; its
# files go out through the views (streamed) and its URLs, if ever asked for, are signed for five minutes.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "").strip().lower() or "local"
if STORAGE_BACKEND == "local":
    STORAGES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "civic_portal.core.storage.PrivateStorage"},
    }
elif STORAGE_BACKEND == "s3":
    _bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not _bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an instance role), read by boto3 itself.
    _s3 = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "signature_version": "s3v4",
        "default_acl": None,
        "file_overwrite": False,  # as on disk: a name already taken gets a suffix, nothing is replaced
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3,
                "bucket_name": _bucket,
                "location": "media",
                "querystring_auth": False,
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3,
                "bucket_name": os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "").strip() or _bucket,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "custom_domain": None,  # a custom domain would make unsigned URLs
            },
        },
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be local or s3, not {STORAGE_BACKEND!r}.")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Absolute links in emails (services have no request to build them from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The licence of the portal's open data (the register's CSV and JSON-LD); 政府標準利用規約 2.0 is compatible with it.
OPEN_DATA_LICENSE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.ja"}
DEFAULT_FROM_EMAIL = "市民活動センター <noreply@civic-portal.example.jp>"
# The center's name as printed on documents it issues (volunteer activity certificates).
CENTER_NAME = os.environ.get("CENTER_NAME", "市民活動センター")
# Volunteer points (ボランティアポイント): earned per confirmed hour at the rate staff set in the admin.
VOLUNTEER_POINTS_ENABLED = os.environ.get("VOLUNTEER_POINTS_ENABLED", "1") == "1"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every message (ours, allauth's, the admin's) is stored by the "default" mailer and sent after commit by the
# worker through the "delivery" mailer, with retries (civic_portal/core/README.md). Prod sets delivery's SMTP.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "civic_portal.core.mail_backend.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"},
}
# Attempts before a mail is marked 送信失敗; the wait after the first failed one, doubled after each further one.
MAIL_QUEUE_MAX_ATTEMPTS = 8
MAIL_QUEUE_FIRST_RETRY_SECONDS = 60

# Background work (django.tasks): task rows in the same PostgreSQL, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
# The nightly clean-up job (civic_portal/core/README.md, Scheduled jobs) deletes sent mail, finished tasks and job
# runs older than this; failed mail and failed tasks are kept.
CLEANUP_RETENTION_DAYS = int(os.environ.get("CLEANUP_RETENTION_DAYS", "90"))
# Consultation records keep the person's details this long, then a daily job erases them (statistics stay).
CENTER_CONSULTATION_RETENTION_YEARS = int(os.environ.get("CENTER_CONSULTATION_RETENTION_YEARS", "5"))

# Content Security Policy: no inline script or style; scripts, if any, only from our origin or with the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

IMPORT_EXPORT_USE_TRANSACTIONS = True
# The audit trail's list in the admin (sealed scores are left out of it; see civic_portal/core/audit_admin.py).
PGHISTORY_ADMIN_CLASS = "civic_portal.core.audit_admin.AuditEventsAdmin"
PGHISTORY_ADMIN_MODEL = "core.AuditEvent"
# Role changes live in many-to-many tables no migration owns: their triggers are (re)installed after each migrate.
PGTRIGGER_INSTALL_ON_MIGRATE = True
PGHISTORY_ADMIN_LIST_DISPLAY = [
    "pgh_created_at", "pgh_label", "pgh_obj_model", "pgh_obj_id", "pgh_diff", "user", "source", "ip",
]  # fmt: skip
# Formula injection: admin CSV/XLSX go through civic_portal.core.exports (quote-prefixed like the public files,
# numbers kept, the quote undone on import); the built-in escaping (it strips a leading "=") covers anything else.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_FORMATS = EXPORT_FORMATS = IMPORT_FORMATS = exports.ADMIN_FORMATS

# The city publishing the open data (公共施設一覧): 6-digit local government code, prefecture, municipality.
FACILITIES_PUBLISHER = {
    "code": os.environ.get("CITY_CODE", ""),
    "prefecture": os.environ.get("CITY_PREFECTURE", ""),
    "municipality": os.environ.get("CITY_NAME", ""),
}
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Export needs the view permission of the model, import its change permission (adding rows also needs add).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"

# Logs go to stderr, one line per record (the journal, gunicorn and the worker collect them); prod.py reads
# LOG_FORMAT (text or json: one JSON object per line) and LOG_LEVEL (the portal's loggers; default INFO).
LOGGING = core_logging.logging_config()
# /healthz answers 503 when the oldest task that is due has waited longer than this (seconds).
HEALTHZ_QUEUE_MAX_AGE = 15 * 60

# Center staff may reinstate a withdrawn group registration within this many days of its withdrawal (groups).
GROUP_REINSTATE_PERIOD_DAYS = int(os.environ.get("GROUP_REINSTATE_PERIOD_DAYS", "365"))
