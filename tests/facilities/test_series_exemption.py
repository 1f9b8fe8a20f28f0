"""A weekly series keeps the exemption applied for and its evidence on every booking, priced as 「減免申請中」."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from facilities.models import (
    Booking,
    DayType,
    ExemptionApplication,
    ExemptionQualifier,
    ExemptionState,
)
from facilities.services import booking_exemption_review
from tests.factories.accounts import StaffFactory
from tests.factories.facilities import ExemptionRuleFactory, FeeRateFactory, SpaceFactory
from tests.factories.files import pdf_bytes
from tests.factories.groups import manager_with_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    # Monday 1 June 2026, 09:00 in Tokyo; the five Wednesdays from 10 June to 8 July hold no public holiday.
    time_machine.move_to(dt.datetime(2026, 6, 1, 9, tzinfo=timezone.get_current_timezone()), tick=False)


def test_a_weekly_series_keeps_the_exemption_and_evidence_on_every_booking(client, clock):
    space = SpaceFactory(facility__auto_confirm=True)
    for day_type in DayType:
        FeeRateFactory(space=space, day_type=day_type, hourly_fee=700)
    ExemptionRuleFactory(percentage=50, code="registered", name="登録団体減免")
    rule = ExemptionRuleFactory(
        code="public",
        name="公益の催し",
        qualifier=ExemptionQualifier.PUBLIC_INTEREST,
        application=ExemptionApplication.ON_APPLICATION,
        percentage=100,
    )
    user, group = manager_with_group()
    client.force_login(user)
    url = reverse("facilities:booking_create", args=[space.facility_id])
    data = {
        "space": space.pk,
        "group": group.pk,
        "date": "2026-06-10",
        "start": "09:00",
        "end": "12:00",
        "repeat_until": "2026-07-08",
        "purpose": "公開講座",
        "expected_attendees": 12,
        "exemption_rule": rule.pk,
    }
    page = client.post(url, data | {"step": "preview"}).content.decode()
    assert "減免申請中" in page
    assert "1050円" in page  # what is owed until staff grant the exemption (the group's automatic 50 %)
    pdf = SimpleUploadedFile("flyer.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(url, data | {"step": "confirm", "evidence": pdf})
    assert response.status_code == 302
    made = list(Booking.objects.order_by("starts_at"))
    assert [timezone.localdate(b.starts_at) for b in made] == [
        dt.date(2026, 6, 10) + dt.timedelta(weeks=i) for i in range(5)
    ]
    assert {(b.exemption_rule_id, b.exemption_state, b.final_price, b.price_if_granted) for b in made} == {
        (rule.pk, ExemptionState.APPLIED, 1050, 0)
    }
    names = {b.exemption_evidence.name for b in made}
    assert len(names) == 1
    assert names.pop().endswith(".pdf")
    assert all(b.status == "requested" for b in made)  # an exemption to review is never confirmed automatically
    assert "減免申請中" in client.get(reverse("facilities:booking_list")).content.decode()
    assert "減免申請中" in client.get(reverse("facilities:booking_detail", args=[made[2].pk])).content.decode()
    assert client.get(reverse("facilities:booking_evidence", args=[made[4].pk])).status_code == 200

    staff = StaffFactory()
    client.force_login(staff)
    desk = client.get(reverse("facilities:front_desk")).content.decode()
    for booking in made:
        assert f"/bookings/{booking.pk}/evidence/" in desk
    granted = booking_exemption_review(booking=made[0], by=staff, approved=True)
    assert (granted.exemption_state, granted.final_price) == (ExemptionState.APPROVED, 0)
    refused = booking_exemption_review(booking=made[1], by=staff, approved=False)
    assert (refused.exemption_state, refused.final_price, refused.exemption_percent) == (
        ExemptionState.AUTOMATIC,
        1050,
        50,
    )
