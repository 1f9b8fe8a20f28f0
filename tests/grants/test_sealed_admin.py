"""Sealed means sealed for everyone: in the admin, superusers and center staff (also on the panel) see only their own
score sheets until the round's review is closed; grants records are never deleted through the admin."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group as Role
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.admin import SealedApplicationResource
from grants.models import Application, ConflictDeclaration, Reviewer, Round, Score, ScoreSheet, Status
from grants.resources import ScoreResource
from tests.factories.accounts import UserFactory
from tests.factories.grants import ApplicationFactory, ReviewerFactory, RoundFactory

pytestmark = pytest.mark.django_db
TOKYO = dt.timezone(dt.timedelta(hours=9))
START = dt.datetime(2026, 5, 10, 10, 0, tzinfo=TOKYO)
AFTER_CLOSE = dt.timedelta(days=31)  # RoundFactory's call closes 30 days after START
SUBJECTS = ["superuser", "center_staff"]


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, full_name="管理者 花子")


@pytest.fixture
def center_staff(db):
    user = UserFactory(is_staff=True, full_name="職員 太郎")
    user.groups.add(Role.objects.get(name="center_staff"))
    return user


@pytest.fixture(params=SUBJECTS)
def subject(request, clock):
    return request.getfixturevalue(request.param)


def _points(grant_round, value, comment=""):
    return {c.pk: (value, comment) for c in grant_round.criteria.all()}


@pytest.fixture
def panel(subject):
    """An open round under review: the subject sits on the panel (draft sheet), a colleague submitted theirs."""
    grant_round = RoundFactory()
    mine = ReviewerFactory(round=grant_round, user=subject, role="staff")
    colleague = ReviewerFactory(round=grant_round, user=UserFactory(full_name="同僚 委員"))
    application = ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW, title="審査中の事業")
    theirs = services.scoresheet_save(
        reviewer=colleague,
        application=application,
        points=_points(grant_round, 4, "同僚だけのコメント"),
        comment="同僚の総評",
        submit=True,
    )
    own = services.scoresheet_save(
        reviewer=mine, application=application, points=_points(grant_round, 3, "自分のメモ"), comment="", submit=False
    )
    return {
        "round": grant_round,
        "mine": mine,
        "colleague": colleague,
        "application": application,
        "own": own,
        "theirs": theirs,
    }


def _submit_own(panel):
    services.scoresheet_save(
        reviewer=panel["mine"],
        application=panel["application"],
        points=_points(panel["round"], 3, "自分のメモ"),
        comment="自分の総評",
        submit=True,
    )


def _close_review(panel, by, clock):
    """Rank, confirm the decisions and let the call close: the round's review is over."""
    services.round_allocate(grant_round=panel["round"])
    services.round_confirm_decisions(grant_round=panel["round"], by=by)
    clock.shift(AFTER_CLOSE)


def _listed(client, name):
    response = client.get(reverse(f"admin:grants_{name}_changelist"))
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _export(client, name, resource_class):
    resource = resource_class()
    fields = {f"{resource_class.__name__.lower()}_{f}": "on" for f in resource.get_export_order()}
    response = client.post(reverse(f"admin:grants_{name}_export"), {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200, response.content[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_review_is_closed_once_the_call_closed_and_nothing_waits_for_review(clock):
    grant_round = RoundFactory()
    decided = ApplicationFactory(round=grant_round, status=Status.AWARDED)
    assert not Round.objects.review_closed().filter(pk=grant_round.pk).exists()  # the call is still open
    clock.shift(AFTER_CLOSE)
    assert Round.objects.review_closed().filter(pk=grant_round.pk).exists()
    for waiting in (Status.SUBMITTED, Status.ELIGIBILITY_CHECK, Status.UNDER_REVIEW):
        application = ApplicationFactory(round=grant_round, status=waiting)
        assert not Round.objects.review_closed().filter(pk=grant_round.pk).exists(), waiting
        application.status = Status.DECLINED
        application.save()
    assert Application.objects.with_review_closed().get(pk=decided.pk).review_closed


def test_before_the_review_closes_changelists_show_only_own_rows(client, subject, panel):
    client.force_login(subject)
    assert _listed(client, "scoresheet") == [panel["own"]]
    assert {s.sheet_id for s in _listed(client, "score")} == {panel["own"].pk}
    _submit_own(panel)  # submitting one's own sheet does not unseal the others in the admin
    assert _listed(client, "scoresheet") == [panel["own"]]
    assert {s.sheet_id for s in _listed(client, "score")} == {panel["own"].pk}


def test_another_reviewers_sheet_and_scores_cannot_be_opened_before_the_review_closes(client, subject, panel):
    client.force_login(subject)
    theirs = reverse("admin:grants_scoresheet_change", args=[panel["theirs"].pk])
    response = client.get(theirs)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert "同僚の総評" not in client.get(theirs, follow=True).content.decode()
    for score in panel["theirs"].scores.all():
        response = client.get(reverse("admin:grants_score_change", args=[score.pk]), follow=True)
        assert "同僚だけのコメント" not in response.content.decode()
        assert response.redirect_chain[0] == (reverse("admin:index"), 302)
    own = client.get(reverse("admin:grants_scoresheet_change", args=[panel["own"].pk])).content.decode()
    assert "自分のメモ" in own
    assert "同僚だけのコメント" not in own


def test_exports_hold_no_other_reviewers_points_before_the_review_closes(client, subject, panel):
    _submit_own(panel)
    client.force_login(subject)
    rows = _export(client, "score", ScoreResource)
    assert len(rows) == panel["round"].criteria.count()
    assert {r["審査委員"] for r in rows} == {subject.full_name}
    assert all(r["コメント"] == "自分のメモ" for r in rows)


def test_the_ranking_shows_no_score_before_the_review_closes(client, subject, panel):
    _submit_own(panel)
    services.round_allocate(grant_round=panel["round"])  # colleague 80, subject 60: mean 70.00
    panel["application"].refresh_from_db()
    assert str(panel["application"].score) == "70.00"
    client.force_login(subject)
    board = client.get(reverse("admin:grants_application_changelist"))
    assert "70.00" not in board.content.decode()
    assert "審査終了まで非公開" in board.content.decode()
    change = client.get(reverse("admin:grants_application_change", args=[panel["application"].pk]))
    assert "70.00" not in change.content.decode()
    assert "審査終了まで非公開" in change.content.decode()
    [row] = _export(client, "application", SealedApplicationResource)
    assert row["事業名"] == "審査中の事業"
    assert row["評価点"] == ""
    assert row["順位"] == "1"
    assert row["採否案"]


def test_after_the_review_closes_staff_see_every_sheet_score_and_the_ranking(client, subject, panel, clock):
    _submit_own(panel)
    _close_review(panel, subject, clock)
    client.force_login(subject)
    assert set(_listed(client, "scoresheet")) == {panel["own"], panel["theirs"]}
    assert {s.sheet_id for s in _listed(client, "score")} == {panel["own"].pk, panel["theirs"].pk}
    page = client.get(reverse("admin:grants_scoresheet_change", args=[panel["theirs"].pk]))
    assert page.status_code == 200
    assert "同僚の総評" in page.content.decode()
    assert "同僚だけのコメント" in page.content.decode()
    rows = _export(client, "score", ScoreResource)
    assert {r["審査委員"] for r in rows} == {subject.full_name, "同僚 委員"}
    assert {r["得点"] for r in rows if r["審査委員"] == "同僚 委員"} == {"4"}
    assert "70.00" in client.get(reverse("admin:grants_application_changelist")).content.decode()
    [row] = _export(client, "application", SealedApplicationResource)
    assert row["評価点"] == "70.00"


def test_decisions_alone_do_not_unseal_while_the_call_is_open(client, superuser, clock):
    grant_round = RoundFactory()
    reviewer = ReviewerFactory(round=grant_round)
    application = ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW)
    services.scoresheet_save(
        reviewer=reviewer, application=application, points=_points(grant_round, 4), comment="", submit=True
    )
    services.round_allocate(grant_round=grant_round)
    services.round_confirm_decisions(grant_round=grant_round, by=superuser)
    client.force_login(superuser)
    assert _listed(client, "scoresheet") == []
    clock.shift(AFTER_CLOSE)
    client.force_login(superuser)
    assert len(_listed(client, "scoresheet")) == 1


@pytest.mark.parametrize("name", ["application", "scoresheet", "score", "conflictdeclaration"])
def test_grants_records_cannot_be_deleted_through_the_admin(client, subject, panel, name):
    conflict = ConflictDeclaration.objects.create(
        reviewer=panel["colleague"],
        application=ApplicationFactory(round=panel["round"], status=Status.UNDER_REVIEW),
        reason="知人が代表",
    )
    target = {
        "application": panel["application"],
        "scoresheet": panel["own"],
        "score": panel["own"].scores.first(),
        "conflictdeclaration": conflict,
    }[name]
    model = type(target)
    client.force_login(subject)
    delete_url = reverse(f"admin:grants_{name}_delete", args=[target.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:grants_{name}_changelist")
    action_form = client.get(changelist).context["action_form"]  # None when no action is left
    choices = [value for value, _label in action_form.fields["action"].choices] if action_form else []
    assert "delete_selected" not in choices
    client.post(changelist, {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"})
    assert model.objects.filter(pk=target.pk).exists()


def test_no_grants_admin_or_inline_for_kept_records_allows_deleting(subject, panel):
    request = RequestFactory().get("/admin/")
    request.user = subject
    application = panel["application"]
    for model in (Application, ScoreSheet, Score, ConflictDeclaration):
        model_admin = site._registry[model]
        assert not model_admin.has_delete_permission(request)
        assert "delete_selected" not in model_admin.get_actions(request)
    for obj in (application, panel["own"]):
        for inline in site._registry[type(obj)].get_inline_instances(request, obj):
            assert not inline.has_delete_permission(request, obj), inline


def test_decision_fields_and_submitted_sheets_are_read_only(client, subject, panel):
    _submit_own(panel)
    application = panel["application"]
    client.force_login(subject)
    url = reverse("admin:grants_application_change", args=[application.pk])
    form = client.get(url).context["adminform"].form
    assert set(form.fields) == {"proposed_outcome", "proposed_amount"}  # the proposal before staff confirm
    own = reverse("admin:grants_scoresheet_change", args=[panel["own"].pk])
    assert client.get(own).status_code == 200
    assert client.post(own, {"comment": "書き換え"}).status_code == 403
    score = panel["own"].scores.first()
    assert client.post(reverse("admin:grants_score_change", args=[score.pk]), {"points": "0"}).status_code == 403
    assert client.get(reverse("admin:grants_conflictdeclaration_add")).status_code == 403
    score.refresh_from_db()
    assert score.points == 3
    assert ScoreSheet.objects.get(pk=panel["own"].pk).comment == "自分の総評"


def _round_change_data(page):
    """The round's change form as the browser would post it back unchanged (main form and every inline)."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False or value == []:
                continue
            if isinstance(value, dt.datetime):
                local = timezone.localtime(value)
                data[f"{key}_0"], data[f"{key}_1"] = local.date().isoformat(), local.time().isoformat()
            else:
                data[key] = value
    return data


def test_a_reviewer_with_a_sheet_cannot_be_removed_from_the_round(client, superuser, clock):
    grant_round = RoundFactory()
    reviewer = ReviewerFactory(round=grant_round)
    application = ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW)
    services.scoresheet_save(
        reviewer=reviewer, application=application, points=_points(grant_round, 4), comment="", submit=False
    )
    client.force_login(superuser)
    url = reverse("admin:grants_round_change", args=[grant_round.pk])
    page = client.get(url)
    data = _round_change_data(page)
    reviewers = next(f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Reviewer)
    data[reviewers.forms[0].add_prefix("DELETE")] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "委嘱を削除できません" in response.content.decode()
    assert ScoreSheet.objects.filter(reviewer=reviewer).exists()
    response = client.post(reverse("admin:grants_reviewer_delete", args=[reviewer.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Reviewer.objects.filter(pk=reviewer.pk).exists()


def test_sealed_admin_lists_run_a_fixed_number_of_queries(client, center_staff, clock):
    grant_round = RoundFactory()
    mine = ReviewerFactory(round=grant_round, user=center_staff, role="staff")
    colleague = ReviewerFactory(round=grant_round)

    def fill(n):
        for _ in range(n):
            application = ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW)
            for reviewer in (mine, colleague):
                services.scoresheet_save(
                    reviewer=reviewer, application=application, points=_points(grant_round, 2), comment="", submit=True
                )
        services.round_allocate(grant_round=grant_round)

    def count(name):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"admin:grants_{name}_changelist")).status_code == 200
        return len(queries)

    client.force_login(center_staff)
    names = ["scoresheet", "score", "application"]
    fill(2)
    small = [count(name) for name in names]
    fill(6)
    assert [count(name) for name in names] == small
    assert len(_listed(client, "scoresheet")) == 8
