"""Production settings read secrets from the environment and refuse to start without them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "portal.example.jp",
    "DATABASE_URL": "postgres://u:p@db.example.jp:5432/civic",
    "EMAIL_HOST": "smtp.example.jp",
}
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, "
    "s.SECURE_SSL_REDIRECT, s.STAFF_MFA_REQUIRED, s.DEMO_DATA_ALLOWED, s.MAILERS['delivery']['OPTIONS']['host'], "
    "s.MAILERS['default']['BACKEND'], "
    "s.DATABASES['default']['HOST'])"
)


def _run(env_overrides: dict, code: str = PRINT_SETTINGS) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PROD_ENV}
    env.update({"DJANGO_SETTINGS_MODULE": "civic_portal.settings.prod", **env_overrides})
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("missing", sorted(PROD_ENV))
def test_refuses_to_start_without_each_required_variable(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = _run(env)
    assert result.returncode != 0
    assert f"Environment variable {missing} is required in production." in result.stderr


def test_secure_defaults_when_configured():
    result = _run(PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "True",
        "False",
        "smtp.example.jp",
        "civic_portal.core.mail_backend.QueuedEmailBackend",
        "db.example.jp",
    ]


def test_trusted_proxies_come_from_the_environment_and_must_be_a_number():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    assert _run(PROD_ENV, code).stdout.strip() == "0"
    assert _run({**PROD_ENV, "TRUSTED_PROXY_COUNT": "1"}, code).stdout.strip() == "1"
    refused = _run({**PROD_ENV, "TRUSTED_PROXY_COUNT": "one"}, code)
    assert refused.returncode != 0
    assert "Environment variable TRUSTED_PROXY_COUNT must be a whole number." in refused.stderr
