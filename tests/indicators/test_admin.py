from pathlib import Path

import pytest
from django.urls import reverse

from indicators.models import ActionItem, Indicator, TargetRevision
from tests.core import admin_imports as flow
from tests.factories.accounts import StaffFactory
from tests.factories.indicators import IndicatorFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def test_admin_import_previews_then_confirms_the_shared_plan(admin_client, worker):
    content = (FIXTURES / "action_plan_yamaguchi.csv").read_bytes()
    job = flow.previewed(admin_client, worker, "indicators_actionitem", "plan.csv", content)
    assert job.is_ready
    assert (job.new, job.error_count) == (46, 0)
    assert not ActionItem.objects.exists()  # the preview is a dry run
    preview = flow.page(admin_client, job).content.decode()
    assert "I-(1)-① 地域交流センターの整備" in preview  # the resource has no diff: each row's item is listed
    with worker.after():
        assert flow.confirm(admin_client, job).status_code == 302
    job.refresh_from_db()
    assert job.is_done
    assert ActionItem.objects.count() == 46


def test_admin_import_lists_row_errors_and_unknown_columns_and_saves_nothing(admin_client, worker):
    content = "plan_code,item_code,title,kind,colour\r\np,A-1,良い行,new,赤\r\np,A-2,,odd,\r\n".encode()
    job = flow.previewed(admin_client, worker, "indicators_actionitem", "bad.csv", content)
    assert job.is_failed
    [invalid] = job.errors
    assert invalid["row"] == 2
    assert {column for column, _message in invalid["errors"]} == {"title", "kind"}
    page = flow.page(admin_client, job).content.decode()
    assert "取り込みません: colour" in page
    assert 'value="取り込む"' not in page
    assert not ActionItem.objects.exists()


def test_admin_target_change_goes_through_the_service(admin_client):
    indicator = IndicatorFactory()
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data.update({"target_value": "275", "target_year": "2020"})
    for prefix in ("interim_targets", "observations", "breakdowns", "target_revisions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert indicator.target_value == 275
    revision = TargetRevision.objects.get()
    assert (revision.old_value, revision.new_value) == (260, 275)


def test_admin_exports_indicators_in_the_import_layout(admin_client):
    IndicatorFactory(code="1-3", name="登録団体数")
    from indicators.importers import IndicatorResource

    dataset = IndicatorResource().export(Indicator.objects.all())
    assert dataset.headers[:4] == ["plan_code", "policy_code", "policy_title", "indicator_code"]
    assert dataset[0][3] == "1-3"


def test_admin_changelists_open(admin_client):
    from tests.factories.indicators import ObservationFactory, YearPlanFactory

    YearPlanFactory()
    ObservationFactory()
    for model in (
        "plan",
        "plannode",
        "department",
        "actionitem",
        "yearplan",
        "indicator",
        "reportedition",
        "targetrevision",
    ):
        assert admin_client.get(reverse(f"admin:indicators_{model}_changelist")).status_code == 200, model


def test_admin_observation_inline_cannot_turn_a_final_value_provisional():
    from decimal import Decimal

    from indicators.admin import ObservationInlineForm
    from tests.factories.indicators import ObservationFactory

    observation = ObservationFactory(value=Decimal("256"), is_final=True)
    data = {"indicator": observation.indicator_id, "fiscal_year": observation.fiscal_year, "value": "255",
            "is_final": "", "source_note": ""}  # fmt: skip
    form = ObservationInlineForm(data, instance=observation)
    assert not form.is_valid()
    assert "確定値を速報値で上書きすることはできません。" in form.non_field_errors()
    corrected = ObservationInlineForm({**data, "is_final": "on"}, instance=observation)
    assert corrected.is_valid(), corrected.errors
