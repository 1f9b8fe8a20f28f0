"""Test harness: the project's own PostgreSQL when DATABASE_URL is unset, and browser tests on the system Chromium."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
BROWSER_REQUIRED = os.environ.get("CIVIC_REQUIRE_BROWSER") == "1"
ENABLE_BROWSER_HINT = "browser tests skipped: Chromium not found; run `apt-get install chromium` or `bash .ci/run`"
BROWSER_DIR = Path(__file__).parent / "browser"


def pytest_configure(config):
    if not os.environ.get("DATABASE_URL"):
        from civic_portal.core import devdb

        try:
            devdb.start()
        except devdb.DevDBError as exc:
            raise pytest.UsageError(f"database: {exc}") from exc


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if BROWSER_DIR in Path(item.path).parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if not browser_items or CHROMIUM.exists():
        return
    if BROWSER_REQUIRED:
        raise pytest.UsageError(f"browser tests are required here, but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=ENABLE_BROWSER_HINT)
    for item in browser_items:
        item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Where browser tests are required (CI), a browser test that skips itself is a failure, not a skip.
    if BROWSER_REQUIRED and report.skipped and item.get_closest_marker("browser"):
        report.outcome = "failed"
        report.longrepr = f"browser test skipped where browser tests are required: {report.longrepr}"
    return report


def pytest_report_header(config):
    if not CHROMIUM.exists():
        return ENABLE_BROWSER_HINT
    return f"browser tests: {CHROMIUM}"


@pytest.fixture(autouse=True)
def _data_migration_rows(request):
    """The rows data migrations make (roles with their permissions, the NPO Act's activity fields), for every test.

    A transactional test ends with a flush that empties every table; the next test finds them again because this
    fixture puts them back, idempotently, through the same code the migrations run. Inside an ordinary test's
    transaction they are already there and it costs one query.
    """
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps
    from django.contrib.auth.models import Group as Role

    from civic_portal.accounts.roles import ROLE_PERMISSIONS, sync_roles

    if Role.objects.filter(name__in=list(ROLE_PERMISSIONS)).count() == len(ROLE_PERMISSIONS):
        return
    from importlib import import_module

    sync_roles()
    import_module("groups.migrations.0002_activity_fields").load(apps, None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # The machine has no network beyond localhost: keep Chromium from phoning home.
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _japanese_first():
    """Each test starts in Japanese, as the portal does: a request that switched language must not leak."""
    from django.utils import translation

    translation.activate("ja")
    yield
    translation.deactivate()
