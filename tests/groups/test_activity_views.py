import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from groups.models.activity import ActivityRecord, ActivityStatus, PointEntry, PointRate
from groups.models.volunteers import ApplicationStatus
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.activity import ActivityRecordFactory, accepted_application
from tests.factories.volunteers import VolunteerApplicationFactory, VolunteerNeedFactory

pytestmark = pytest.mark.django_db

TOKYO = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2026, 7, 15, 10, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _records(application, count, status=ActivityStatus.CONFIRMED):
    return [
        ActivityRecordFactory(application=application, date=dt.date(2026, 4, 1) + dt.timedelta(days=i), status=status)
        for i in range(count)
    ]


def test_volunteer_records_with_bad_input_kept_then_manager_confirms(client, worker):
    manager, application = accepted_application()
    client.force_login(application.volunteer.user)
    url = reverse("groups:volunteer_activity")
    body = client.get(url).content.decode()
    assert application.need.title in body
    response = client.post(
        url, {"application": application.pk, "date": "2026-07-10", "hours": "1.3", "description": "受付"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["hours"] == ["活動時間は0.25時間（15分）単位で入力してください。"]
    body = response.content.decode()
    assert 'value="2026-07-10"' in body
    assert "受付</textarea>" in body
    response = client.post(url, {"application": application.pk, "date": "2026-07-20", "hours": "2", "description": "x"})
    assert response.context["form"].errors["date"] == ["活動日に未来の日付は入力できません。"]
    with worker.after():
        response = client.post(
            url, {"application": application.pk, "date": "2026-07-10", "hours": "1.25", "description": "受付"}
        )
    assert response.status_code == 302
    record = ActivityRecord.objects.get()
    assert (record.status, record.hours) == (ActivityStatus.RECORDED, Decimal("1.25"))
    assert mail.outbox[-1].to == [manager.email]

    client.force_login(manager)
    pending = client.get(reverse("groups:activity_pending")).content.decode()
    assert "受付" in pending
    response = client.post(reverse("groups:activity_confirm", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ActivityStatus.CONFIRMED


def test_volunteer_cannot_pick_someone_elses_match(client):
    _manager, application = accepted_application()
    _other_manager, other = accepted_application()
    client.force_login(application.volunteer.user)
    response = client.post(
        reverse("groups:volunteer_activity"),
        {"application": other.pk, "date": "2026-07-10", "hours": "1", "description": "受付"},
    )
    assert response.context["form"].errors["application"] == ["受入が決定した募集から選んでください。"]
    assert not ActivityRecord.objects.exists()


def test_without_a_match_the_page_says_so_and_without_a_profile_it_redirects(client):
    application = VolunteerApplicationFactory()  # still pending
    client.force_login(application.volunteer.user)
    body = client.get(reverse("groups:volunteer_activity")).content.decode()
    assert "受入が決定した応募がまだないため" in body
    client.force_login(UserFactory())
    assert client.get(reverse("groups:volunteer_activity")).url == reverse("groups:volunteer_index")
    assert client.get(reverse("groups:volunteer_certificate")).url == reverse("groups:volunteer_index")


def test_manager_records_confirmed_and_bad_input_is_kept(client):
    manager, application = accepted_application()
    client.force_login(manager)
    url = reverse("groups:application_activity", args=[application.pk])
    response = client.post(url, {"date": "2026-07-01", "hours": "30", "description": "設営"})
    assert response.context["form"].errors["hours"] == ["活動時間は24時間以下にしてください。"]
    assert 'value="30"' in response.content.decode()
    response = client.post(url, {"date": "7月1日", "hours": "3", "description": "設営"})
    assert response.context["form"].errors["date"] == ["活動日は 2026-04-01 の形で入力してください。"]
    response = client.post(url, {"date": "2026-07-01", "hours": "3", "description": "設営"})
    assert response.status_code == 302
    assert ActivityRecord.objects.get().status == ActivityStatus.CONFIRMED
    response = client.post(url, {"date": "2026-07-01", "hours": "1", "description": "片付け"})
    assert response.context["form"].errors["date"] == ["この日の活動はすでに記録されています。"]


def test_manager_pages_are_the_groups_managers_only(client):
    _manager, application = accepted_application()
    record = ActivityRecordFactory(application=application, status=ActivityStatus.RECORDED)
    for user in (StaffFactory(), UserFactory(), application.volunteer.user):
        client.force_login(user)
        assert client.get(reverse("groups:application_activity", args=[application.pk])).status_code == 403
        assert client.post(reverse("groups:activity_confirm", args=[record.pk])).status_code == 403
        assert client.get(reverse("groups:activity_reject", args=[record.pk])).status_code == 403
        assert record.pk not in [r.pk for r in client.get(reverse("groups:activity_pending")).context["page_obj"]]
    assert client.get(reverse("groups:activity_reject", args=[record.pk + 1000])).status_code == 404
    assert client.get(reverse("groups:activity_confirm", args=[record.pk])).status_code == 405
    record.refresh_from_db()
    assert record.status == ActivityStatus.RECORDED


def test_reject_asks_a_reason(client, worker):
    manager, application = accepted_application()
    record = ActivityRecordFactory(application=application, status=ActivityStatus.RECORDED)
    client.force_login(manager)
    url = reverse("groups:activity_reject", args=[record.pk])
    response = client.post(url, {"note": ""})
    assert response.context["form"].errors["note"] == ["確認できない理由を入力してください。"]
    with worker.after():
        assert client.post(url, {"note": "その日は休止日でした"}).status_code == 302
    record.refresh_from_db()
    assert record.status == ActivityStatus.REJECTED
    assert "休止日" in mail.outbox[-1].body
    response = client.post(reverse("groups:activity_confirm", args=[record.pk]), follow=True)
    assert "「確認できず」から「確認済み」には進めません。" in response.content.decode()


@override_settings(CENTER_NAME="みどり市市民活動センター")
def test_certificate_prints_confirmed_activity_with_group_and_center(client):
    _manager, application = accepted_application()
    ActivityRecordFactory(application=application, date=dt.date(2026, 4, 5), hours=Decimal("2.5"))
    ActivityRecordFactory(application=application, date=dt.date(2026, 5, 6), hours=Decimal(3))
    ActivityRecordFactory(application=application, date=dt.date(2026, 6, 7), status=ActivityStatus.RECORDED)
    ActivityRecordFactory(application=application, date=dt.date(2025, 6, 7), hours=Decimal(1))
    client.force_login(application.volunteer.user)
    body = client.get(reverse("groups:volunteer_certificate")).content.decode()
    assert "ボランティア活動証明書" in body
    assert application.need.group.name in body
    assert "みどり市市民活動センター" in body
    assert "6.5時間" in body
    assert "css/certificate.css" in body
    body = client.get(reverse("groups:volunteer_certificate") + "?year=2026").content.decode()
    assert "5.5時間" in body
    assert "2026年4月5日〜2026年5月6日" in body
    assert client.get(reverse("groups:volunteer_certificate") + "?year=abc").status_code == 400


def test_certificate_and_history_in_english(client, settings):
    _manager, application = accepted_application()
    ActivityRecordFactory(application=application)
    client.force_login(application.volunteer.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("groups:volunteer_certificate")).content.decode()
    assert "Certificate of volunteer activity" in body
    assert "This certifies that the volunteer did the following volunteer activity." in body
    body = client.get(reverse("groups:volunteer_activity")).content.decode()
    assert "Activity records (newest first)" in body
    assert "In steps of 0.25 (15 minutes)" in body
    for page in (body, client.get(reverse("groups:activity_pending")).content.decode()):
        assert "活動証明書" not in page
        assert "確認待ち" not in page


@pytest.mark.parametrize("size", [2, 15])
def test_pages_take_fixed_queries(client, django_assert_max_num_queries, size, settings):
    settings.VOLUNTEER_POINTS_ENABLED = True
    PointRate.objects.create(valid_from=dt.date(2020, 4, 1), points_per_hour=10)
    manager, application = accepted_application()
    for i in range(size):
        need = VolunteerNeedFactory(group=application.need.group)
        other = VolunteerApplicationFactory(
            need=need, volunteer=application.volunteer, status=ApplicationStatus.ACCEPTED, accepted_at=NOW
        )
        record = ActivityRecordFactory(application=other, date=dt.date(2026, 4, 1) + dt.timedelta(days=i))
        PointEntry.objects.create(volunteer=application.volunteer, kind="earned", points=5, record=record)
        ActivityRecordFactory(application=other, date=dt.date(2026, 6, 1), status=ActivityStatus.RECORDED)
    client.force_login(application.volunteer.user)
    for url in (reverse("groups:volunteer_activity"), reverse("groups:volunteer_certificate")):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    client.force_login(manager)
    for url in (
        reverse("groups:activity_pending"),
        reverse("groups:application_activity", args=[other.pk]),
        reverse("groups:need_candidates", args=[other.need_id]),
    ):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def test_points_donation_page(client, settings):
    settings.VOLUNTEER_POINTS_ENABLED = True
    PointRate.objects.create(valid_from=dt.date(2020, 4, 1), points_per_hour=10)
    manager, application = accepted_application()
    client.force_login(manager)
    client.post(
        reverse("groups:application_activity", args=[application.pk]),
        {"date": "2026-07-01", "hours": "2", "description": "設営"},
    )
    client.force_login(application.volunteer.user)
    assert "現在のポイント：20ポイント" in client.get(reverse("groups:volunteer_activity")).content.decode()
    url = reverse("groups:points_donate")
    group = application.need.group
    response = client.post(url, {"registration_number": "9999-9999", "points": "5"})
    assert response.context["form"].errors["registration_number"] == ["この登録番号の登録団体は見つかりません。"]
    response = client.post(url, {"registration_number": group.registration_number, "points": "50"})
    assert response.context["form"].errors["points"] == ["ポイントが足りません（残り20ポイント）。"]
    assert 'value="50"' in response.content.decode()
    response = client.post(url, {"registration_number": group.registration_number, "points": "5"})
    assert response.status_code == 302
    assert "現在のポイント：15ポイント" in client.get(reverse("groups:volunteer_activity")).content.decode()
