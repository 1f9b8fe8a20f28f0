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
    # Transactional tests end with a flush that would also wipe rows made by data migrations (roles, the NPO Act's
    # activity fields) for the tests after them; serialized rollback restores those rows.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True), append=False
            )
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Share the serialized test data with connection objects opened under Playwright.

    Playwright's sync API runs an asyncio loop in the test thread, so Django's connection handler then hands out
    new, context-local connection objects that lack the data serialized at set-up; serialized rollback would find
    nothing to restore. Keeping it on the wrapper class makes it visible to every connection object.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            contents = _without_history(contents)
            connections[alias]._test_serialized_contents = contents
            type(connections[alias])._test_serialized_contents = contents


def _without_history(contents: str) -> str:
    """Audit rows are append-only (a trigger refuses UPDATE), so serialized rollback must not write them back."""
    import json

    from django.apps import apps
    from pghistory.models import Event

    history = {m._meta.label_lower for m in apps.get_models() if issubclass(m, Event)}
    return json.dumps([row for row in json.loads(contents) if row["model"] not in history])


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
