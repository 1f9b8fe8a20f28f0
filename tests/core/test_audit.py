"""Every change to money, rules, decisions and personal data leaves a history row: old and new values, who, where."""

import datetime as dt

import pytest
import tablib
from django.apps import apps
from django.contrib.auth.models import Group as Role
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from civic_portal.accounts.roles import GRANT_REVIEWERS
from civic_portal.core.models import AuditEvent
from facilities.models import FeeRate, Loan
from groups.models import Group
from tests.core import admin_imports as flow
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import EquipmentTypeFactory, FeeRateFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db


def _events(label):
    return AuditEvent.objects.filter(pgh_obj_model=label).order_by("pgh_created_at", "pgh_id")


def _change_form_data(response):
    """The POST a person sends when saving an admin change page unchanged (main form and inline formsets)."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None and not field.disabled:
            data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is not None:
                    data[sub.add_prefix(name)] = value
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def _whole_day_rates(hourly_fee):
    """The weekday rate of a space whose bands cover its opening day (09:00–21:00) on both day types, as the
    admin requires before it saves them."""
    rate = FeeRateFactory(hourly_fee=hourly_fee, starts=dt.time(9), ends=dt.time(21))
    FeeRateFactory(space=rate.space, day_type="holiday", hourly_fee=hourly_fee, starts=dt.time(9), ends=dt.time(21))
    return rate


def _fee_key(data, rate):
    """The hourly-fee field of `rate`'s row in the space's inline formset."""
    prefix = next(k for k, v in data.items() if k.endswith("-id") and str(v) == str(rate.pk))[: -len("id")]
    return f"{prefix}hourly_fee"


def test_a_fee_rate_changed_in_the_admin_leaves_old_and_new_values_that_staff_read_and_cannot_edit(client):
    rate = _whole_day_rates(hourly_fee=600)
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("admin:facilities_space_change", args=[rate.space_id])
    data = _change_form_data(client.get(url))
    data[_fee_key(data, rate)] = "800"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert FeeRate.objects.get(pk=rate.pk).hourly_fee == 800

    event = _events("facilities.FeeRate").last()
    assert event.pgh_label == "update"
    assert event.pgh_diff["hourly_fee"] == [600, 800]
    assert event.user == staff
    assert event.source == "admin"
    assert event.ip == "127.0.0.1"

    listing = client.get(reverse("admin:core_auditevent_changelist"), {"obj": f"facilities.FeeRate:{rate.pk}"})
    assert listing.status_code == 200
    assert "800" in listing.content.decode()
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403


@pytest.mark.parametrize(
    ("proxies", "recorded"),
    [(0, "127.0.0.1"), (1, "203.0.113.7")],  # without a trusted proxy a forwarded address is not believed
)
def test_behind_the_reverse_proxy_the_client_address_is_recorded(client, settings, proxies, recorded):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    rate = _whole_day_rates(hourly_fee=600)
    client.force_login(StaffFactory())
    url = reverse("admin:facilities_space_change", args=[rate.space_id])
    data = _change_form_data(client.get(url))
    data[_fee_key(data, rate)] = "700"
    response = client.post(url, data, headers={"x-forwarded-for": "203.0.113.7"})
    assert response.status_code == 302
    assert _events("facilities.FeeRate").last().ip == recorded


def test_bulk_updates_are_caught_by_the_database():
    staff_type = EquipmentTypeFactory(stock=5)
    user = UserFactory()
    start = timezone.now() + dt.timedelta(days=3)
    loans = Loan.objects.bulk_create(
        [Loan(equipment_type=staff_type, quantity=1, user=user, starts_at=start, ends_at=start + dt.timedelta(hours=2))]
    )
    Loan.objects.filter(pk__in=[loan.pk for loan in loans]).update(quantity=2)
    events = list(_events("facilities.Loan"))
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[-1].pgh_diff["quantity"] == [1, 2]


def test_a_group_import_is_recorded_with_its_source_and_the_person(client, worker):
    group = GroupFactory(member_count=5)
    staff = StaffFactory()
    client.force_login(staff)
    content = tablib.Dataset([group.pk, 8], headers=["id", "member_count"]).export("csv").encode()
    job = flow.imported(client, worker, "groups_group", "g.csv", content)  # run by the worker, not in a request
    assert job.is_done
    assert Group.objects.get().member_count == 8
    event = _events("groups.Group").filter(pgh_label="update").last()
    assert event.pgh_diff["member_count"] == [5, 8]
    assert event.source == "import"
    assert event.user == staff


def test_history_cannot_be_changed_even_in_sql():
    FeeRateFactory()
    table = AuditEvent.objects.filter(pgh_obj_model="facilities.FeeRate").get().pgh_model.replace(".", "_").lower()
    for sql in (f"UPDATE {table} SET hourly_fee = 1", f"DELETE FROM {table}"):  # noqa: S608 - our own table name
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


def test_role_changes_are_recorded():
    user = UserFactory()
    user.groups.add(Role.objects.get(name=GRANT_REVIEWERS))
    event = apps.get_model("accounts", "UserRoleEvent").objects.get()
    assert (event.pgh_label, event.user_id, event.group.name) == ("role.add", user.pk, GRANT_REVIEWERS)


def test_the_history_list_opens_from_a_tracked_object_and_has_no_edit_or_delete(client):
    group, other = GroupFactory(), GroupFactory()
    client.force_login(StaffFactory())
    response = client.get(reverse("admin:groups_group_history", args=[group.pk]))
    assert response.status_code == 302
    assert response.url.endswith(f"?obj=groups.Group:{group.pk}&method=tracks")
    listing = client.get(response.url)
    assert listing.status_code == 200
    assert "変更履歴" in listing.content.decode()
    assert {(e.pgh_obj_model, e.pgh_obj_id) for e in listing.context["cl"].result_list} == {
        ("groups.Group", str(group.pk))
    }, f"only this group's history, not {other}'s"


def test_sealed_scores_stay_out_of_the_history_until_the_review_closes(client):
    import time_machine

    from grants import services
    from grants.models import Status
    from tests.factories.grants import ApplicationFactory, ReviewerFactory, RoundFactory

    tokyo = dt.timezone(dt.timedelta(hours=9))
    with time_machine.travel(dt.datetime(2026, 5, 10, 10, 0, tzinfo=tokyo), tick=False):
        staff = StaffFactory()
        grant_round = RoundFactory()
        mine = ReviewerFactory(round=grant_round, user=staff, role="staff")
        colleague = ReviewerFactory(round=grant_round, user=UserFactory())
        application = ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW)
        points = {c.pk: (4, "同僚だけのコメント") for c in grant_round.criteria.all()}
        services.scoresheet_save(
            reviewer=colleague, application=application, points=points, comment="総評", submit=True
        )
        own = {c.pk: (2, "") for c in grant_round.criteria.all()}
        services.scoresheet_save(reviewer=mine, application=application, points=own, comment="", submit=False)
        client.force_login(staff)
        page = client.get(reverse("admin:core_auditevent_changelist"), {"model": "grants.Score"}).content.decode()
        assert "同僚だけのコメント" not in page
        assert "同僚の総評" not in page
        everything = client.get(reverse("admin:core_auditevent_changelist"))
        assert "同僚の総評" not in everything.content.decode()
        listed = everything.context["cl"].result_list
        score_events = [e for e in listed if e.pgh_obj_model == "grants.Score"]
        assert score_events
        assert {e.pgh_data["sheet_id"] for e in score_events} == {mine.sheets.get().pk}


def test_view_on_site_answers_404_for_the_audit_list(client):
    from django.contrib.contenttypes.models import ContentType

    client.force_login(StaffFactory())
    audit = ContentType.objects.get_for_model(AuditEvent, for_concrete_model=False)
    assert client.get(f"/admin/r/{audit.pk}/1/").status_code == 404
    assert client.get(f"/admin/r/{'０' * 2}{audit.pk}/1/").status_code == 404
