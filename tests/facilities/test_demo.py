import pytest
from django.core.management import call_command

from facilities.models import Booking, EquipmentType, ExemptionRule, Facility, FeeRate, Space

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_with_the_center_hall_and_equipment():
    call_command("load_demo")
    call_command("load_demo")
    assert Facility.objects.count() == 4
    hall = Space.objects.get(name="多目的ホール（全体）")
    assert sorted(hall.parts.values_list("name", flat=True)) == ["多目的ホールA", "多目的ホールB"]
    assert dict(EquipmentType.objects.values_list("name", "stock")) == {"プロジェクター": 3, "折りたたみテーブル": 20}
    assert ExemptionRule.objects.count() == 4
    assert FeeRate.objects.exists()
    booking = Booking.objects.get()
    assert booking.user.email == "citizen@example.jp"
    assert booking.loans.get().equipment_type.name == "プロジェクター"
