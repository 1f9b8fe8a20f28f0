"""A school requests a lecture and staff schedule it; a citizen books a consultation slot and staff record the
consultation. Every page on the way passes axe."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from civic_portal.center.models import Consultation, ConsultationSlot, LectureRequest, LectureStatus
from civic_portal.core.fiscal import fiscal_year
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.center_desk import ConsultationSlotFactory, LectureTopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_school_requests_a_lecture_and_staff_schedule_it(page: Page, site, login, worker):
    LectureTopicFactory(title="ごみの分け方・減らし方", department="環境政策課", requester_prepares="会場とマイク")
    teacher = UserFactory(full_name="南 先生")
    staff = StaffFactory()
    login(teacher)
    page.goto(site("/lectures/"))
    assert_accessible(page)
    page.get_by_role("link", name="ごみの分け方・減らし方").click()
    page.get_by_role("radio", name="学校").check()
    page.get_by_label("団体・学校・自治会の名前").fill("市立南小学校")
    page.get_by_label("担当者の名前").fill("南 先生")
    page.get_by_label("第1希望日").fill(timezone.localdate().isoformat())  # today: refused
    page.get_by_label("会場").fill("体育館")
    page.get_by_label("参加予定人数").fill("120")
    page.get_by_role("button", name="申し込む").click()
    expect(page.get_by_role("alert")).to_contain_text("希望日は明日以降の日にしてください。")
    expect(page.get_by_label("会場")).to_have_value("体育館")
    assert_accessible(page)
    day = timezone.localdate() + dt.timedelta(days=20)
    page.get_by_label("第1希望日").fill(day.isoformat())
    page.get_by_role("button", name="申し込む").click()
    expect(page.get_by_text("お申込みを受け付けました。")).to_be_visible()
    expect(page.get_by_role("cell", name="受付")).to_be_visible()
    assert_accessible(page)
    worker.run()
    assert any("受け付けました" in m.subject and m.to == [teacher.email] for m in mail.outbox)

    page.get_by_role("button", name="ログアウト").click()
    login(staff)
    page.goto(site("/admin/center/lecturerequest/"))
    page.locator('input[name="_selected_action"]').first.check()
    page.locator('select[name="action"]').select_option("schedule")
    page.locator('input[name="scheduled_at"]').fill(f"{day.isoformat()}T14:00")
    page.locator('button[name="index"]').first.click()
    expect(page.locator(".messagelist")).to_contain_text("1件の日程を決めました。")
    request = LectureRequest.objects.get()
    assert request.status == LectureStatus.SCHEDULED
    assert timezone.localtime(request.scheduled_at).hour == 14
    worker.run()
    scheduled = next(m for m in mail.outbox if "日程が決まりました" in m.subject)
    assert scheduled.to == [teacher.email]
    assert "会場とマイク" in scheduled.body
    page.goto(site("/lectures/stats/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("出前講座の実施状況")
    assert_accessible(page)


def test_a_citizen_books_a_consultation_and_staff_record_it(page: Page, site, login, worker):
    staff = StaffFactory()
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=5)
    ConsultationSlotFactory(starts_at=start, ends_at=start + dt.timedelta(minutes=45), staff=staff)
    citizen = UserFactory(full_name="市民 花子")
    login(citizen)
    page.goto(site("/consultations/"))
    assert_accessible(page)
    page.get_by_role("link", name="の枠を予約する").first.click()
    page.get_by_role("button", name="この枠を予約する").click()
    expect(page.get_by_role("alert")).to_contain_text("相談したいことを一つ以上選んでください。")
    assert_accessible(page)
    page.get_by_label("資金・助成").check()
    page.get_by_label("相談の内容（任意）").fill("助成金の申請書の書き方")
    page.get_by_role("button", name="この枠を予約する").click()
    expect(page.get_by_text("相談を予約しました。")).to_be_visible()
    expect(page.get_by_role("button", name="この予約を取り消す")).to_be_visible()
    assert_accessible(page)
    worker.run()
    assert {m.to[0] for m in mail.outbox if "予約" in m.subject} == {citizen.email, staff.email}

    # The day comes: the consultation is held (the slot now lies in the past) and staff record it.
    held = timezone.now() - dt.timedelta(hours=1)
    ConsultationSlot.objects.update(starts_at=held, ends_at=held + dt.timedelta(minutes=45))
    page.get_by_role("button", name="ログアウト").click()
    login(staff)
    page.goto(site("/admin/center/consultationbooking/"))
    page.locator('input[name="_selected_action"]').first.check()
    page.locator('select[name="action"]').select_option("record_consultation")
    page.locator('button[name="index"]').first.click()
    expect(page.locator(".messagelist")).to_contain_text("1件の相談の記録を作りました。")
    record = Consultation.objects.get()
    page.goto(site(f"/admin/center/consultation/{record.pk}/change/"))
    page.get_by_label("助言の内容").fill("申請書の例を渡し、予算の書き方を説明した。")
    page.locator('[name="follow_ups-0-task"]').fill("記入例を送る")
    page.locator('[name="follow_ups-0-due_on"]').fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("変更しました")
    record.refresh_from_db()
    assert (record.topics, record.minutes, record.person_name) == (["funding"], 45, "市民 花子")
    assert record.follow_ups.get().task == "記入例を送る"

    page.goto(site(f"/consultations/stats/?year={fiscal_year(held)}"))
    expect(page.get_by_text("相談 1 件、対応時間 45 分")).to_be_visible()
    assert_accessible(page)
