"""generate_scale: a tiny city generated into the test database, its counts and statuses, the refusals, and the
pages a benchmark measures rendering on it."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Event

from civic_portal.accounts.models import User
from civic_portal.core.scale import accounts, guard
from facilities.models import Booking, BookingStatus, Facility, Occupancy
from grants.models import Application, Score, ScoreSheet, Status
from groups.models import Group, GroupStatus, VolunteerNeed
from indicators.models import ActionItem, Indicator, Plan, YearPlan
from tests.factories.groups import GroupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# A Wednesday in October: bookings lie before and after it, the newest round is open, the one before in review.
NOW = dt.datetime(2026, 10, 14, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
SIZES = ["--groups", "200", "--needs", "20", "--facilities", "3", "--bookings", "1500", "--applications", "120",
         "--items", "20", "--indicators", "6"]  # fmt: skip


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_scale", *SIZES, *args, stdout=out)
    return out.getvalue()


def test_counts_and_the_marker():
    assert "Generated in" in generate("--seed", "7")
    assert Group.objects.public().count() == 200
    assert Group.objects.count() == 230  # 15% more outside the register
    assert VolunteerNeed.objects.count() == 20
    assert Facility.objects.count() == 3
    # The center's hall cells that clash with its halves are left out: a few less than asked for.
    assert 1400 <= Booking.objects.count() <= 1500
    assert Occupancy.objects.count() >= Booking.objects.count()
    assert Application.objects.count() == 120
    assert Plan.objects.count() == 2
    assert ActionItem.objects.count() == 40
    assert YearPlan.objects.count() == 2 * 20 * 10
    assert Indicator.objects.count() == 6
    assert Score.objects.filter(sheet__in=ScoreSheet.objects.all()).count() == 5 * ScoreSheet.objects.count()
    recorded = guard.recorded()
    assert recorded["seed"] == 7
    assert recorded["sizes"]["groups"] == 200
    assert recorded["sizes"]["plans"] == 2


def test_every_status_is_there():
    generate()
    assert set(Group.objects.values_list("status", flat=True)) == set(GroupStatus.values)
    assert set(Booking.objects.values_list("status", flat=True)) == set(BookingStatus.values)
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.DECLINED, Status.CLOSED} <= statuses
    assert len(statuses) >= 10
    # Bookings spread over the rooms and the years, before and after today.
    assert Booking.objects.values("space").distinct().count() == 12
    years = {b.year for b in Booking.objects.dates("starts_at", "year")}
    assert len(years) >= 3
    assert Booking.objects.filter(starts_at__gt=timezone.now()).exists()


def test_rows_pass_model_validation():
    """What the forms and the admin would check (kana readings, corporate number check digits, constraints)."""
    generate()
    checked = 0
    for app in ("accounts", "core", "groups", "facilities", "grants", "indicators"):
        for model in apps.get_app_config(app).get_models():
            if model._meta.proxy or issubclass(model, Event):
                continue
            for obj in model.objects.order_by("pk")[:40]:
                obj.full_clean()
                checked += 1
    assert checked > 1000


def test_same_seed_same_data():
    def names():
        with transaction.atomic():
            generate("--seed", "3")
            found = list(Group.objects.order_by("id").values_list("name", "name_kana", "status"))
            times = list(Booking.objects.order_by("id").values_list("starts_at", flat=True)[:200])
            transaction.set_rollback(True)
        return found, times

    first = names()
    assert first == names()
    assert len({kana for _n, kana, _s in first[0]}) > 150  # varied readings, not one name repeated


def test_refuses_a_database_with_other_data_unless_forced():
    GroupFactory(name="本物の団体", contact_email="real@example.jp")
    with pytest.raises(CommandError, match="not generated"):
        generate()
    assert not Group.objects.exclude(name="本物の団体").exists()
    generate("--force")
    assert Group.objects.count() == 231


def test_refuses_a_second_generation():
    generate()
    with pytest.raises(CommandError, match="already holds generated data"):
        generate("--force")


def test_pages_render_on_generated_data(client):
    generate()
    center = Facility.objects.get(is_center=True)
    group = Group.objects.public().order_by("kana_sort").first()
    plan = Plan.objects.order_by("code").first()
    public = [
        reverse("groups:group_list"),
        reverse("groups:group_list") + "?q=子ども&page=2",
        reverse("groups:group_detail", args=[group.pk]),
        reverse("facilities:facility_month", args=[center.pk, 2026, 10]),
        reverse("facilities:facility_month", args=[center.pk, 2025, 3]),
        reverse("facilities:facility_week_current", args=[center.pk]),
        reverse("grants:programme_list"),
        reverse("grants:results"),
        reverse("indicators:plan_detail", args=[plan.code]),
    ]
    for url in public:
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(email=accounts.REVIEWER_EMAIL))
    response = client.get(reverse("grants:review_list"))
    assert response.status_code == 200
    assert Application.objects.filter(status=Status.UNDER_REVIEW).first().title in response.content.decode()
    client.force_login(User.objects.get(email=accounts.MANAGER_EMAIL))
    assert client.get(reverse("facilities:booking_list")).status_code == 200
    client.force_login(User.objects.get(email=accounts.STAFF_EMAIL))  # TOTP is set up for back-office accounts
    assert client.get(reverse("admin:facilities_booking_changelist")).status_code == 200
