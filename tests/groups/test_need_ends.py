"""Volunteer needs that end: an end date, or a review date for an ongoing need (form and database), never in the past
when posted; the nightly job closes needs past either; lists and the directory's ボランティア募集中 badge count only
needs listed today."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from groups.models.volunteers import NeedStatus, VolunteerNeed
from groups.services.volunteers import need_create, need_expire_past, need_update
from tests.factories.groups import GroupFactory, manager_with_group
from tests.factories.volunteers import VolunteerNeedFactory

pytestmark = pytest.mark.django_db
TOKYO = dt.timezone(dt.timedelta(hours=9))
JUNE_1 = dt.date(2026, 6, 1)


def jst(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def _data(**overrides) -> dict:
    return {
        "title": "公園清掃",
        "place": "中央公園",
        "description": "ごみ拾い",
        "flexible": True,
        "people_needed": 2,
        **overrides,
    }


def _post(**overrides) -> dict:
    return {"title": "公園清掃", "place": "中央公園", "description": "ごみ拾い", "people_needed": "2",
            "flexible": "on", **overrides}  # fmt: skip


@pytest.mark.parametrize(
    ("ends", "ok"),
    [({"end_date": None, "review_date": None}, False), ({"end_date": JUNE_1, "review_date": JUNE_1}, False),
     ({"end_date": JUNE_1, "review_date": None}, True), ({"end_date": None, "review_date": JUNE_1}, True)],
)  # fmt: skip
def test_the_database_requires_exactly_one_end(ends, ok):
    group = GroupFactory()
    need = VolunteerNeed(group=group, title="t", place="p", description="d", flexible=True, **ends)
    if ok:
        need.save()
        return
    with pytest.raises(IntegrityError), transaction.atomic():
        need.save()


def test_a_need_may_not_be_posted_ending_in_the_past():
    manager, group = manager_with_group()
    with time_machine.travel(jst(2026, 6, 1, 0, 10), tick=False):  # 1 June in Tokyo, 31 May in UTC
        with pytest.raises(ValidationError) as raised:
            need_create(group=group, user=manager, data=_data(end_date=dt.date(2026, 5, 31)))
        assert raised.value.message_dict == {"end_date": ["募集終了日は今日以降の日付にしてください。"]}
        with pytest.raises(ValidationError, match="見直し日は今日以降"):
            need_create(group=group, user=manager, data=_data(review_date=dt.date(2020, 1, 1)))
        need = need_create(group=group, user=manager, data=_data(end_date=JUNE_1))
    assert need.end_date == JUNE_1


def test_a_closed_need_past_its_date_is_not_reopened_without_a_new_date():
    manager, group = manager_with_group()
    with time_machine.travel(jst(2026, 5, 1), tick=False):
        need = need_create(group=group, user=manager, data=_data(end_date=dt.date(2026, 5, 20)))
    with time_machine.travel(jst(2026, 6, 1), tick=False):
        need_expire_past()
        need.refresh_from_db()
        assert need.status == NeedStatus.CLOSED
        with pytest.raises(ValidationError, match="募集終了日は今日以降"):
            need_update(need=need, user=manager, data={}, status=NeedStatus.OPEN)
        need_update(need=need, user=manager, data={"end_date": dt.date(2026, 6, 30)}, status=NeedStatus.OPEN)
        need.refresh_from_db()
        assert (need.status, need.end_date) == (NeedStatus.OPEN, dt.date(2026, 6, 30))
        need_update(need=need, user=manager, data={"title": "夏の清掃"})  # an unchanged date is fine


def test_the_form_explains_a_missing_or_doubled_end_and_keeps_the_input(client):
    manager, group = manager_with_group()
    client.force_login(manager)
    url = reverse("groups:need_create", args=[group.pk])
    message = "募集終了日か、継続的な募集の場合は見直し日のどちらか一方を入力してください。"
    with time_machine.travel(jst(2026, 5, 1), tick=False):
        missing = client.post(url, _post(title="草刈り"))
        both = client.post(url, _post(end_date="2026-06-30", review_date="2026-07-31"))
        bad = client.post(url, _post(end_date="2026-02-30"))
        past = client.post(url, _post(end_date="2026-04-30"))
        page = client.get(url)
    assert missing.status_code == 200
    assert message in missing.context["form"].errors["end_date"]
    assert 'value="草刈り"' in missing.text
    assert message in both.context["form"].errors["review_date"]
    assert 'value="2026-07-31"' in both.text
    assert bad.context["form"].errors["end_date"] == ["日付を正しく入力してください。"]
    assert past.context["form"].errors["end_date"] == ["募集終了日は今日以降の日付にしてください。"]
    assert not VolunteerNeed.objects.exists()
    assert 'type="date"' in page.text
    assert "募集の期間（どちらか一方は必須）" in page.text


def test_the_job_closes_needs_past_their_end_or_review_date_once():
    with time_machine.travel(jst(2026, 5, 1), tick=False):
        VolunteerNeedFactory(title="終了日が過ぎた", end_date=dt.date(2026, 5, 31))
        VolunteerNeedFactory(title="見直し日が過ぎた", review_date=dt.date(2026, 5, 31))
        VolunteerNeedFactory(title="今日まで", end_date=JUNE_1)
        VolunteerNeedFactory(title="見直しは今日", review_date=JUNE_1)
        VolunteerNeedFactory(title="充足", end_date=dt.date(2026, 5, 2), status=NeedStatus.FILLED)
    assert need_expire_past(today=JUNE_1) == 2
    assert need_expire_past(today=JUNE_1) == 0
    statuses = dict(VolunteerNeed.objects.values_list("title", "status"))
    assert statuses == {
        "終了日が過ぎた": NeedStatus.CLOSED,
        "見直し日が過ぎた": NeedStatus.CLOSED,
        "今日まで": NeedStatus.OPEN,
        "見直しは今日": NeedStatus.OPEN,
        "充足": NeedStatus.FILLED,
    }


def test_a_need_past_its_end_date_is_not_listed_even_before_the_job_runs(client):
    group = GroupFactory(name="みどりの会")
    with time_machine.travel(jst(2026, 5, 1), tick=False):
        past = VolunteerNeedFactory(group=group, title="五月の清掃", end_date=dt.date(2026, 5, 31))
        VolunteerNeedFactory(group=group, title="六月の清掃", end_date=dt.date(2026, 6, 30))
    with time_machine.travel(jst(2026, 6, 1, 0, 5), tick=False):  # past midnight in Tokyo; the job has not run
        listed = client.get(reverse("groups:need_list")).text
        detail = client.get(reverse("groups:group_detail", args=[group.pk])).text
        need_page = client.get(reverse("groups:need_detail", args=[past.pk])).text
    assert "五月の清掃" not in listed
    assert "六月の清掃" in listed
    assert "五月の清掃" not in detail
    assert "この募集は受付を終了しました。" in need_page
    assert past.status == NeedStatus.OPEN


def _badges(html: str, name: str) -> list[str]:
    start = html.index(f">{name}</a>")
    card = html[start : html.index("</li>", start)]
    return re.findall(r'<span class="badge badge--recruit">([^<]*)</span>', card)


def test_the_directory_badge_and_filter_follow_open_needs(client):
    flagged = GroupFactory(name="旗だけの会", recruiting_volunteers=True)  # said so once, has no need
    recruiting = GroupFactory(name="募集中の会")
    ended = GroupFactory(name="終わった会")
    with time_machine.travel(jst(2026, 5, 1), tick=False):
        VolunteerNeedFactory(group=recruiting, end_date=dt.date(2026, 6, 30))
        VolunteerNeedFactory(group=ended, end_date=dt.date(2026, 5, 31))
        VolunteerNeedFactory(group=ended, review_date=dt.date(2026, 7, 1), status=NeedStatus.CLOSED)
    url = reverse("groups:group_list")
    with time_machine.travel(jst(2026, 6, 1), tick=False):
        html = client.get(url).text
        filtered = client.get(url, {"recruiting": "volunteers"}).context["page"].groups
    assert _badges(html, "募集中の会") == ["ボランティア募集中"]
    assert _badges(html, flagged.name) == []
    assert _badges(html, ended.name) == []
    assert [group.name for group in filtered] == ["募集中の会"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_directory_badges_take_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    for i in range(size):
        group = GroupFactory()
        VolunteerNeedFactory.create_batch(2, group=group) if i % 2 else None
    with django_assert_num_queries(5):
        response = client.get(reverse("groups:group_list"), {"recruiting": "volunteers"})
    assert response.context["page"].count == size // 2
