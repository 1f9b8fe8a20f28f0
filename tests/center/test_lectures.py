"""Lectures on request as people meet them: the catalogue, a request, staff's steps in the admin, the figures."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from civic_portal.accounts.roles import CITY_OFFICIALS
from civic_portal.center import selectors
from civic_portal.center.models import LectureRequest, LectureStatus, RequesterKind
from civic_portal.center.services import lectures as services
from indicators.computed import compute
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.center_desk import LectureRequestFactory, LectureTopicFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 6, 1, 3, 0, tzinfo=dt.UTC)  # 12:00 JST, fiscal year 2027
JST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def _form(**fields):
    data = {
        "requester_kind": "school",
        "organisation": "市立南小学校",
        "contact_name": "南 先生",
        "contact_email": "minami@example.jp",
        "contact_phone": "",
        "preferred_date_1": "2027-06-20",
        "preferred_date_2": "2027-07-01",
        "preferred_date_3": "",
        "place": "体育館",
        "audience_size": "120",
        "notes": "",
    }
    return {**data, **fields}


def _admin_action(client, action, requests, **values):
    url = reverse("admin:center_lecturerequest_changelist")
    data = {"action": action, "_selected_action": [r.pk for r in requests], "index": "0", **values}
    return client.post(url, data, follow=True)


# The catalogue and the request form


def test_catalogue_lists_published_topics_only(client, frozen):
    shown = LectureTopicFactory(title="防災の基本")
    LectureTopicFactory(title="準備中の講座", is_published=False)
    html = client.get(reverse("center:lecture_list")).content.decode()
    assert "防災の基本" in html
    assert f'href="{shown.get_absolute_url()}"' in html
    assert "準備中の講座" not in html


def test_an_unpublished_topic_has_no_page(client, frozen):
    topic = LectureTopicFactory(is_published=False)
    assert client.get(reverse("center:lecture_detail", args=[topic.pk])).status_code == 404


def test_a_guest_is_asked_to_sign_in_and_a_guest_post_creates_nothing(client, frozen):
    topic = LectureTopicFactory()
    url = reverse("center:lecture_detail", args=[topic.pk])
    assert "ログインして申し込む" in client.get(url).content.decode()
    response = client.post(url, _form())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not LectureRequest.objects.exists()


def test_a_school_requests_a_lecture_and_gets_a_japanese_email(client, frozen, worker):
    topic = LectureTopicFactory(title="ごみの分け方")
    user = UserFactory()
    client.force_login(user)
    with worker.after():
        response = client.post(reverse("center:lecture_detail", args=[topic.pk]), _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("center:lecture_mine")
    request = LectureRequest.objects.get()
    assert (request.requested_by, request.requester_kind, request.audience_size) == (user, "school", 120)
    assert request.preferred_dates == [dt.date(2027, 6, 20), dt.date(2027, 7, 1)]
    assert request.status == LectureStatus.RECEIVED
    assert list(request.status_changes.values_list("from_status", "to_status")) == [("", "received")]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["minami@example.jp"]
    assert "ごみの分け方" in mail.outbox[0].subject
    assert "受け付けました" in mail.outbox[0].subject
    mine = client.get(reverse("center:lecture_mine")).content.decode()
    assert "ごみの分け方" in mine
    assert "受付" in mine


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"preferred_date_1": "2027-06-01"}, "preferred_date_1", "明日以降"),
        ({"preferred_date_1": "2027-05-01"}, "preferred_date_1", "明日以降"),
        ({"preferred_date_1": "2028-06-02"}, "preferred_date_1", "一年以内"),
        ({"preferred_date_2": "2027-06-20"}, "preferred_date_1", "同じ希望日"),
        ({"preferred_date_1": ""}, "preferred_date_1", "必須"),
        ({"preferred_date_1": "あした"}, "preferred_date_1", "日付"),
        ({"audience_size": "0"}, "audience_size", "1人以上"),
        ({"audience_size": "100000"}, "audience_size", "1000人以下"),
        ({"organisation": ""}, "organisation", "名前を入れてください"),
        ({"requester_kind": "company"}, "requester_kind", "選択"),
        ({"contact_email": "not-an-email"}, "contact_email", "メールアドレス"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_keeps_the_form(client, frozen, fields, field, message):
    topic = LectureTopicFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("center:lecture_detail", args=[topic.pk]), _form(place="公民館 ホール", **fields))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'value="公民館 ホール"' in response.content.decode()
    assert not LectureRequest.objects.exists()


def test_a_citizen_needs_no_organisation(client, frozen):
    client.force_login(UserFactory())
    topic = LectureTopicFactory()
    client.post(reverse("center:lecture_detail", args=[topic.pk]), _form(requester_kind="citizen", organisation=""))
    assert LectureRequest.objects.get().requester_kind == RequesterKind.CITIZEN


def test_the_service_refuses_a_topic_withdrawn_meanwhile(frozen):
    topic = LectureTopicFactory(is_published=False)
    data = {
        "requester_kind": "citizen",
        "contact_name": "市民",
        "preferred_dates": [dt.date(2027, 6, 10)],
        "place": "自宅",
        "audience_size": 5,
    }
    with pytest.raises(ValidationError, match="申し込めません"):
        services.lecture_request_create(user=UserFactory(), topic=topic, data=data)


def test_my_requests_show_only_mine(client, frozen):
    user = UserFactory()
    LectureRequestFactory(requested_by=user, topic__title="自分の講座")
    LectureRequestFactory(topic__title="他人の講座")
    client.force_login(user)
    html = client.get(reverse("center:lecture_mine")).content.decode()
    assert "自分の講座" in html
    assert "他人の講座" not in html


# Staff's steps in the admin


@pytest.fixture
def staff_client(client, frozen):
    staff = StaffFactory()
    client.force_login(staff)
    return client, staff


def test_staff_schedule_a_request_and_the_requester_is_emailed(staff_client, frozen, worker):
    client, staff = staff_client
    request = LectureRequestFactory(topic__title="防災の基本", topic__requester_prepares="マイク")
    with worker.after():
        response = _admin_action(client, "schedule", [request], scheduled_at="2027-06-20T14:00")
    assert "1件の日程を決めました" in response.content.decode()
    request.refresh_from_db()
    assert request.status == LectureStatus.SCHEDULED
    assert request.scheduled_at == dt.datetime(2027, 6, 20, 14, 0, tzinfo=JST)
    log = request.status_changes.last()
    assert (log.from_status, log.to_status, log.changed_by) == ("received", "scheduled", staff)
    assert len(mail.outbox) == 1
    assert "日程が決まりました" in mail.outbox[0].subject
    assert "2027-06-20 14:00" in mail.outbox[0].body
    assert "マイク" in mail.outbox[0].body


@pytest.mark.parametrize("when", ["", "2027-05-31T10:00"])
def test_scheduling_needs_a_future_date(staff_client, frozen, when, worker):
    client, _ = staff_client
    request = LectureRequestFactory()
    with worker.after():
        response = _admin_action(client, "schedule", [request], scheduled_at=when)
    assert "実施日時を未来の日時で入れてください" in response.content.decode()
    request.refresh_from_db()
    assert request.status == LectureStatus.RECEIVED
    assert not mail.outbox


def test_declining_needs_a_reason_which_the_requester_reads(staff_client, frozen, worker):
    client, _ = staff_client
    request = LectureRequestFactory()
    response = _admin_action(client, "decline", [request], note="")
    assert "お断りの理由を入れてください" in response.content.decode()
    with worker.after():
        _admin_action(client, "decline", [request], note="担当者の都合がつきません")
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (LectureStatus.DECLINED, "担当者の都合がつきません")
    assert "担当者の都合がつきません" in mail.outbox[0].body


def test_delivery_is_recorded_after_the_lecture_with_attendance(staff_client, frozen):
    client, _ = staff_client
    request = LectureRequestFactory()
    services.lecture_request_schedule(request=request, by=None, scheduled_at=NOON + dt.timedelta(days=2))
    response = _admin_action(client, "deliver", [request], attendance="40")
    assert "実施日時の前には実施済みにできません" in response.content.decode()
    frozen.shift(dt.timedelta(days=3))
    response = _admin_action(client, "deliver", [request], attendance="")
    assert "参加者数を入れてください" in response.content.decode()
    _admin_action(client, "deliver", [request], attendance="40")
    request.refresh_from_db()
    assert (request.status, request.attendance) == (LectureStatus.DELIVERED, 40)
    assert [c.to_status for c in request.status_changes.all()] == ["scheduled", "delivered"]


def test_a_delivered_request_cannot_be_declined(staff_client, frozen):
    client, _ = staff_client
    request = LectureRequestFactory(status=LectureStatus.DELIVERED, scheduled_at=NOON, attendance=3)
    response = _admin_action(client, "decline", [request], note="理由")
    assert "には進めません" in response.content.decode()


def test_staff_cannot_add_or_edit_a_request_by_hand(staff_client, frozen):
    client, _ = staff_client
    request = LectureRequestFactory()
    assert client.get(reverse("admin:center_lecturerequest_add")).status_code == 403
    client.post(reverse("admin:center_lecturerequest_change", args=[request.pk]), {"status": "delivered"})
    request.refresh_from_db()
    assert request.status == LectureStatus.RECEIVED


def test_staff_export_the_catalogue(staff_client, frozen):
    client, _ = staff_client
    LectureTopicFactory(title="輸出する講座")
    response = client.post(
        reverse("admin:center_lecturetopic_export"),
        {"format": "0", "resource": "0", **{f"lecturetopicresource_{f}": "on" for f in ("id", "title", "department")}},
    )
    assert response.status_code == 200
    assert "輸出する講座" in response.content.decode("utf-8-sig")


# The figures


def _delivered(topic, when, attendance):
    return LectureRequestFactory(topic=topic, status=LectureStatus.DELIVERED, scheduled_at=when, attendance=attendance)


def test_delivered_lectures_count_per_fiscal_year_and_topic(frozen):
    safety, waste = LectureTopicFactory(title="防災"), LectureTopicFactory(title="ごみ")
    _delivered(safety, dt.datetime(2027, 4, 1, 0, 30, tzinfo=JST), 20)  # first hour of FY2027
    _delivered(safety, dt.datetime(2027, 5, 10, 10, tzinfo=JST), 30)
    _delivered(waste, dt.datetime(2027, 5, 11, 10, tzinfo=JST), 50)
    _delivered(waste, dt.datetime(2027, 3, 31, 23, 30, tzinfo=JST), 99)  # FY2026
    LectureRequestFactory(topic=waste, status=LectureStatus.SCHEDULED, scheduled_at=NOON + dt.timedelta(days=1))
    rows = selectors.lectures_delivered_by_topic(2027)
    assert [(r["title"], r["count"], r["attendance"]) for r in rows] == [("防災", 2, 50), ("ごみ", 1, 50)]
    assert selectors.lectures_delivered(2026) == 1
    assert compute("lectures_delivered", 2027) == 3
    assert compute("lectures_delivered", 2028) is None


@pytest.mark.parametrize(("roles", "status"), [([], 403), ([CITY_OFFICIALS], 200)])
def test_officials_and_staff_read_the_figures_citizens_do_not(client, frozen, roles, status):
    client.force_login(UserFactory(roles=roles))
    assert client.get(reverse("center:lecture_stats")).status_code == status


def test_the_figures_page_shows_a_year(client, frozen):
    _delivered(LectureTopicFactory(title="防災"), dt.datetime(2026, 10, 1, 10, tzinfo=JST), 12)
    client.force_login(StaffFactory())
    html = client.get(reverse("center:lecture_stats"), {"year": "2026"}).content.decode()
    assert "2026年度" in html
    assert "防災" in html
    assert "実施 1 回、参加者 12 人" in html
    assert client.get(reverse("center:lecture_stats"), {"year": "abc"}).status_code == 400


# Fixed queries at two sizes


def _grow(n, user):
    for _ in range(n):
        topic = LectureTopicFactory()
        LectureRequestFactory(topic=topic, requested_by=user)
        _delivered(topic, NOON - dt.timedelta(days=1), 10)


@pytest.mark.parametrize("name", ["center:lecture_list", "center:lecture_mine", "center:lecture_stats"])
def test_pages_take_the_same_queries_at_two_sizes(client, frozen, django_assert_max_num_queries, name):
    user = StaffFactory()
    client.force_login(user)
    _grow(2, user)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse(name)).status_code == 200
    _grow(15, user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_the_request_page_takes_the_same_queries_for_any_topic(client, frozen, django_assert_max_num_queries):
    client.force_login(UserFactory())
    topic = LectureTopicFactory()
    with django_assert_max_num_queries(10) as small:
        client.get(reverse("center:lecture_detail", args=[topic.pk]))
    _grow(10, UserFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("center:lecture_detail", args=[topic.pk]))
