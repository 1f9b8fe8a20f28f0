"""Questions per round without code: staff add them in the round admin, the application form asks them (values
kept on error, limits enforced in Japanese), answers are stored typed, shown to reviewers and exported."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants import services
from grants.admin import AnswerResource
from grants.models import Answer, Application, Question, QuestionKind, Status
from tests.factories.accounts import StaffFactory
from tests.factories.files import pdf_upload
from tests.factories.grants import (
    ApplicationFactory,
    QuestionFactory,
    ReviewerFactory,
    RoundFactory,
    add_lines,
    manager_of,
)
from tests.factories.groups import manager_with_group
from tests.grants.test_documents import _round_admin_data
from tests.grants.test_views import _post_data

pytestmark = pytest.mark.django_db
TOKYO = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def grant_round():
    grant_round = RoundFactory(criteria=False)
    QuestionFactory(round=grant_round, label="団体の会員数", kind=QuestionKind.NUMBER, required=True, min_value=1)
    QuestionFactory(round=grant_round, label="活動の背景", kind=QuestionKind.LONG_TEXT, max_length=20, required=True)
    QuestionFactory(round=grant_round, label="事業の開始日", kind=QuestionKind.DATE)
    QuestionFactory(round=grant_round, label="自己負担額", kind=QuestionKind.AMOUNT, max_value=100_000)
    QuestionFactory(round=grant_round, label="主な対象", kind=QuestionKind.CHOICE, choices="子ども\n高齢者\n誰でも")
    QuestionFactory(round=grant_round, label="活動の記録", kind=QuestionKind.FILE)
    return grant_round


def _field(grant_round, label):
    question = Question.objects.get(round=grant_round, label=label)
    return f"q-q_{question.pk}"


def _answers(grant_round, **by_label):
    return {_field(grant_round, label): value for label, value in by_label.items()}


GOOD = {
    "団体の会員数": "12",
    "活動の背景": "地域で孤立が増えた",
    "事業の開始日": "2026-06-01",
    "自己負担額": "50000",
    "主な対象": "高齢者",
}


@pytest.fixture
def manager():
    return manager_with_group()


def test_the_form_asks_the_rounds_questions_and_stores_typed_answers(client, grant_round, manager):
    user, group = manager
    client.force_login(user)
    url = reverse("grants:application_create", args=[grant_round.pk])
    page = client.get(url).content.decode()
    assert "団体の会員数（必須）" in page
    assert "20字以内" in page
    data = {**_post_data(), **_answers(grant_round, **GOOD), _field(grant_round, "活動の記録"): pdf_upload("log.pdf")}
    response = client.post(url, data)
    assert response.status_code == 302
    application = Application.objects.get(group=group)
    stored = {a.question.label: a for a in Answer.objects.filter(application=application).select_related("question")}
    assert stored["団体の会員数"].value == 12
    assert stored["自己負担額"].value == 50_000
    assert stored["事業の開始日"].value == "2026-06-01"
    assert stored["主な対象"].value == "高齢者"
    assert stored["活動の記録"].attachment.original_name == "log.pdf"
    detail = client.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "50,000円" in detail
    assert "2026年6月1日" in detail


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("活動の背景", "あ" * 21, "「活動の背景」は20字以内で入力してください（いまは21字です）。"),
        ("団体の会員数", "0", "「団体の会員数」は1以上で入力してください。"),
        ("団体の会員数", "十二", "半角数字で入力してください。"),
        ("自己負担額", "100001", "「自己負担額」は100,000円以下で入力してください。"),
        ("自己負担額", "-1", "「自己負担額」は0円以上で入力してください。"),
        ("事業の開始日", "2026-13-01", "日付（例: 2026-05-01）で入力してください。"),
        ("主な対象", "行政", "選択肢から選んでください。"),
        ("活動の記録", None, "添付できるのは PDF 又は画像"),
    ],
)
def test_bad_answers_are_refused_in_japanese_and_the_values_are_kept(
    client, grant_round, manager, label, value, message
):
    user, group = manager
    client.force_login(user)
    answers = _answers(grant_round, **{**GOOD, **({label: value} if value is not None else {})})
    if value is None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        answers[_field(grant_round, label)] = SimpleUploadedFile("run.exe", b"MZ\x90\x00")
    response = client.post(reverse("grants:application_create", args=[grant_round.pk]), {**_post_data(), **answers})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    if label != "活動の背景":
        assert "地域で孤立が増えた" in page  # the other answers are kept
    assert "孤食を防ぐ" in page  # and the plan
    if label not in ("主な対象", "活動の記録"):
        assert value in page  # the refused value itself, to correct
    assert not Application.objects.filter(group=group).exists()


def test_the_service_applies_the_same_limits(grant_round):
    question = Question.objects.get(round=grant_round, label="活動の背景")
    with pytest.raises(ValidationError, match="20字以内"):
        services.check_answer(question, "い" * 21)
    assert services.check_answer(question, "  短い  ") == "短い"
    assert services.check_answer(question, "") is None


def test_submission_is_refused_until_required_questions_are_answered(grant_round):
    user, group = manager_with_group()
    with time_machine.travel(grant_round.opens_at + dt.timedelta(hours=1), tick=False):
        application = services.application_save_draft(
            user=user,
            grant_round=grant_round,
            group=group,
            fields={**_plan(), "requested_amount": 200_000},
            lines=[],
            answers={Question.objects.get(round=grant_round, label="事業の開始日").pk: dt.date(2026, 6, 1)},
        )
        add_lines(application, expenses=((300_000, True),), income=(100_000,))
        with pytest.raises(ValidationError) as refused:
            services.application_submit(application=application, user=user)
        assert "未回答の質問があります: 団体の会員数、活動の背景" in refused.value.messages
        services.answers_save(
            application=application,
            user=user,
            values={
                Question.objects.get(round=grant_round, label="団体の会員数").pk: 8,
                Question.objects.get(round=grant_round, label="活動の背景").pk: "空き家が増えた",
            },
        )
        services.application_submit(application=application, user=user)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def _plan():
    return {
        "title": "見守り",
        "purpose": "孤立を防ぐ",
        "content": "訪問",
        "schedule": "通年",
        "expected_results": "50世帯",
    }


def test_reviewers_see_the_answers_and_download_a_file_answer(client, grant_round, manager):
    user, group = manager
    client.force_login(user)
    data = {**_post_data(), **_answers(grant_round, **GOOD), _field(grant_round, "活動の記録"): pdf_upload("log.pdf")}
    client.post(reverse("grants:application_create", args=[grant_round.pk]), data)
    application = Application.objects.get(group=group)
    Application.objects.filter(pk=application.pk).update(status=Status.UNDER_REVIEW, submitted_at=grant_round.opens_at)
    reviewer = ReviewerFactory(round=grant_round)
    client.force_login(reviewer.user)
    page = client.get(reverse("grants:review_application", args=[application.pk])).content.decode()
    assert "団体の会員数" in page
    assert "地域で孤立が増えた" in page
    file_answer = Answer.objects.get(application=application, question__kind=QuestionKind.FILE)
    response = client.get(reverse("grants:review_attachment", args=[application.pk, file_answer.attachment_id]))
    assert response.status_code == 200


def test_answers_are_exported_in_the_admin_by_center_staff(client, grant_round, manager):
    user, _group = manager
    client.force_login(user)
    client.post(
        reverse("grants:application_create", args=[grant_round.pk]),
        {**_post_data(), **_answers(grant_round, **GOOD)},
    )
    staff = StaffFactory()
    client.force_login(staff)
    listing = client.get(reverse("admin:grants_answer_changelist")).content.decode()
    assert "団体の会員数" in listing
    dataset = AnswerResource().export()
    rows = {row[4]: row[6] for row in dataset}
    assert rows["自己負担額"] == "50,000円"
    assert rows["主な対象"] == "高齢者"
    assert dataset.headers[:2] == ["募集回", "申請番号"]


def test_center_staff_add_questions_in_the_round_admin_and_bad_set_ups_are_refused(client):
    grant_round = RoundFactory(criteria=False)
    client.force_login(StaffFactory())
    url = reverse("admin:grants_round_change", args=[grant_round.pk])
    data, prefix = _round_admin_data(client, url, Question)
    bad = {
        f"{prefix}-TOTAL_FORMS": 2,
        f"{prefix}-0-label": "背景", f"{prefix}-0-kind": "long_text", f"{prefix}-0-order": 0,
        f"{prefix}-1-label": "対象", f"{prefix}-1-kind": "choice", f"{prefix}-1-order": 1,
    }  # fmt: skip
    page = client.post(url, {**data, **bad}).content.decode()
    assert "長い文章には文字数の上限を入力してください。" in page
    assert "選択肢を1行に1つずつ入力してください。" in page
    assert not grant_round.questions.exists()
    good = {**bad, f"{prefix}-0-max_length": 800, f"{prefix}-1-choices": "子ども\n高齢者", f"{prefix}-1-required": "on"}
    assert client.post(url, {**data, **good}).status_code == 302
    assert [(q.label, q.kind, q.required) for q in grant_round.questions.order_by("order")] == [
        ("背景", "long_text", False),
        ("対象", "choice", True),
    ]


@pytest.mark.parametrize("questions", [2, 10])
def test_the_application_form_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries, questions):
    grant_round = RoundFactory(criteria=False)
    for index in range(questions):
        QuestionFactory(round=grant_round, kind=list(QuestionKind)[index % len(QuestionKind)], max_length=100,
                        choices="A\nB")  # fmt: skip
    user, group = manager_with_group()
    client.force_login(user)
    url = reverse("grants:application_create", args=[grant_round.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    client.post(url, _post_data())
    application = Application.objects.get(group=group)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("grants:application_edit", args=[application.pk])).status_code == 200
    assert manager_of(application) == user


def test_a_question_with_answers_keeps_its_kind_and_odd_values_still_show():
    question = QuestionFactory(kind=QuestionKind.SHORT_TEXT, label="会員数")
    application = ApplicationFactory(round=question.round)
    answer = Answer.objects.create(application=application, question=question, value="十二人")
    question.kind = QuestionKind.NUMBER
    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert "回答があるため、回答の種類は変更できません。" in refused.value.message_dict["kind"][0]
    question.save()  # saved past the form (a script): the page still shows the answer as given
    answer.refresh_from_db()
    assert answer.display == "十二人"
