"""Local development: debug on, email printed to the console."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-civic-portal"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# The worker (`make run` starts one) prints each queued message instead of sending it.
MAILERS = {**MAILERS, "delivery": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}  # noqa: F405
DEMO_DATA_ALLOWED = True
# The demo city (the plans in shared/ are Shimonoseki's and Yamaguchi's).
FACILITIES_PUBLISHER = {"code": "352012", "prefecture": "山口県", "municipality": "下関市"}
