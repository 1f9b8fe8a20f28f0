"""What the portal logs: refusals, admin bulk actions, imports and failed tasks, by id and never by name or address;
and the JSON lines production writes with LOG_FORMAT=json."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.tasks import task
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from civic_portal.core.logging import JsonFormatter
from civic_portal.core.ratelimit import rate_limit
from facilities.models import BookingStatus
from facilities.services import booking_cancel, booking_create
from groups.models import Group, GroupStatus
from indicators.importers import PlanItemResource, import_file
from tests.factories.accounts import PASSWORD, StaffFactory, UserFactory
from tests.factories.facilities import SpaceFactory, at, next_weekday
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
PROD_ENV = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "portal.example.jp",
    "DATABASE_URL": "postgres://u:p@db.example.jp:5432/civic",
    "EMAIL_HOST": "smtp.example.jp",
}


def _records(caplog, event):
    return [r for r in caplog.records if getattr(r, "event", None) == event]


@task
def failing_task(group_id: int) -> None:
    """Fails the way a task does when its data went wrong, with personal data in the exception's text."""
    raise ValueError(f"連絡先 {Group.objects.get(pk=group_id).contact_email} に送れません")


@task
def succeeding_task() -> str:
    return "done"


# --- refusals --------------------------------------------------------------------------------------------------


def test_a_403_is_logged_with_path_user_id_and_reason(client, caplog):
    user = UserFactory()
    group = GroupFactory()
    client.force_login(user)
    url = reverse("groups:group_edit", args=[group.pk])
    assert client.get(url).status_code == 403
    [record] = _records(caplog, "refused")
    assert record.levelno == logging.WARNING
    assert record.name == "civic_portal.core.errors"
    assert (record.status_code, record.path, record.user_id) == (403, url, user.pk)
    assert record.reason
    assert user.email not in record.getMessage()
    assert str(user.pk) in record.getMessage()


def test_the_sign_in_rate_limit_answers_429_in_the_site_layout_and_is_logged(client, caplog, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    user = UserFactory()
    form = {"login": user.email, "password": "wrong-password-1"}
    assert client.post(reverse("account_login"), form).status_code == 200
    response = client.post(reverse("account_login"), form)
    assert response.status_code == 429
    assert "短時間の操作が多すぎます" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()
    [record] = _records(caplog, "refused")
    assert (record.status_code, record.path, record.user_id) == (429, reverse("account_login"), None)
    assert user.email not in record.getMessage()


def test_too_many_failed_sign_ins_for_one_address_are_logged_without_the_address(client, caplog, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "1/5m/key"}
    user = UserFactory()
    wrong = {"login": user.email, "password": "wrong-password-1"}
    client.post(reverse("account_login"), wrong)
    assert not _records(caplog, "refused")
    response = client.post(reverse("account_login"), {**wrong, "password": PASSWORD})
    assert response.status_code == 200  # refused even with the right password, as a form error
    assert "_auth_user_id" not in client.session
    [record] = _records(caplog, "refused")
    assert record.name == "civic_portal.accounts.adapter"
    assert record.reason == "login_failed rate"
    assert user.email not in record.getMessage()


def test_our_mail_rate_limit_refusal_is_logged_with_the_user_id(caplog, settings):
    settings.MAIL_RATE_LIMITS = {**settings.MAIL_RATE_LIMITS, "talent_request": (1, 3600)}
    user = UserFactory()
    rate_limit("talent_request", user)
    assert not _records(caplog, "rate_limited")
    with pytest.raises(ValidationError):
        rate_limit("talent_request", user)
    [record] = _records(caplog, "rate_limited")
    assert record.levelno == logging.WARNING
    assert (record.action, record.user_id) == ("talent_request", user.pk)
    assert user.email not in record.getMessage()


# --- admin bulk actions ----------------------------------------------------------------------------------------


def test_an_admin_action_through_run_for_each_is_logged_with_counts(client, caplog, worker):
    staff = StaffFactory()
    client.force_login(staff)
    space, day, citizen = SpaceFactory(), next_weekday(1), UserFactory()
    pending, cancelled = (
        booking_create(
            user=citizen, space=space, starts_at=at(day, h), ends_at=at(day, h + 1), purpose="p", expected_attendees=2
        )
        for h in (10, 13)
    )
    booking_cancel(booking=cancelled, by=staff)
    with caplog.at_level(logging.INFO), worker.after():
        client.post(
            reverse("admin:facilities_booking_changelist"),
            {"action": "confirm", "_selected_action": [pending.pk, cancelled.pk]},
        )
    pending.refresh_from_db()
    assert pending.status == BookingStatus.CONFIRMED
    [record] = _records(caplog, "admin_action")
    assert record.name == "facilities.admin"
    assert (record.action, record.model, record.user_id) == ("confirm", "facilities.Booking", staff.pk)
    assert (record.done, record.refused) == (1, 1)
    assert staff.email not in record.getMessage()


def test_an_admin_action_of_its_own_loop_is_logged_with_counts(client, caplog, worker):
    staff = StaffFactory()
    client.force_login(staff)
    ready = GroupFactory(
        status=GroupStatus.SUBMITTED,
        registration_number=None,
        member_count=6,
        managers=[UserFactory()],
        **dict.fromkeys(Group.DECLARATION_FIELDS, True),
    )
    draft = GroupFactory(status=GroupStatus.DRAFT, registration_number=None)
    with caplog.at_level(logging.INFO), worker.after():
        client.post(
            reverse("admin:groups_group_changelist"),
            {"action": "approve", "_selected_action": [ready.pk, draft.pk]},
        )
    [record] = _records(caplog, "admin_action")
    assert record.name == "groups.admin.register"
    assert (record.action, record.model, record.user_id, record.done, record.refused) == (
        "approve",
        "groups.Group",
        staff.pk,
        1,
        1,
    )
    assert ready.name not in record.getMessage()


# --- imports ---------------------------------------------------------------------------------------------------


def test_an_admin_import_logs_its_preview_and_its_confirmation(client, caplog, worker):
    from tests.core import admin_imports as flow

    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    with caplog.at_level(logging.INFO):
        content = (FIXTURES / "action_plan_yamaguchi.csv").read_bytes()
        flow.imported(client, worker, "indicators_actionitem", "plan.csv", content)
    dry_run, saved = _records(caplog, "import")
    assert dry_run.name == saved.name == "indicators.importers.plans"
    assert (dry_run.model, dry_run.user_id) == ("indicators.ActionItem", staff.pk)
    assert (dry_run.new, dry_run.dry_run, dry_run.saved) == (46, True, False)
    assert (saved.new, saved.updated, saved.errors, saved.dry_run, saved.saved) == (46, 0, 0, False, True)
    assert saved.rows == 46
    assert f"by user {staff.pk}" in saved.getMessage()


def test_an_import_refused_for_a_bad_row_logs_its_errors_as_not_saved(caplog, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("plan_code,item_code,title,kind\r\np,A-1,良い行,new\r\np,A-2,,odd\r\n", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        report = import_file(bad, PlanItemResource)
    assert not report.saved
    [record] = _records(caplog, "import")
    assert (record.rows, record.errors, record.dry_run, record.saved, record.user_id) == (2, 1, False, False, None)


# --- task failures ---------------------------------------------------------------------------------------------


def test_a_failing_task_run_by_the_worker_is_logged_with_id_task_and_exception_class(caplog, worker):
    group = GroupFactory()
    failed = failing_task.enqueue(group.pk)
    succeeding_task.enqueue()
    worker.run()
    assert DBTaskResult.objects.get(pk=failed.id).status == "FAILED"
    [record] = _records(caplog, "task_failed")
    assert record.levelno == logging.ERROR
    assert record.task_id == str(failed.id)
    assert record.task == "tests.core.test_logging.failing_task"
    assert record.exception == "builtins.ValueError"
    assert group.contact_email not in record.getMessage()
    assert record.exc_info is None  # the traceback, with the exception's text, stays on the task's row


# --- the format ------------------------------------------------------------------------------------------------


def test_json_formatter_writes_one_object_per_line_with_extra_fields_and_no_query_string():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.json_probe")
    logger.addHandler(handler)
    logger.propagate = False
    request = RequestFactory().get("/admin/groups/group/", {"q": "someone@example.jp"})
    try:
        logger.warning("改行\nを含む %s", "メッセージ", extra={"user_id": 7, "request": request})
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert set(first) == {"time", "level", "logger", "message", "user_id", "request"}
    assert first["level"] == "WARNING"
    assert first["logger"] == "tests.json_probe"
    assert first["message"] == "改行\nを含む メッセージ"
    assert first["user_id"] == 7
    assert first["request"] == "GET /admin/groups/group/"
    assert first["time"].endswith("+00:00")
    assert "RuntimeError: boom" in second["exception"]


def _prod(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOG_")}
    clean.update({"DJANGO_SETTINGS_MODULE": "civic_portal.settings.prod", **PROD_ENV, **env})
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


EMIT = (
    "import django, logging; django.setup(); "
    "logging.getLogger('groups.admin').info('imported', extra={'user_id': 3}); "
    "logging.getLogger('groups.admin').debug('detail'); "
    "logging.getLogger('some.library').info('chatter'); "
    "logging.getLogger('some.library').warning('library warning')"
)


def test_production_writes_json_lines_when_log_format_is_json():
    result = _prod({"LOG_FORMAT": "json"}, EMIT)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(line["logger"], line["message"]) for line in lines] == [
        ("groups.admin", "imported"),
        ("some.library", "library warning"),
    ]
    assert lines[0]["user_id"] == 3


def test_production_log_level_sets_the_portal_loggers():
    result = _prod({"LOG_LEVEL": "debug"}, EMIT)
    assert result.returncode == 0, result.stderr
    assert [line.split(" ", 3)[2:] for line in result.stderr.splitlines()] == [
        ["INFO", "groups.admin imported"],
        ["DEBUG", "groups.admin detail"],
        ["WARNING", "some.library library warning"],
    ]


def test_production_refuses_an_unknown_log_format_in_one_line():
    result = _prod({"LOG_FORMAT": "xml"}, "import django; django.setup()")
    assert result.returncode != 0
    assert "LOG_FORMAT must be one of text, json, not 'xml'." in result.stderr
