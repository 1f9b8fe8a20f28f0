"""A city's files through the real path: 5,000 groups and a 5,000-item plan, uploaded in the admin, previewed and
imported by `manage.py db_worker`. The times are printed (run with -s), never asserted; the rows are."""

import time

import pytest
from django.test import Client

from civic_portal.core.models import ImportStatus
from groups.models import Group
from indicators.models import ActionItem, ItemDepartment, YearPlan
from tests.core import admin_imports as flow
from tests.core import import_files as files
from tests.factories.accounts import StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
ROWS = 5000


def _timed_import(admin_name, content):
    client = Client()
    client.force_login(StaffFactory())
    job = flow.job_of(flow.upload(client, admin_name, "city.csv", content))
    started = time.perf_counter()
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--queue-name=*", "--no-startup-delay", "--no-reload", verbosity=0)
    previewed = time.perf_counter()
    job.refresh_from_db()
    assert job.status == ImportStatus.READY, (job.message, job.errors[:3])
    flow.confirm(client, job)
    confirmed = time.perf_counter()
    call_command("db_worker", "--batch", "--queue-name=*", "--no-startup-delay", "--no-reload", verbosity=0)
    imported = time.perf_counter()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, (job.message, job.errors[:3])
    print(
        f"\n{admin_name}: {ROWS} rows, preview {previewed - started:.1f} s, import {imported - confirmed:.1f} s, "
        f"total {previewed - started + imported - confirmed:.1f} s"
    )
    return job


def test_five_thousand_groups(worker):
    files.make_areas()
    rows = files.group_rows(ROWS)
    job = _timed_import("groups_group", files.csv_bytes(files.GROUP_HEADERS, rows))
    assert (job.new, job.rows_done) == (ROWS, ROWS)
    assert Group.objects.count() == ROWS
    links = sum(len(set(row[7].split(";"))) for row in rows)
    assert Group.activity_fields.through.objects.count() == links
    assert Group.areas.through.objects.count() == sum(len(set(row[8].split(";"))) for row in rows)


def test_a_five_thousand_item_plan(worker):
    rows = files.plan_rows(ROWS)
    job = _timed_import("indicators_actionitem", files.csv_bytes(files.PLAN_HEADERS, rows))
    assert job.new == ROWS
    assert ActionItem.objects.count() == ROWS
    assert YearPlan.objects.count() == sum(1 for row in rows for stage in row[13:18] if stage)
    assert ItemDepartment.objects.count() == sum(len(row[8].split(";")) for row in rows)
