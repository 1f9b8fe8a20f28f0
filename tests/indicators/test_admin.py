from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import ActionItem, Indicator, TargetRevision
from tests.factories.accounts import StaffFactory
from tests.factories.indicators import IndicatorFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def _csv_format(response):
    return next(value for value, label in response.context["form"].fields["format"].choices if label == "csv")


def upload(client, url, name, content: bytes):
    form_page = client.get(url)
    data = {
        "format": _csv_format(form_page),
        "resource": "0",
        "import_file": SimpleUploadedFile(name, content, content_type="text/csv"),
    }
    return client.post(url, data)


def test_admin_import_previews_then_confirms_the_shared_plan(admin_client):
    url = reverse("admin:indicators_actionitem_import")
    preview = upload(admin_client, url, "plan.csv", (FIXTURES / "action_plan_yamaguchi.csv").read_bytes())
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert result.totals["new"] == 46
    assert not ActionItem.objects.exists()  # the preview is a dry run
    confirm = preview.context["confirm_form"]
    response = admin_client.post(
        reverse("admin:indicators_actionitem_process_import"),
        {name: confirm.initial.get(name, confirm[name].value()) for name in confirm.fields},
    )
    assert response.status_code == 302
    assert ActionItem.objects.count() == 46


def test_admin_import_lists_row_errors_and_unknown_columns_and_saves_nothing(admin_client):
    url = reverse("admin:indicators_actionitem_import")
    content = "plan_code,item_code,title,kind,colour\r\np,A-1,良い行,new,赤\r\np,A-2,,odd,\r\n".encode()
    response = upload(admin_client, url, "bad.csv", content)
    result = response.context["result"]
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert set(invalid.field_specific_errors) == {"title", "kind"}
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "不明な列" in page
    assert "colour" in page
    assert not ActionItem.objects.exists()


def test_admin_target_change_goes_through_the_service(admin_client):
    indicator = IndicatorFactory()
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data.update({"target_value": "275", "target_year": "2020"})
    for prefix in ("interim_targets", "observations", "target_revisions"):
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
