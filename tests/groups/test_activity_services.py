import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from groups.models import GroupStatus
from groups.models.activity import ActivityRecord, ActivityStatus, PointEntry, PointEntryKind, PointRate
from groups.models.volunteers import ApplicationStatus
from groups.selectors import activity as selectors
from groups.services import activity as services
from indicators import computed
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.activity import ActivityRecordFactory, accepted_application
from tests.factories.groups import GroupFactory
from tests.factories.volunteers import VolunteerApplicationFactory

pytestmark = pytest.mark.django_db

TOKYO = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2026, 7, 15, 10, 0, tzinfo=TOKYO)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _record(application, user, **overrides):
    values = {"date": TODAY - dt.timedelta(days=1), "hours": Decimal("2.5"), "description": "受付の手伝い"}
    return services.activity_record(application=application, user=user, **{**values, **overrides})


def test_group_records_confirmed_at_once_logged_and_volunteer_emailed(worker):
    manager, application = accepted_application()
    with worker.after():
        record = _record(application, manager)
    assert record.status == ActivityStatus.CONFIRMED
    log = list(record.status_changes.values_list("from_status", "to_status", "changed_by"))
    assert log == [("", ActivityStatus.CONFIRMED, manager.pk)]
    assert [m.to for m in mail.outbox] == [[application.volunteer.user.email]]
    assert "2.5時間" in mail.outbox[0].body


def test_volunteer_records_then_group_confirms(worker):
    manager, application = accepted_application()
    volunteer = application.volunteer.user
    with worker.after():
        record = _record(application, volunteer)
    assert record.status == ActivityStatus.RECORDED
    assert mail.outbox[-1].to == [manager.email]
    assert "確認をお願いします" in mail.outbox[-1].subject
    with worker.after():
        services.activity_confirm(record=record, user=manager)
    record.refresh_from_db()
    assert record.status == ActivityStatus.CONFIRMED
    assert list(record.status_changes.values_list("to_status", flat=True)) == ["recorded", "confirmed"]
    assert mail.outbox[-1].to == [volunteer.email]


def test_reject_needs_a_reason_and_is_final(worker):
    manager, application = accepted_application()
    record = _record(application, application.volunteer.user)
    with pytest.raises(ValidationError) as exc:
        services.activity_reject(record=record, user=manager, note="  ")
    assert "note" in exc.value.error_dict
    with worker.after():
        services.activity_reject(record=record, user=manager, note="当日は不参加でした")
    record.refresh_from_db()
    assert record.status == ActivityStatus.REJECTED
    assert record.status_changes.last().note == "当日は不参加でした"
    assert "不参加" in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        services.activity_confirm(record=record, user=manager)
    # A rejected day may be recorded again.
    assert _record(application, manager).status == ActivityStatus.CONFIRMED


def test_only_the_groups_managers_confirm_not_the_volunteer_nor_staff():
    _manager, application = accepted_application()
    record = _record(application, application.volunteer.user)
    for user in (application.volunteer.user, StaffFactory(), UserFactory()):
        with pytest.raises(PermissionDenied):
            services.activity_confirm(record=record, user=user)
    assert ActivityRecord.objects.get().status == ActivityStatus.RECORDED


def test_others_cannot_record():
    _manager, application = accepted_application()
    for user in (UserFactory(), StaffFactory()):
        with pytest.raises(PermissionDenied):
            _record(application, user)
    assert not ActivityRecord.objects.exists()


@pytest.mark.parametrize("status", [ApplicationStatus.APPLIED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN])
def test_only_accepted_applications_get_records(status):
    manager, application = accepted_application()
    application.status = status
    application.save()
    with pytest.raises(ValidationError, match="受入が決定した応募"):
        _record(application, manager)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "date"),
        ({"hours": Decimal("0.1")}, "hours"),
        ({"hours": Decimal("24.25")}, "hours"),
        ({"description": "   "}, "description"),
    ],
)
def test_bad_data_is_refused_with_a_message_on_its_field(overrides, field):
    manager, application = accepted_application()
    with pytest.raises(ValidationError) as exc:
        _record(application, manager, **overrides)
    assert field in exc.value.error_dict
    assert not ActivityRecord.objects.exists()


def test_one_record_a_day_per_match():
    manager, application = accepted_application()
    _record(application, manager)
    with pytest.raises(ValidationError) as exc:
        _record(application, application.volunteer.user)
    assert "date" in exc.value.error_dict
    assert "すでに記録" in exc.value.messages[0]


def test_the_database_refuses_hours_out_of_range():
    record = ActivityRecordFactory.build(hours=Decimal("25"))
    record.application = ActivityRecordFactory().application
    record.date = TODAY - dt.timedelta(days=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_certificate_counts_confirmed_records_only_per_group():
    manager, application = accepted_application()
    other_manager, other = accepted_application(volunteer=application.volunteer)
    _record(application, manager, date=dt.date(2026, 4, 10), hours=Decimal("2"))
    _record(application, manager, date=dt.date(2026, 5, 10), hours=Decimal("1.25"))
    _record(application, application.volunteer.user, date=dt.date(2026, 6, 1), hours=Decimal(8))  # not confirmed
    _record(other, other_manager, date=dt.date(2026, 3, 31), hours=Decimal(3))  # fiscal 2025
    certificate = selectors.activity_certificate(application.volunteer)
    assert certificate.total_hours == Decimal("6.25")
    assert certificate.total_days == 3
    assert [row.group_name for row in certificate.rows] == [other.need.group.name, application.need.group.name]
    row = certificate.rows[1]
    assert (row.first_date, row.last_date, row.days, row.hours) == (
        dt.date(2026, 4, 10),
        dt.date(2026, 5, 10),
        2,
        Decimal("3.25"),
    )
    year = selectors.activity_certificate(application.volunteer, fiscal_year=2026)
    assert year.total_hours == Decimal("3.25")
    assert year.start == dt.date(2026, 4, 1)


def test_yearly_figures_feed_the_indicators():
    manager, application = accepted_application()
    _record(application, manager, date=dt.date(2026, 4, 1), hours=Decimal("1.5"))
    _record(application, manager, date=dt.date(2026, 3, 31), hours=Decimal(2))
    _record(application, application.volunteer.user, date=dt.date(2026, 5, 1))  # awaiting: not counted
    assert computed.compute("volunteer_activity_records", 2026) == 1
    assert computed.compute("volunteer_activity_hours", 2026) == Decimal("1.5")
    assert computed.compute("volunteer_activity_hours", 2025) == Decimal(2)
    assert computed.compute("volunteer_activity_hours", 2027) is None


def test_points_earned_at_the_rate_of_the_day(settings):
    settings.VOLUNTEER_POINTS_ENABLED = True
    PointRate.objects.create(valid_from=dt.date(2026, 4, 1), points_per_hour=10)
    PointRate.objects.create(valid_from=dt.date(2026, 7, 1), points_per_hour=20)
    manager, application = accepted_application()
    _record(application, manager, date=dt.date(2026, 6, 30), hours=Decimal("2.25"))  # 22.5 → 22
    record = _record(application, application.volunteer.user, date=dt.date(2026, 7, 1), hours=Decimal(1))
    assert services.point_balance(application.volunteer) == 22
    services.activity_confirm(record=record, user=manager)
    assert services.point_balance(application.volunteer) == 42
    assert PointEntry.objects.filter(kind=PointEntryKind.EARNED).count() == 2


def test_no_points_before_any_rate_or_when_switched_off(settings):
    manager, application = accepted_application()
    _record(application, manager)
    assert services.point_balance(application.volunteer) == 0
    settings.VOLUNTEER_POINTS_ENABLED = False
    PointRate.objects.create(valid_from=dt.date(2020, 4, 1), points_per_hour=10)
    _record(application, manager, date=TODAY - dt.timedelta(days=2))
    assert not PointEntry.objects.exists()


def test_donation_to_a_registered_group_never_overspends(settings, worker):
    settings.VOLUNTEER_POINTS_ENABLED = True
    PointRate.objects.create(valid_from=dt.date(2026, 4, 1), points_per_hour=10)
    manager, application = accepted_application()
    _record(application, manager, hours=Decimal(3))
    profile, user = application.volunteer, application.volunteer.user
    group = application.need.group
    with worker.after():
        services.points_donate(profile=profile, user=user, group=group, points=20)
    assert services.point_balance(profile) == 10
    assert mail.outbox[-1].to == [manager.email]
    with pytest.raises(ValidationError, match="残り10ポイント"):
        services.points_donate(profile=profile, user=user, group=group, points=11)
    with pytest.raises(ValidationError):
        services.points_donate(profile=profile, user=user, group=group, points=0)
    draft = GroupFactory(status=GroupStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.points_donate(profile=profile, user=user, group=draft, points=1)
    with pytest.raises(PermissionDenied):
        services.points_donate(profile=profile, user=UserFactory(), group=group, points=1)
    assert services.point_balance(profile) == 10


def test_ledger_rows_must_match_their_kind():
    record = ActivityRecordFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PointEntry.objects.create(volunteer=record.application.volunteer, kind=PointEntryKind.EARNED, points=-5)


def test_withdrawn_volunteer_cannot_record():
    manager, application = accepted_application()
    application = VolunteerApplicationFactory(need=application.need, status=ApplicationStatus.ACCEPTED, accepted_at=NOW)
    from groups.services.volunteers import volunteer_withdraw

    volunteer_withdraw(profile=application.volunteer)
    with pytest.raises(ValidationError):
        _record(application, manager)
