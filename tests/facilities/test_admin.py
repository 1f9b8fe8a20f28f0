import pytest
from django.urls import reverse
from tablib import Dataset

from facilities.models import Booking, BookingStatus, Occupancy
from facilities.resources import BookingResource, FacilityResource
from facilities.services import booking_create
from tests.factories.accounts import UserFactory
from tests.factories.facilities import FacilityFactory, SpaceFactory, at, booked, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_pages_render_in_japanese(admin_client):
    space = SpaceFactory()
    day = next_weekday(1)
    booking = booking_create(
        user=UserFactory(), space=space, starts_at=at(day, 10), ends_at=at(day, 12), purpose="p", expected_attendees=2
    )
    for name in ["facility", "space", "equipmenttype", "loan", "booking", "exemptionrule", "groupcalendar"]:
        response = admin_client.get(reverse(f"admin:facilities_{name}_changelist"))
        assert response.status_code == 200, name
    page = admin_client.get(reverse("admin:facilities_booking_change", args=[booking.pk])).content.decode()
    assert "施設予約" in page
    assert "状態変更履歴" in page


def test_admin_add_booking_shows_the_conflict_as_a_message(admin_client):
    space = SpaceFactory()
    day = next_weekday(1)
    booking_create(
        user=UserFactory(), space=space, starts_at=at(day, 10), ends_at=at(day, 12), purpose="p", expected_attendees=2
    )
    user = UserFactory()
    data = {
        "space": space.pk,
        "user": user.pk,
        "starts_at_0": day.isoformat(),
        "starts_at_1": "11:00",
        "ends_at_0": day.isoformat(),
        "ends_at_1": "13:00",
        "purpose": "重複",
        "expected_attendees": 3,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
    }
    response = admin_client.post(reverse("admin:facilities_booking_add"), data)
    assert "すでに予約が入っています" in response.content.decode()
    data |= {"starts_at_1": "13:00", "ends_at_1": "15:00"}
    response = admin_client.post(reverse("admin:facilities_booking_add"), data)
    assert response.status_code == 302
    assert Occupancy.objects.filter(booking__purpose="重複", is_active=True).count() == 1


def test_admin_confirm_action_calls_the_service(admin_client):
    space = SpaceFactory()
    day = next_weekday(1)
    booking = booking_create(
        user=UserFactory(), space=space, starts_at=at(day, 10), ends_at=at(day, 12), purpose="p", expected_attendees=2
    )
    admin_client.post(
        reverse("admin:facilities_booking_changelist"), {"action": "confirm", "_selected_action": [booking.pk]}
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.status_changes.last().to_status == BookingStatus.CONFIRMED


def test_booking_import_is_all_or_nothing_with_per_row_errors():
    space = SpaceFactory()
    user = UserFactory()
    day = next_weekday(1)
    headers = ["id", "space", "user", "group", "starts_at", "ends_at", "purpose", "expected_attendees"]
    rows = [
        ["", space.pk, user.email, "", f"{day} 10:00:00", f"{day} 12:00:00", "一件目", 5],
        ["", space.pk, user.email, "", f"{day} 11:00:00", f"{day} 13:00:00", "重なる", 5],
    ]
    result = BookingResource().import_data(Dataset(*rows, headers=headers), dry_run=False)
    assert result.has_validation_errors()
    assert "すでに予約が入っています" in str(result.invalid_rows[0].error_dict)
    assert Booking.objects.count() == 0
    result = BookingResource().import_data(Dataset(rows[0], headers=headers), dry_run=False)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert Booking.objects.get().occupancies.count() == 1


def test_facility_export_round_trips():
    FacilityFactory(name="市民活動センター本館")
    dataset = FacilityResource().export()
    assert "市民活動センター本館" in dataset.csv


def test_facility_photo_upload_is_content_checked():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from facilities.admin import PhotoForm

    facility = FacilityFactory()
    fake = SimpleUploadedFile("photo.jpg", b"<script>not an image</script>", content_type="image/jpeg")
    form = PhotoForm(data={"alt_text": "外観", "sort_order": 0}, files={"image": fake})
    form.instance.facility = facility
    assert not form.is_valid()
    assert "image" in form.errors


def test_admin_add_booking_for_a_group_the_user_does_not_manage_is_a_form_error(admin_client):
    from tests.factories.groups import GroupFactory

    space = SpaceFactory()
    day = next_weekday(1)
    data = {
        "space": space.pk,
        "user": UserFactory().pk,
        "group": GroupFactory().pk,
        "starts_at_0": day.isoformat(),
        "starts_at_1": "10:00",
        "ends_at_0": day.isoformat(),
        "ends_at_1": "12:00",
        "purpose": "代理",
        "expected_attendees": 3,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
    }
    response = admin_client.post(reverse("admin:facilities_booking_add"), data)
    assert response.status_code == 200
    assert "この団体の代理で予約する権限がありません" in response.content.decode()
    assert not Booking.objects.exists()


def test_center_staff_cannot_mark_a_future_booking_no_show_in_the_admin(client, time_machine):
    from facilities.models import LoanStatus
    from facilities.services import booking_confirm
    from tests.factories.accounts import StaffFactory
    from tests.factories.facilities import EquipmentTypeFactory

    space = SpaceFactory()
    day = next_weekday(1)
    projector = EquipmentTypeFactory(facility=space.facility)
    staff = StaffFactory()
    booking = booked(space, day, purpose="p", expected_attendees=2, equipment=[(projector, 1)])
    booking_confirm(booking=booking, by=staff)
    client.force_login(staff)
    url = reverse("admin:facilities_booking_changelist")
    page = client.post(url, {"action": "no_show", "_selected_action": [booking.pk]}, follow=True).content.decode()
    assert "利用開始（" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.loans.get().status == LoanStatus.RESERVED
    time_machine.move_to(at(day, 12, 30))
    client.post(url, {"action": "no_show", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
