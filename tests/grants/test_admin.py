import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Application, Round, Status
from grants.resources import ApplicationResource, ScoreResource
from tests.factories.grants import ApplicationFactory, ReviewerFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    """Center staff (not superusers): their role carries the grants permissions."""
    client.force_login(staff)
    return client


def test_admin_pages_render_in_japanese(admin_client):
    application = ApplicationFactory(status=Status.SUBMITTED)
    assert "助成申請" in admin_client.get(reverse("admin:grants_application_changelist")).content.decode()
    page = admin_client.get(reverse("admin:grants_round_change", args=[application.round.pk])).content.decode()
    assert "審査基準" in page
    assert "審査委員の委嘱" in page
    assert admin_client.get(reverse("admin:grants_application_change", args=[application.pk])).status_code == 200
    for name in ["programme", "scoresheet", "score", "reviewer", "otherfundergrant", "conflictdeclaration"]:
        assert admin_client.get(reverse(f"admin:grants_{name}_changelist")).status_code == 200


def test_board_filters_by_status_with_counts(admin_client):
    ApplicationFactory(status=Status.SUBMITTED)
    ApplicationFactory(status=Status.SUBMITTED)
    ApplicationFactory(status=Status.UNDER_REVIEW)
    page = admin_client.get(reverse("admin:grants_application_changelist"), {"status__exact": "submitted"})
    assert page.context["cl"].result_count == 2
    assert "(2)" in page.content.decode()


def test_admin_actions_call_services(admin_client, worker):
    application = ApplicationFactory(status=Status.SUBMITTED)
    url = reverse("admin:grants_application_changelist")
    admin_client.post(url, {"action": "return_for_changes", "_selected_action": [application.pk], "note": ""})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED  # a return needs a reason
    with worker.after():
        admin_client.post(
            url, {"action": "return_for_changes", "_selected_action": [application.pk], "note": "内訳を追加"}
        )
    application.refresh_from_db()
    assert application.status == Status.RETURNED
    assert application.status_changes.get().note == "内訳を追加"
    assert "内訳を追加" in mail.outbox[-1].body


def test_round_actions_open_review_allocate_confirm_publish(admin_client):
    grant_round = RoundFactory(budget=300_000)
    reviewer = ReviewerFactory(round=grant_round)
    application = ApplicationFactory(round=grant_round, status=Status.ELIGIBILITY_CHECK, requested_amount=200_000)
    url = reverse("admin:grants_round_changelist")
    admin_client.post(url, {"action": "open_review", "_selected_action": [grant_round.pk]})
    application.refresh_from_db()
    services.scoresheet_save(
        reviewer=reviewer,
        application=application,
        points={c.pk: (4, "") for c in grant_round.criteria.all()},
        comment="",
        submit=True,
    )
    for action in ("allocate", "confirm_decisions", "publish_results"):
        admin_client.post(url, {"action": action, "_selected_action": [grant_round.pk]})
    application.refresh_from_db()
    assert (application.status, application.awarded_amount) == (Status.AWARDED, 200_000)
    assert Round.objects.get(pk=grant_round.pk).results_published


def test_exports_for_the_committee_meeting():
    grant_round = RoundFactory()
    reviewer = ReviewerFactory(round=grant_round)
    application = ApplicationFactory(round=grant_round, status=Status.UNDER_REVIEW, title="輸出する事業")
    services.scoresheet_save(
        reviewer=reviewer,
        application=application,
        points={c.pk: (3, "良") for c in grant_round.criteria.all()},
        comment="",
        submit=True,
    )
    services.round_allocate(grant_round=grant_round)
    apps = ApplicationResource().export()
    assert "輸出する事業" in apps.csv
    assert "採否案" in apps.csv
    scores = ScoreResource().export()
    assert len(scores) == 5
    assert "公益性" in scores.csv


def test_every_model_has_a_japanese_verbose_name():
    for model in site._registry:
        if model._meta.app_label == "grants":
            assert not model._meta.verbose_name.isascii()
            for field in model._meta.fields:
                assert not str(field.verbose_name).isascii() or field.name == "id", (model, field.name)
    assert Application.objects.count() == 0
    assert timezone.now()


def test_staff_may_adjust_a_proposal_in_the_admin(admin_client):
    application = ApplicationFactory(status=Status.UNDER_REVIEW, proposed_outcome="awarded", proposed_amount=200_000)
    url = reverse("admin:grants_application_change", args=[application.pk])
    page = admin_client.get(url)
    data = {"proposed_outcome": "runner_up", "proposed_amount": "150000"}
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        management = formset.formset.management_form
        data.update({f"{prefix}-{k}": v for k, v in management.initial.items()})
    response = admin_client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.proposed_outcome, application.proposed_amount, application.status) == (
        "runner_up",
        150_000,
        Status.UNDER_REVIEW,
    )


def test_adding_a_reviewer_in_the_round_admin_appoints_them_with_the_role(admin_client):
    from civic_portal.accounts.roles import GRANT_REVIEWERS, has_role
    from grants.models import Reviewer
    from tests.factories.accounts import UserFactory
    from tests.factories.grants import RoundFactory

    round_ = RoundFactory(criteria=False)
    citizen = UserFactory()
    url = reverse("admin:grants_round_change", args=[round_.pk])
    page = admin_client.get(url)
    data = {}
    for name, value in page.context["adminform"].form.initial.items():
        if value is None or name == "fields":
            continue
        if hasattr(value, "hour"):  # the admin splits date-times into a date and a time box
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.time().isoformat()
        else:
            data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    reviewers = next(f.formset.prefix for f in page.context["inline_admin_formsets"] if f.formset.model is Reviewer)
    data.update({f"{reviewers}-TOTAL_FORMS": 1, f"{reviewers}-0-user": citizen.pk, f"{reviewers}-0-role": "citizen"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Reviewer.objects.get(round=round_).user == citizen
    citizen.refresh_from_db()
    assert has_role(citizen, GRANT_REVIEWERS)
