"""A round with two required documents and three questions of its own: the applicant answers in the form, is
refused while a document is missing, attaches it and submits; center staff follow the review's progress. Axe on
every page."""

import re

import pytest
from playwright.sync_api import Page, expect

from grants.models import Application, FileTypes, QuestionKind, Status
from tests.browser.axe import assert_accessible
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.files import pdf_bytes
from tests.factories.grants import QuestionFactory, RequiredDocumentFactory, ReviewerFactory, RoundFactory
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db(transaction=True)


def test_applicant_is_refused_without_a_document_then_submits(page: Page, site, login, tmp_path):
    grant_round = RoundFactory(title="令和8年度 協働事業部門", criteria=False)
    RequiredDocumentFactory(round=grant_round, name="事業計画書", file_types=FileTypes.PDF, order=0)
    RequiredDocumentFactory(round=grant_round, name="団体の規約", file_types=FileTypes.PDF_OR_IMAGE, order=1)
    QuestionFactory(round=grant_round, label="団体の会員数", kind=QuestionKind.NUMBER, required=True, min_value=1)
    QuestionFactory(round=grant_round, label="活動の背景", kind=QuestionKind.LONG_TEXT, max_length=30, required=True)
    QuestionFactory(round=grant_round, label="主な対象", kind=QuestionKind.CHOICE, choices="子ども\n高齢者\n誰でも")
    manager, group = manager_with_group(name="あおぞらの会")
    plan = tmp_path / "keikaku.pdf"
    plan.write_bytes(pdf_bytes())
    rules = tmp_path / "kiyaku.pdf"
    rules.write_bytes(pdf_bytes())

    login(manager)
    page.goto(site(f"/grants/{grant_round.pk}/"))
    expect(page.get_by_text("事業計画書（必須、PDFのみ）")).to_be_visible()
    page.get_by_role("link", name="この助成に申請する").click()
    page.get_by_label("事業名").fill("多世代の食堂")
    page.get_by_label("事業の目的").fill("世代を超えた交流")
    page.get_by_label("事業の内容").fill("月2回の食堂")
    page.get_by_label("実施スケジュール").fill("5月〜翌2月")
    page.get_by_label("期待される成果").fill("延べ300人")
    page.get_by_label("申請額（円）").fill("200000")
    page.get_by_label("1行目の金額（円）").fill("300000")
    page.get_by_label("1行目の補助対象経費").check()
    page.get_by_label("2行目の収支").select_option(label="収入")
    page.get_by_label("2行目の費目").select_option(label="自己資金")
    page.get_by_label("2行目の金額（円）").fill("100000")
    page.get_by_label("団体の会員数（必須）").fill("0")
    page.get_by_label("活動の背景（必須）").fill("一人で食事をする子どもと高齢者が増えた")
    page.get_by_label("主な対象").select_option(label="誰でも")
    assert_accessible(page)
    page.get_by_role("button", name="提出する").click()

    # Bad answers come back in Japanese, every value kept.
    expect(page.get_by_text("「団体の会員数」は1以上で入力してください。")).to_be_visible()
    expect(page.get_by_text("「活動の背景」は30字以内で入力してください")).to_be_hidden()
    expect(page.get_by_label("主な対象")).to_have_value("誰でも")
    expect(page.get_by_label("事業名")).to_have_value("多世代の食堂")
    assert_accessible(page)
    page.get_by_label("団体の会員数（必須）").fill("24")
    page.get_by_role("button", name="提出する").click()

    # The draft is saved, but submission is refused: the documents are missing, by name.
    expect(page.get_by_role("status")).to_contain_text("下書きを保存しましたが、提出はできませんでした")
    expect(page.get_by_text("必要書類が添付されていません: 事業計画書、団体の規約")).to_be_visible()
    expect(page.get_by_label("団体の会員数（必須）")).to_have_value("24")
    page.get_by_role("link", name="申請のページへ戻る").click()
    expect(page.get_by_role("row", name=re.compile("事業計画書"))).to_contain_text("未添付")
    assert_accessible(page)

    # One document attached: still refused, naming the other.
    page.get_by_label("提出書類", exact=True).select_option(label="事業計画書")
    page.get_by_label("ファイル（PDF又は画像、10MBまで）").set_input_files(plan)
    page.get_by_role("button", name="添付する").click()
    expect(page.get_by_role("status")).to_contain_text("書類を添付しました")
    expect(page.get_by_text("必要書類が添付されていません: 団体の規約")).to_be_visible()

    # The second one: now it goes in.
    page.get_by_label("提出書類", exact=True).select_option(label="団体の規約")
    page.get_by_label("ファイル（PDF又は画像、10MBまで）").set_input_files(rules)
    page.get_by_role("button", name="添付する").click()
    expect(page.get_by_text("必要書類が添付されていません")).to_be_hidden()
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_role("status")).to_contain_text("手続きが完了しました")
    expect(page.locator(".badge")).to_have_text("申請済")
    expect(page.get_by_text("24")).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get(group=group)
    assert application.status == Status.SUBMITTED
    assert application.answers.count() == 3


def test_center_staff_follow_the_review_and_remind(page: Page, site, login):
    grant_round = RoundFactory(title="令和8年度 活動支援部門")
    ReviewerFactory(round=grant_round, user=UserFactory(full_name="審査 一郎"))
    from tests.factories.grants import ApplicationFactory

    ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW)
    login(StaffFactory())
    page.goto(site(f"/grants/{grant_round.pk}/review-progress/"))
    expect(page.get_by_role("row", name=re.compile("審査 一郎"))).to_contain_text("1")
    assert_accessible(page)
    page.get_by_role("button", name="未提出の評価票を督促する").click()
    expect(page.get_by_role("status")).to_contain_text("1人の審査委員に督促のメールを送りました")
    expect(page.get_by_text("すべての審査委員が担当する評価票を提出した後に表示されます")).to_be_visible()
    assert_accessible(page)
