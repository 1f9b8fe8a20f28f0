import datetime as dt

import factory
from django.utils import timezone

from facilities.models import (
    DayType,
    EquipmentType,
    ExemptionApplication,
    ExemptionQualifier,
    ExemptionRule,
    Facility,
    FacilityKind,
    FeeRate,
    OpeningHours,
    Space,
)
from tests.factories.base import ModelFactory

TZ = timezone.get_fixed_timezone(9 * 60)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware Tokyo datetime."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def booked(space, day: dt.date, *, hours: tuple[int, int] = (10, 12), user=None, **options):
    """A booking made through the service, on `day` from the first hour to the second (by a new citizen unless
    `user` is given); `options` go to booking_create (purpose and attendees have defaults)."""
    from facilities.services import booking_create
    from tests.factories.accounts import UserFactory

    options.setdefault("purpose", "定例会")
    options.setdefault("expected_attendees", 2)
    return booking_create(
        user=user or UserFactory(), space=space, starts_at=at(day, hours[0]), ends_at=at(day, hours[1]), **options
    )


def next_weekday(weekday: int, *, weeks: int = 1) -> dt.date:
    """A date of the given weekday at least `weeks` weeks ahead that is not a public holiday."""
    from facilities.availability import holiday_name

    day = timezone.localdate() + dt.timedelta(days=7 * weeks)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    while holiday_name(day):
        day += dt.timedelta(days=7)
    return day


class FacilityFactory(ModelFactory[Facility]):
    """A facility open 9:00-21:00 every day (opening_hours=False for none)."""

    class Meta:
        model = Facility
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"市民活動センター{n}")
    name_kana = factory.Sequence(lambda n: f"シミンカツドウセンター{n}")
    kind = FacilityKind.CENTER
    address = "山口県下関市竹崎町1-1"
    step_minutes = 30
    min_minutes = 60
    max_minutes = 480

    @factory.post_generation
    def opening_hours(self, create, extracted, **kwargs):
        if create and extracted is not False:
            OpeningHours.objects.bulk_create(
                [OpeningHours(facility=self, weekday=d, opens=dt.time(9), closes=dt.time(21)) for d in range(7)]
            )


class SpaceFactory(ModelFactory[Space]):
    class Meta:
        model = Space
        skip_postgeneration_save = True

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"会議室{n}")
    capacity = 30

    @factory.post_generation
    def parts(self, create, extracted, **kwargs):
        if create and extracted:
            self.parts.set(extracted)


class FeeRateFactory(ModelFactory[FeeRate]):
    class Meta:
        model = FeeRate

    space = factory.SubFactory(SpaceFactory)
    day_type = DayType.WEEKDAY
    label = "午前"
    starts = dt.time(9)
    ends = dt.time(12)
    hourly_fee = 600


class EquipmentTypeFactory(ModelFactory[EquipmentType]):
    class Meta:
        model = EquipmentType

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"プロジェクター{n}")
    stock = 3
    fee_per_use = 500


class ExemptionRuleFactory(ModelFactory[ExemptionRule]):
    class Meta:
        model = ExemptionRule

    code = factory.Sequence(lambda n: f"rule-{n}")
    name = "登録団体の活動"
    qualifier = ExemptionQualifier.REGISTERED_GROUP
    percentage = 50
    legal_basis = "市民活動センター条例施行規則第8条第1号"
    application = ExemptionApplication.AUTOMATIC


def lottery_window(spaces, *, month: dt.date, applies: tuple[dt.date, dt.date], **fields):
    """A lottery over `spaces` (all of one facility) for `month`, taking applications between the two days."""
    from facilities.models import LotteryWindow

    window = LotteryWindow.objects.create(
        facility=spaces[0].facility,
        name=fields.pop("name", f"{month:%Y年%m月}の抽選"),
        month=month,
        applies_from=applies[0],
        applies_until=applies[1],
        **fields,
    )
    window.spaces.set(spaces)
    return window
