"""The events back office as center staff use it: approve through the service (a clash is reported by name and
nothing is approved), import events and participants through the services, export them."""

import datetime as dt

import pytest
from django.urls import reverse
from tablib import Dataset

from civic_portal.center.admin.events import EventResource, SignupResource
from civic_portal.center.models import Event, EventStatus, Signup, SignupStatus
from civic_portal.center.services import events as services
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.center import EventFactory
from tests.factories.facilities import SpaceFactory, at, booked
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
DAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def _proposal(space):
    manager, group = manager_with_group()
    values = {
        "kind": "exchange", "title": "団体交流会", "description": "交流", "capacity": 10, "space": space,
        "outside_venue": "", "signup_deadline": at(DAY, 9), "cancel_deadline": at(DAY, 9),
    }  # fmt: skip
    return services.event_propose(by=manager, group=group, values=values, sessions=[(at(DAY, 13), at(DAY, 15))])


def _action(client, action, pks, model="event"):
    return client.post(
        reverse(f"admin:center_{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks], "index": "0"},
        follow=True,
    )


def test_staff_approve_in_the_admin_and_a_clash_is_named_and_approves_nothing(client):
    space = SpaceFactory()
    ok, clash = _proposal(space), _proposal(SpaceFactory())
    booked(clash.space, DAY, hours=(14, 16))
    client.force_login(StaffFactory())
    response = _action(client, "approve", [ok.pk, clash.pk])
    html = response.content.decode()
    assert "1件を承認しました" in html
    assert "団体交流会: 2026-06-15 13:00: この時間帯はすでに予約が入っています" in html
    ok.refresh_from_db()
    clash.refresh_from_db()
    assert (ok.status, clash.status) == (EventStatus.APPROVED, EventStatus.PROPOSED)


def test_admin_pages_render_for_center_staff(client):
    event = _proposal(SpaceFactory())
    services.event_approve(event=event, by=StaffFactory())
    services.signup_create(event=event, user=UserFactory())
    client.force_login(StaffFactory())
    for url in (
        reverse("admin:center_event_changelist"),
        reverse("admin:center_event_change", args=[event.pk]),
        reverse("admin:center_event_add"),
        reverse("admin:center_signup_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_event_import_proposes_each_new_row_and_refuses_the_file_on_a_bad_row():
    staff = StaffFactory()
    headers = ["id", "kind", "title", "description", "capacity", "fee", "outside_venue", "signup_deadline",
               "cancel_deadline", "guests_allowed", "starts_at", "ends_at"]  # fmt: skip
    good = ["", "course", "NPO法人化講座", "法人化の手続き", "30", "0", "公民館", "2026-06-10 17:00:00",
            "2026-06-12 17:00:00", "1", "2026-06-15 13:00:00", "2026-06-15 15:00:00"]  # fmt: skip
    bad = [*good[:2], "定員ゼロ", *good[3:4], "0", *good[5:]]
    result = EventResource().import_data(Dataset(good, bad, headers=headers), dry_run=False, user=staff)
    assert result.has_validation_errors()
    assert not result.has_errors()
    assert "定員は1人から10,000人まで" in str(result.invalid_rows[0].error_dict)
    assert Event.objects.count() == 0
    result = EventResource().import_data(Dataset(good, headers=headers), dry_run=False, user=staff)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    event = Event.objects.get()
    assert (event.status, event.group, event.sessions.count()) == (EventStatus.PROPOSED, None, 1)
    exported = EventResource().export()
    assert exported.dict[0]["title"] == "NPO法人化講座"
    assert exported.dict[0]["starts_at"]


def test_participant_import_signs_up_through_the_service_and_export_lists_them():
    event = EventFactory(capacity=1)
    users = [UserFactory(), UserFactory()]
    rows = [["", str(event.pk), u.email] for u in users]
    result = SignupResource().import_data(Dataset(*rows, headers=["id", "event", "user"]), dry_run=False)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    statuses = list(Signup.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]
    assert {row["user"] for row in SignupResource().export().dict} == {u.email for u in users}
