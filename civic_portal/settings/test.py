"""Test settings: fast hashing, email delivered into memory (django.core.mail.outbox) by the worker step."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret-civic-portal"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail goes through the queue as everywhere; the worker step of a test delivers into django.core.mail.outbox.
# (Django's test setup turns every mailer into locmem; tests/conftest.py puts the queue back.)
MAILERS = {**MAILERS, "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}  # noqa: F405
# Tasks run for real: rows in the test database, run by a worker step in the test (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
DEMO_DATA_ALLOWED = True
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Rate limits are tested on purpose where they matter; elsewhere they would make journeys flaky.
ACCOUNT_RATE_LIMITS = False
WHITENOISE_AUTOREFRESH = True
# As in production: back-office accounts need TOTP (the test factories set it up for them).
STAFF_MFA_REQUIRED = True
# Two test runs on one machine (a date sweep beside a normal run) must not share the test database.
if os.environ.get("CIVIC_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["CIVIC_TEST_DB"]}
