"""Limits on forms that mail someone else are counted in the shared cache: two processes see one count."""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ValidationError
from django.db import connection

from civic_portal.core.ratelimit import rate_limit
from groups.services.talent import talent_request_send
from tests.factories.accounts import UserFactory
from tests.factories.volunteers import VolunteerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the other process must see committed rows
def test_the_cache_is_shared_by_all_processes():
    assert isinstance(caches["default"], DatabaseCache)
    cache.set("shared-probe", "from the test process", None)  # no expiry: the two clocks may differ (faketime)
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "print(cache.get('shared-probe')); cache.set('shared-probe', 'from another process', None)"
    )
    db = connection.settings_dict
    url = f"postgres://{quote(db['USER'] or '')}@{quote(db['HOST'] or '', safe='')}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "civic_portal.settings.test", "DATABASE_URL": url}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("from the test process")
    assert cache.get("shared-probe") == "from another process"
    cache.delete("shared-probe")


def test_two_cache_clients_count_one_limit(settings):
    settings.MAIL_RATE_LIMITS = {**settings.MAIL_RATE_LIMITS, "talent_request": (2, 3600)}
    user = UserFactory()
    rate_limit("talent_request", user)
    other_client = DatabaseCache("civic_portal_cache", {})
    key = next(k for k in _keys() if k.startswith(":1:ratelimit:talent_request:"))
    assert other_client.get(key.removeprefix(":1:")) == 1
    rate_limit("talent_request", user)
    with pytest.raises(ValidationError) as error:
        rate_limit("talent_request", user)
    assert error.value.code == "rate"


def test_talent_bank_requests_are_limited(settings):
    settings.MAIL_RATE_LIMITS = {**settings.MAIL_RATE_LIMITS, "talent_request": (3, 3600)}
    profile = VolunteerProfileFactory(talent_bank_listed=True)
    user = UserFactory()
    for _ in range(3):
        talent_request_send(profile=profile, user=user, message="講師をお願いしたい")
    with pytest.raises(ValidationError, match="しばらくしてから"):
        talent_request_send(profile=profile, user=user, message="講師をお願いしたい")
    talent_request_send(profile=profile, user=UserFactory(), message="別の方の依頼")


def _keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM civic_portal_cache")
        return [row[0] for row in cursor.fetchall()]


def test_redis_is_used_when_redis_url_is_set():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "civic_portal.settings.dev", "REDIS_URL": "redis://127.0.0.1:6390/0"}
    code = "import django; django.setup(); from django.core import cache; print(type(cache.caches['default']).__name__)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "RedisCache"
