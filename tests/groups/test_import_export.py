"""The register's spreadsheet round trip in the admin, as center staff do it: export, edit one cell, import."""

import io

import pytest
import tablib
from django.urls import reverse

from groups.models import Group, GroupEditLog
from tests.core import admin_imports as flow
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.groups import AreaFactory, GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _format_index(response, name):
    form = response.context["form"]
    field = form.fields["format"]
    return next(str(value) for value, label in field.choices if str(label).lower() == name)


def _export(client, name):
    url = reverse("admin:groups_group_export")
    page = client.get(url)
    assert page.status_code == 200
    data = {"format": _format_index(page, name), "resource": 0}
    data.update(dict.fromkeys(page.context["form"].resource_fields["GroupResource"], "on"))
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def _import(client, worker, name, content):
    """Upload on the import page and let the worker make the preview: the job as its page shows it."""
    return flow.previewed(client, worker, "groups_group", f"groups.{name}", content, fmt=name)


def _confirm(client, worker, job):
    with worker.after():
        assert flow.confirm(client, job).status_code == 302
    job.refresh_from_db()
    assert job.is_done, (job.status, job.message, job.errors)
    return job


def _load(name, content):
    return tablib.Dataset().load(io.BytesIO(content) if name == "xlsx" else content.decode("utf-8-sig"), format=name)


def _with_member_count(name, dataset, group_id, count):
    column = dataset.headers.index("member_count")
    rows = [list(row) for row in dataset]
    for row in rows:
        if int(row[dataset.headers.index("id")]) == group_id:
            row[column] = count
    edited = tablib.Dataset(*rows, headers=dataset.headers)
    return edited.export(name) if name == "xlsx" else edited.export("csv").encode()


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_export_re_imports_unchanged_and_one_edit_is_logged_by_the_service(staff_client, staff, worker, name):
    area = AreaFactory(name="彦島")
    first = GroupFactory(member_count=12, fields=[1, 3], representative_phone="083-000-0000")
    first.areas.add(area)
    GroupFactory(contact_email="quiet@example.jp", publish_contact_email=False)
    before = list(Group.objects.order_by("id").values())
    content = _export(staff_client, name)
    dataset = _load(name, content)
    assert "representative_phone" in dataset.headers
    assert "contact_email" in dataset.headers

    job = _import(staff_client, worker, name, content)
    assert job.is_ready
    assert (job.error_count, job.updated, job.new, job.skipped) == (0, 0, 0, 2)
    _confirm(staff_client, worker, job)
    assert list(Group.objects.order_by("id").values()) == before

    job = _import(staff_client, worker, name, _with_member_count(name, dataset, first.pk, 15))
    assert job.updated == 1
    _confirm(staff_client, worker, job)
    first.refresh_from_db()
    assert first.member_count == 15
    assert sorted(first.activity_fields.values_list("code", flat=True)) == [1, 3]
    assert list(first.areas.all()) == [area]
    log = GroupEditLog.objects.get(group=first)
    assert log.fields == ["member_count"]
    assert log.edited_by == staff


def test_import_pages_are_japanese(staff_client):
    assert "インポート" in staff_client.get(reverse("admin:groups_group_import")).content.decode()
    assert "エクスポート" in staff_client.get(reverse("admin:groups_group_export")).content.decode()


def _csv(headers, *rows):
    return tablib.Dataset(*rows, headers=headers).export("csv").encode()


def _errors(job):
    assert job.is_failed
    return {entry["row"]: " ".join(message for _column, message in entry["errors"]) for entry in job.errors}


def test_a_file_with_an_unknown_column_is_refused_whole(staff_client, worker):
    group = GroupFactory(member_count=5)
    job = _import(staff_client, worker, "csv", _csv(["id", "member_count", "secret"], [group.pk, 9, "x"]))
    assert "取り込めません: secret" in _errors(job)[1]
    group.refresh_from_db()
    assert group.member_count == 5


def test_an_id_that_is_not_on_the_register_is_refused_with_its_row_number(staff_client, worker):
    group = GroupFactory(member_count=5)
    job = _import(staff_client, worker, "csv", _csv(["id", "member_count"], [group.pk, 9], [group.pk + 1000, 3]))
    errors = _errors(job)
    assert list(errors) == [2]
    assert f"id {group.pk + 1000} の市民活動団体はありません" in errors[2]
    group.refresh_from_db()
    assert group.member_count == 5
    assert not GroupEditLog.objects.exists()


def test_workflow_columns_are_shown_but_never_imported(staff_client, worker):
    group = GroupFactory(status="registered")
    content = _csv(["id", "status", "registration_number"], [group.pk, "draft", "X-1"])
    job = _import(staff_client, worker, "csv", content)
    _confirm(staff_client, worker, job)
    group.refresh_from_db()
    assert group.status == "registered"
    assert group.registration_number != "X-1"


def test_without_the_personal_data_permission_no_personal_column_goes_out_or_comes_in(client, worker):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_group", "change_group"]))
    client.force_login(clerk)
    group = GroupFactory(contact_email="private@example.jp", publish_contact_email=False)
    content = _export(client, "csv")
    assert b"private@example.jp" not in content
    assert "contact_email" not in _load("csv", content).headers
    job = _import(client, worker, "csv", _csv(["id", "contact_email"], [group.pk, "evil@example.jp"]))
    assert "取り込めません: contact_email" in _errors(job)[1]
    group.refresh_from_db()
    assert group.contact_email == "private@example.jp"


def test_rows_that_add_groups_need_the_add_permission(client, worker):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_group", "change_group"]))
    client.force_login(clerk)
    job = _import(client, worker, "csv", _csv(["id", "name"], ["", "新しい会"]))
    assert "追加する権限がありません" in _errors(job)[1]
    assert not Group.objects.exists()


def test_export_and_import_need_permissions(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:groups_group_export")).status_code == 403
    assert client.get(reverse("admin:groups_group_import")).status_code == 403
