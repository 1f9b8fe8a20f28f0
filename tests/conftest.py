"""Test harness: the project's own PostgreSQL when DATABASE_URL is unset, and browser tests on the system Chromium."""

import os
import signal
from contextlib import contextmanager
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
    from groups.models import ActivityField

    # The flush's post_migrate puts the roles back by itself, not the activity fields: check both.
    if (
        Role.objects.filter(name__in=list(ROLE_PERMISSIONS)).count() == len(ROLE_PERMISSIONS)
        and ActivityField.objects.exists()
    ):
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


QUEUED_MAILERS = {
    "default": {"BACKEND": "civic_portal.core.mail_backend.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


@pytest.fixture(scope="session", autouse=True)
def _mail_through_the_queue(django_test_environment):
    """Mail goes through the queue as in production (Django's test setup had made every mailer locmem); the worker
    step delivers it into django.core.mail.outbox."""
    from django.test import override_settings

    with override_settings(MAILERS=QUEUED_MAILERS):
        yield


class Worker:
    """The database backend's worker, one batch at a time, for tests: ``with worker.after(): <a step>`` runs the
    step's on-commit callbacks as its commit would, then every task that is due, then the callbacks they left.

    Where the test commits for real (transactional and browser tests) the batch is `manage.py db_worker --batch`.
    Inside an ordinary test's transaction that command would end the transaction (its loop closes a connection it
    finds inside one), so the batch is the worker's own steps without that: claim the next due task under a row
    lock, run it with the worker's run_task, until none is due.
    """

    ID = "test-worker"

    def __init__(self, capture_on_commit_callbacks):
        self._capture = capture_on_commit_callbacks

    @contextmanager
    def after(self):
        with self._capture(execute=True):
            yield
        self.run()

    def run(self) -> None:
        from django.core.management import call_command
        from django.db import connection

        with self._capture(execute=True):
            if not connection.in_atomic_block:
                handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
                try:
                    call_command(
                        "db_worker", "--batch", "--queue-name=*", "--no-startup-delay", "--no-reload", verbosity=0
                    )
                finally:  # the command takes over Ctrl-C for its graceful stop; give it back to pytest
                    for sig, handler in handlers.items():
                        signal.signal(sig, handler)
                return
            from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

            steps = DatabaseWorker(
                queue_names=["*"], excluded_queue_names=[], interval=0, batch=True, backend_name="default",
                startup_delay=False, max_tasks=None, worker_id=self.ID,
            )  # fmt: skip
            while (task_result := self._claim_next()) is not None:
                steps.run_task(task_result)

    def _claim_next(self):
        from django.db import transaction
        from django_tasks_db.models import DBTaskResult

        with transaction.atomic():
            task_result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if task_result is not None:
                task_result.claim(self.ID)
        return task_result


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """Run background tasks for real: a batch of `manage.py db_worker` on the test's database."""
    return Worker(django_capture_on_commit_callbacks)
