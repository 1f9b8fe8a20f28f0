import datetime as dt
import socket

import pytest
import time_machine
from django.db import connection
from django.tasks import task
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC)
HEALTHZ_QUERIES = 8


def _closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # bound a moment ago, now closed: nothing listens there


CLOSED_PORT = _closed_port()


def test_home_is_japanese_with_landmarks_and_navigation(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    for label, url in [
        ("団体", reverse("groups:group_list")),
        ("施設予約", reverse("facilities:facility_list")),
        ("助成", reverse("grants:programme_list")),
        ("計画・指標", reverse("indicators:dashboard")),
    ]:
        assert f'href="{url}"' in html
        assert label in html
    assert "個人情報の取扱い" in html
    assert reverse("privacy") in html
    assert reverse("accessibility") in html


def test_language_switch_without_javascript_turns_the_site_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Civic Activity Portal" in html
    assert ">Groups<" in html


def test_pages_send_a_strict_content_security_policy(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp


def test_no_inline_script_or_style_in_the_layout(client):
    html = client.get("/").content.decode()
    assert "<script" not in html
    assert "style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize("name", ["privacy", "accessibility"])
def test_policy_pages(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_missing_page_is_a_404_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "ページが見つかりません" in html
    assert 'class="site-header"' in html


def test_server_error_page_uses_the_layout_without_traceback():
    from django.test import RequestFactory

    from civic_portal.core.errors import server_error

    response = server_error(RequestFactory().get("/boom"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "システムエラーが発生しました" in html
    assert 'class="site-footer"' in html
    assert "Traceback" not in html


@task
def healthz_probe_task():
    """A task for the queue to hold; these tests never run it."""


def _enqueue(n, **options):
    for _ in range(n):
        healthz_probe_task.using(**options).enqueue()


def test_healthz_reports_database_cache_and_an_empty_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue": {"waiting": 0, "oldest_seconds": 0, "stuck": False},
    }


@pytest.mark.parametrize("waiting", [1, 20])
def test_healthz_counts_the_waiting_tasks_in_a_fixed_number_of_queries(client, waiting, django_assert_num_queries):
    with time_machine.travel(NOON, tick=False) as traveller:
        _enqueue(waiting)
        traveller.shift(dt.timedelta(minutes=5))
        # SELECT 1; the database cache's write (count, lookup, insert, savepoint: 5) and read; the queue's aggregate.
        with django_assert_num_queries(HEALTHZ_QUERIES):
            response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["queue"] == {"waiting": waiting, "oldest_seconds": 300, "stuck": False}


def test_healthz_answers_503_when_the_oldest_due_task_has_waited_too_long(client, settings):
    settings.HEALTHZ_QUEUE_MAX_AGE = 15 * 60
    with time_machine.travel(NOON, tick=False) as traveller:
        _enqueue(1)
        _enqueue(1, run_after=NOON + dt.timedelta(hours=1))  # a retry that is not due yet does not wait
        traveller.shift(dt.timedelta(minutes=15))
        assert client.get("/healthz").status_code == 200
        traveller.shift(dt.timedelta(seconds=1))
        response = client.get("/healthz")
        for_the_load_balancer = client.get("/healthz?scope=web")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["queue"] == {"waiting": 1, "oldest_seconds": 15 * 60 + 1, "stuck": True}
    # The web servers themselves are fine: the load balancer keeps them in service.
    assert for_the_load_balancer.status_code == 200
    assert for_the_load_balancer.json()["queue"]["stuck"] is True


def test_healthz_counts_a_delayed_task_from_when_it_became_due(client):
    with time_machine.travel(NOON, tick=False) as traveller:
        _enqueue(1, run_after=NOON + dt.timedelta(hours=2))
        traveller.shift(dt.timedelta(hours=2, minutes=20))
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == {"waiting": 1, "oldest_seconds": 20 * 60, "stuck": True}


def test_healthz_answers_503_when_the_cache_is_unreachable(client, settings):
    # Redis as production configures it with REDIS_URL, at a port where nothing listens.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_PORT}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["cache"] == "unavailable"


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    original = connection.settings_dict.copy()
    connection.close()
    connection.settings_dict.update({"HOST": str(tmp_path), "PORT": ""})  # a folder with no server socket
    try:
        response = Client().get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert response.status_code == 503
    # The cache is a table in the same database here.
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "cache": "unavailable",
        "queue": "unavailable",
    }


def test_permission_denied_page_uses_the_layout(client):
    from tests.factories.accounts import UserFactory
    from tests.factories.groups import GroupFactory

    client.force_login(UserFactory())
    response = client.get(reverse("groups:group_edit", args=[GroupFactory().pk]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "このページを表示する権限がありません" in html
    assert 'class="site-header"' in html


def test_bad_request_page_uses_the_layout(client):
    response = client.get("/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.content.decode()


def test_japanese_is_the_default_whatever_the_browser_asks_for(client):
    html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="ja">' in html
    assert "市民活動ポータル" in html


def test_the_language_choice_is_remembered(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/groups/").content.decode()
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    assert '<html lang="ja">' in client.get("/groups/").content.decode()
