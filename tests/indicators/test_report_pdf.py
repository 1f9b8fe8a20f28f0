"""The annual report as a PDF: a published edition's built once at publication and served from storage to
everyone; the live draft's built when an internal user asks, with a progress page, kept private."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from civic_portal.accounts.roles import CITY_OFFICIALS
from civic_portal.core.models import GeneratedFile
from indicators.models import ReviewStatus
from indicators.services import observation_record, report_publish
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.indicators import ActionItemFactory, IndicatorFactory, PlanFactory, YearPlanFactory

pytestmark = pytest.mark.django_db
TASK = "civic_portal.core.generated.build_generated_file"


@pytest.fixture
def plan():
    plan = PlanFactory(code="p", title="市民活動推進計画", start_year=2015, end_year=2016)
    item = ActionItemFactory(node__plan=plan, node__code="I-(1)-①", node__title="拠点の整備")
    YearPlanFactory(
        item=item,
        fiscal_year=2015,
        planned_stage="実施",
        actual_stage="実施",
        progress_note="3回開催",
        status=ReviewStatus.APPROVED,
    )
    YearPlanFactory(
        item=ActionItemFactory(node__plan=plan, node__code="I-(1)-②", node__title="未確定の項目"),
        fiscal_year=2015,
        actual_stage="一部実施",
        progress_note="未確定の報告",
        status=ReviewStatus.SUBMITTED,
    )
    indicator = IndicatorFactory(plan=plan, code="1-3", name="登録団体数")
    observation_record(indicator=indicator, fiscal_year=2015, value=D("258"), is_final=True)
    return plan


def _text(response):
    reader = PdfReader(io.BytesIO(response.getvalue()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _builds():
    return DBTaskResult.objects.filter(task_path=TASK).count()


def test_publishing_builds_the_edition_pdf_once_and_everyone_downloads_it(client, worker, plan):
    with worker.after():
        edition = report_publish(plan=plan, fiscal_year=2015, user=StaffFactory())
    assert _builds() == 1
    row = GeneratedFile.objects.get(key="report:p:2015:1")
    assert (row.status, row.private) == ("ready", False)
    page = client.get(reverse("indicators:report_detail", args=["p", 2015])).content.decode()
    pdf_url = reverse("indicators:report_pdf", args=["p", 2015]) + "?edition=1"
    assert pdf_url.replace("&", "&amp;") in page
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    reader, text = _text(response)
    assert "市民活動推進計画" in reader.pages[0].extract_text()
    assert "第1版" in reader.pages[0].extract_text()
    assert "目次" in reader.pages[1].extract_text()
    assert "1　成果指標" in reader.pages[1].extract_text()
    assert "I-(1)-①" in text
    assert "3回開催" in text
    assert "登録団体数" in text
    assert "未確定の報告" not in text  # an unconfirmed result stays out of the published report
    assert f"- {len(reader.pages)} -" in reader.pages[-1].extract_text()
    for _ in range(2):
        client.get(reverse("indicators:report_detail", args=["p", 2015]))
        client.get(pdf_url)
    assert _builds() == 1  # frozen: never built again
    assert edition.snapshot["items"][0]["code"] == "I-(1)-①"


def test_an_edition_pdf_not_built_yet_says_so_with_503(client, plan, django_capture_on_commit_callbacks):
    report_publish(plan=plan, fiscal_year=2015, user=StaffFactory())  # its build is queued after commit: not run
    page = client.get(reverse("indicators:report_detail", args=["p", 2015])).content.decode()
    assert "PDF（作成中）" in page
    response = client.get(reverse("indicators:report_pdf", args=["p", 2015]))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "第1版の PDF を作成中です" in response.content.decode()
    assert client.get(reverse("indicators:report_pdf", args=["p", 2016])).status_code == 404  # no edition


def test_an_internal_user_asks_for_the_draft_pdf_and_watches_it_being_built(client, worker, plan):
    url = reverse("indicators:report_draft_pdf", args=["p", 2015])
    download = reverse("indicators:report_draft_pdf_download", args=["p", 2015])
    client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    assert "まだ作成していません" in client.get(url).content.decode()
    assert client.get(download).status_code == 302  # nothing to download yet: back to the progress page
    with worker.after():
        response = client.post(url)
        assert response.url == url
        assert "作成中" in client.get(url).content.decode()
        client.post(url)  # asked twice while waiting: one build
    assert _builds() == 1
    page = client.get(url).content.decode()
    assert download in page
    row = GeneratedFile.objects.get(key="report-draft:p:2015")
    assert row.private
    response = client.get(download)
    assert response["Cache-Control"] == "private, no-cache"
    reader, text = _text(response)
    assert "公開前の下書き" in reader.pages[0].extract_text()
    assert "未確定の報告" in text  # the draft shows unconfirmed results, as the draft page does
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(download).status_code == 404
    assert client.post(url).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302


def test_the_pdf_pages_read_in_english(client, settings, plan):
    client.force_login(UserFactory(roles=[CITY_OFFICIALS]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("indicators:report_draft_pdf", args=["p", 2015])).content.decode()
    assert "Create the PDF" in page
    assert "PDF (draft)" in client.get(reverse("indicators:report_detail", args=["p", 2015])).content.decode()
