import datetime as dt
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import Booking, BookingStatus, FacilityKind, Occupancy
from facilities.services import booking_create
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.facilities import (
    EquipmentTypeFactory,
    ExemptionRuleFactory,
    FacilityFactory,
    FeeRateFactory,
    SpaceFactory,
    at,
    booked,
    next_weekday,
)
from tests.factories.files import pdf_bytes
from tests.factories.groups import AreaFactory, manager_with_group

pytestmark = pytest.mark.django_db


def test_catalogue_filters_by_kind_area_capacity_and_barrier_free(client):
    area = AreaFactory(name="彦島")
    centre = FacilityFactory(name="彦島公民館", kind=FacilityKind.COMMUNITY_CENTRE, area=area, elevator=True)
    SpaceFactory(facility=centre, capacity=80)
    shop = FacilityFactory(name="空き店舗A", kind=FacilityKind.VACANT_SHOP)
    SpaceFactory(facility=shop, capacity=10)
    FacilityFactory(name="非公開施設", is_published=False)
    url = reverse("facilities:facility_list")
    page = client.get(url).content.decode()
    assert "彦島公民館" in page
    assert "空き店舗A" in page
    assert "非公開施設" not in page
    assert "空き店舗A" not in client.get(url, {"kind": "community_centre"}).content.decode()
    assert "空き店舗A" not in client.get(url, {"area": area.pk}).content.decode()
    assert "空き店舗A" not in client.get(url, {"capacity": 50}).content.decode()
    page = client.get(url, {"barrier_free": ["elevator"]}).content.decode()
    assert "彦島公民館" in page
    assert "空き店舗A" not in page


def test_unpublished_facility_is_404_for_the_public(client):
    facility = FacilityFactory(is_published=False)
    assert client.get(reverse("facilities:facility_detail", args=[facility.pk])).status_code == 404


def test_public_calendar_shows_only_taken_never_who(client):
    space = SpaceFactory()
    user, group = manager_with_group(name="ひみつの団体")
    day = next_weekday(1)
    booking_create(
        user=user,
        group=group,
        space=space,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        purpose="秘密の会議",
        expected_attendees=5,
    )
    url = reverse("facilities:facility_month", args=[space.facility_id, day.year, day.month])
    page = client.get(url).content.decode()
    assert "10:00–12:00 予約済" in page
    assert "空きあり" in page
    assert "ひみつの団体" not in page
    assert "秘密の会議" not in page
    assert user.full_name not in page
    week = client.get(reverse("facilities:facility_week", args=[space.facility_id, day.isoformat()])).content.decode()
    assert "09:00–10:00" in week
    assert "12:00–21:00" in week
    assert "秘密の会議" not in week


def _bulk_bookings(space, user, n):
    start = dt.datetime(2020, 1, 1, 0, tzinfo=timezone.get_current_timezone())
    bookings = Booking.objects.bulk_create(
        [
            Booking(
                space=space,
                user=user,
                starts_at=start + timedelta(hours=2 * i),
                ends_at=start + timedelta(hours=2 * i + 1),
                purpose="x",
                expected_attendees=1,
            )
            for i in range(n)
        ]
    )
    Occupancy.objects.bulk_create(
        [Occupancy(booking=b, space=space, during=(b.starts_at, b.ends_at)) for b in bookings]
    )


@pytest.mark.parametrize("size", [100, 2000])
def test_month_view_query_count_does_not_grow_with_bookings(client, django_assert_num_queries, size):
    space = SpaceFactory()
    SpaceFactory(facility=space.facility)
    _bulk_bookings(space, UserFactory(), size)
    url = reverse("facilities:facility_month", args=[space.facility_id, 2020, 1])
    # facility, spaces, parts, opening hours, occupancies, closures (photos, time slots and equipment are not shown)
    with django_assert_num_queries(6):
        response = client.get(url)
    # January 2020 holds all 100 small-size bookings and 12 a day of the large size.
    assert response.content.decode().count("予約済") >= min(size, 31 * 12)


def test_booking_form_shows_fee_with_group_exemption_then_books(client):
    space = SpaceFactory(name="第1会議室")
    FeeRateFactory(space=space, hourly_fee=600)
    projector = EquipmentTypeFactory(facility=space.facility, name="プロジェクター", fee_per_use=500)
    ExemptionRuleFactory(percentage=50, name="登録団体減免")
    user, group = manager_with_group()
    client.force_login(user)
    day = next_weekday(2)
    url = reverse("facilities:booking_create", args=[space.facility_id])
    data = {
        "space": space.pk,
        "group": group.pk,
        "date": day.isoformat(),
        "start": "09:00",
        "end": "11:00",
        "purpose": "総会<script>alert(1)</script>",
        "expected_attendees": 12,
        f"equipment_{projector.pk}": 1,
    }
    page = client.post(url, data | {"step": "preview"}).content.decode()
    assert "登録団体減免" in page
    assert "1700円" in page
    assert "850円" in page
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
    assert Booking.objects.count() == 0
    response = client.post(url, data | {"step": "confirm"})
    booking = Booking.objects.get()
    assert response.url == reverse("facilities:booking_detail", args=[booking.pk])
    assert booking.final_price == 850
    assert booking.loans.get().quantity == 1


def test_booking_form_keeps_input_and_shows_conflict(client):
    space = SpaceFactory()
    day = next_weekday(2)
    booked(space, day, purpose="先約", expected_attendees=2)
    client.force_login(UserFactory())
    data = {
        "space": space.pk,
        "date": day.isoformat(),
        "start": "11:00",
        "end": "13:00",
        "purpose": "会議の続き",
        "expected_attendees": 3,
        "step": "confirm",
    }
    page = client.post(reverse("facilities:booking_create", args=[space.facility_id]), data).content.decode()
    assert "すでに予約が入っています" in page
    assert 'value="会議の続き"' in page


def test_booking_detail_is_private(client):
    space = SpaceFactory()
    day = next_weekday(2)
    booking = booking_create(
        user=UserFactory(), space=space, starts_at=at(day, 10), ends_at=at(day, 12), purpose="p", expected_attendees=2
    )
    client.force_login(UserFactory())
    assert client.get(reverse("facilities:booking_detail", args=[booking.pk])).status_code == 404
    client.force_login(booking.user)
    assert client.get(reverse("facilities:booking_detail", args=[booking.pk])).status_code == 200


def test_front_desk_is_staff_only_and_checks_in(client, time_machine):
    # Frozen mid-afternoon in Tokyo: a booking five minutes ahead is still today's, whatever the real hour.
    time_machine.move_to(dt.datetime(2026, 6, 10, 14, tzinfo=timezone.get_current_timezone()), tick=False)
    space = SpaceFactory()
    now = timezone.localtime()
    client.force_login(UserFactory())
    assert client.get(reverse("facilities:front_desk")).status_code == 403
    booking = Booking.objects.create(
        space=space,
        user=UserFactory(),
        starts_at=now + timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
        purpose="p",
        expected_attendees=3,
        status=BookingStatus.CONFIRMED,
    )
    client.force_login(StaffFactory())
    desk = reverse("facilities:front_desk")
    assert "利用開始後に受付できます" in client.get(desk).content.decode()
    for action, data in [("check-in", {"attendees": 7}), ("no-show", {})]:
        url = reverse("facilities:front_desk_action", args=["booking", booking.pk, action])
        page = client.post(url, data, follow=True).content.decode()
        assert "利用開始（" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    time_machine.move_to(now + timedelta(minutes=6), tick=False)
    assert 'name="attendees"' in client.get(desk).content.decode()
    client.post(reverse("facilities:front_desk_action", args=["booking", booking.pk, "check-in"]), {"attendees": 7})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.USED
    assert booking.attendees == 7


def test_fee_page_is_generated_from_the_rules(client):
    space = SpaceFactory(name="和室")
    FeeRateFactory(space=space, label="夜間", hourly_fee=777)
    ExemptionRuleFactory(name="市の主催事業", legal_basis="施行規則第9条第2号", percentage=100)
    page = client.get(reverse("facilities:fees")).content.decode()
    assert "777円" in page
    assert "市の主催事業" in page
    assert "施行規則第9条第2号" in page
    assert "100%" in page


def test_opendata_csv_uses_the_national_column_layout(client, settings):
    FacilityFactory(
        name="下関市民活動センター", name_kana="シモノセキシミンカツドウセンター", elevator=True, wheelchair_access=True
    )
    import csv
    import io

    response = client.get(reverse("facilities:opendata_csv"))  # streamed from storage
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:6] == ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英字"]
    assert len(rows[0]) == 29
    assert rows[0][-1] == "備考"
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["名称"] == "下関市民活動センター"
    assert row["利用可能曜日"] == "月火水木金土日"
    assert row["バリアフリー情報"] == "車いす対応;エレベーター"
    assert row["開始時間"] == "09:00"
    assert row["URL"] == f"{settings.SITE_URL}/facilities/{row['ID']}/"  # the stored file names the site, not a request


def test_recurring_booking_preview_lists_conflicts_then_books_the_rest(client):
    space = SpaceFactory()
    first = next_weekday(1)
    taken = first + timedelta(weeks=1)
    booked(space, taken, hours=(18, 20), purpose="先約", expected_attendees=2)
    user, group = manager_with_group()
    client.force_login(user)
    url = reverse("facilities:booking_create", args=[space.facility_id])
    data = {
        "space": space.pk,
        "group": group.pk,
        "date": first.isoformat(),
        "start": "18:00",
        "end": "21:00",
        "purpose": "毎週の練習",
        "expected_attendees": 8,
        "repeat_until": (first + timedelta(weeks=2)).isoformat(),
    }
    page = client.post(url, data | {"step": "preview"}).content.decode()
    assert page.count("予約できます") == 2
    assert "すでに予約が入っています" in page
    response = client.post(url, data | {"step": "confirm"}, follow=True)
    assert "2件を予約し、1件は空いていないため予約しませんでした" in response.content.decode()
    assert Booking.objects.filter(group=group).count() == 2


def test_user_cancels_own_booking_from_the_detail_page(client):
    space = SpaceFactory()
    booking = booking_create(
        user=UserFactory(),
        space=space,
        starts_at=at(next_weekday(1), 10),
        ends_at=at(next_weekday(1), 12),
        purpose="p",
        expected_attendees=2,
    )
    client.force_login(booking.user)
    client.post(reverse("facilities:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_bad_month_or_week_is_404(client):
    facility = FacilityFactory()
    assert client.get(reverse("facilities:facility_month", args=[facility.pk, 2026, 13])).status_code == 404
    assert client.get(reverse("facilities:facility_week", args=[facility.pk, "2026-02-30"])).status_code == 404


def test_exemption_evidence_is_uploaded_checked_and_private(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from facilities.models import ExemptionApplication, ExemptionQualifier

    space = SpaceFactory()
    FeeRateFactory(space=space, hourly_fee=1000)
    rule = ExemptionRuleFactory(
        code="pi",
        name="公益の催し",
        qualifier=ExemptionQualifier.PUBLIC_INTEREST,
        application=ExemptionApplication.ON_APPLICATION,
        percentage=100,
    )
    user = UserFactory()
    client.force_login(user)
    url = reverse("facilities:booking_create", args=[space.facility_id])
    data = {
        "space": space.pk,
        "date": next_weekday(3).isoformat(),
        "start": "09:00",
        "end": "10:00",
        "purpose": "講演会",
        "expected_attendees": 20,
        "exemption_rule": rule.pk,
        "step": "confirm",
    }
    page = client.post(url, data).content.decode()
    assert "このフィールドは必須です" in page
    assert Booking.objects.count() == 0
    fake = SimpleUploadedFile("flyer.pdf", b"MZ not a pdf", content_type="application/pdf")
    page = client.post(url, data | {"evidence": fake}).content.decode()
    assert Booking.objects.count() == 0
    assert "PDF" in page
    pdf = SimpleUploadedFile("flyer.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(url, data | {"evidence": pdf})
    booking = Booking.objects.get()
    assert booking.final_price == 1000  # undiscounted while the exemption awaits review
    assert booking.price_if_granted == 0
    assert booking.exemption_evidence.name.endswith(".pdf")
    assert str(settings.MEDIA_ROOT) not in booking.exemption_evidence.path
    evidence_url = reverse("facilities:booking_evidence", args=[booking.pk])
    assert client.get(evidence_url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(evidence_url).status_code == 404


def test_vacant_shop_week_view_offers_only_owner_windows(client):
    from facilities.models import OwnerWindow

    facility = FacilityFactory(kind=FacilityKind.VACANT_SHOP, opening_hours=False)
    SpaceFactory(facility=facility, name="店舗")
    day = next_weekday(5)
    OwnerWindow.objects.create(facility=facility, starts_at=at(day, 10), ends_at=at(day, 16))
    page = client.get(reverse("facilities:facility_week", args=[facility.pk, day.isoformat()])).content.decode()
    assert "10:00–16:00" in page
    assert page.count("booking_create") == 0
    assert page.count("/book/?space=") == 1


def test_borrowing_equipment_on_its_own_for_a_date_range(client):
    from facilities.models import Loan

    tables = EquipmentTypeFactory(name="折りたたみテーブル", stock=20, fee_per_use=50)
    user = UserFactory()
    client.force_login(user)
    url = reverse("facilities:loan_create", args=[tables.facility_id])
    first = timezone.localdate() + timedelta(days=3)
    data = {
        "equipment_type": tables.pk,
        "quantity": 21,
        "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=1)).isoformat(),
    }
    page = client.post(url, data).content.decode()
    assert "20" in page
    assert Loan.objects.count() == 0
    response = client.post(url, data | {"quantity": 12})
    assert response.status_code == 302
    loan = Loan.objects.get()
    assert loan.quantity == 12
    assert loan.fee == 600
    assert loan.user == user
    page = client.post(url, data | {"quantity": 9}).content.decode()
    assert "あと8点" in page


def test_named_time_slot_sets_the_times(client):
    from facilities.models import TimeSlot

    space = SpaceFactory()
    evening = TimeSlot.objects.create(facility=space.facility, name="夜間", starts=dt.time(18), ends=dt.time(21))
    client.force_login(UserFactory())
    day = next_weekday(4)
    data = {
        "space": space.pk,
        "date": day.isoformat(),
        "slot": evening.pk,
        "purpose": "練習",
        "expected_attendees": 4,
        "step": "confirm",
    }
    client.post(reverse("facilities:booking_create", args=[space.facility_id]), data)
    booking = Booking.objects.get()
    assert (booking.starts_at, booking.ends_at) == (at(day, 18), at(day, 21))


def test_over_capacity_is_shown_on_the_field(client):
    space = SpaceFactory(capacity=5)
    client.force_login(UserFactory())
    data = {
        "space": space.pk,
        "date": next_weekday(4).isoformat(),
        "start": "10:00",
        "end": "12:00",
        "purpose": "大人数",
        "expected_attendees": 6,
        "step": "preview",
    }
    page = client.post(reverse("facilities:booking_create", args=[space.facility_id]), data).content.decode()
    assert "定員（5人）を超えています" in page
    assert 'value="大人数"' in page


def test_front_desk_filters_by_facility(client):
    here, there = SpaceFactory(name="ここの部屋"), SpaceFactory(name="よその部屋")
    day = next_weekday(3)
    for space in (here, there):
        booked(space, day, purpose="p", expected_attendees=2)
    client.force_login(StaffFactory())
    page = client.get(reverse("facilities:front_desk"), {"facility": here.facility_id}).content.decode()
    assert "ここの部屋" in page
    assert "よその部屋" not in page


def test_front_desk_hands_over_serial_numbered_items_and_takes_them_back(client, time_machine):
    from facilities.models import EquipmentItem, Loan, LoanStatus
    from facilities.services import loan_create

    # Frozen mid-afternoon in Tokyo: a loan that began an hour ago is still today's, whatever the real hour.
    time_machine.move_to(dt.datetime(2026, 6, 10, 14, tzinfo=timezone.get_current_timezone()), tick=False)
    projector = EquipmentTypeFactory(name="プロジェクター", stock=2)
    items = [EquipmentItem.objects.create(equipment_type=projector, serial_number=f"PJ-00{n}") for n in (1, 2)]
    now = timezone.now()
    loan = loan_create(
        user=UserFactory(),
        equipment_type=projector,
        quantity=1,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(minutes=30),
    )
    client.force_login(StaffFactory())
    page = client.get(reverse("facilities:front_desk")).content.decode()
    assert "PJ-001" in page
    assert "プロジェクターを貸し出す" in page
    client.post(reverse("facilities:front_desk_action", args=["loan", loan.pk, "hand-over"]), {"items": [items[1].pk]})
    loan.refresh_from_db()
    assert loan.status == LoanStatus.HANDED_OVER
    assert list(loan.items.all()) == [items[1]]
    client.post(reverse("facilities:front_desk_action", args=["loan", loan.pk, "return"]), {"condition": "良好"})
    loan = Loan.objects.get()
    assert loan.status == LoanStatus.RETURNED
    assert loan.return_condition == "良好"
