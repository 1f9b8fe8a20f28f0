import datetime as dt

import factory

from civic_portal.core.models import Area
from groups.models import NUMBERED_STATUSES, ActivityField, Group, GroupStatus, Membership, MembershipRole
from tests.factories.accounts import UserFactory
from tests.factories.base import ModelFactory


class AreaFactory(ModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"第{n}地区")
    name_kana = factory.Sequence(lambda n: f"だい{n}ちく")


class GroupFactory(ModelFactory[Group]):
    """A registered group by default; pass status=GroupStatus.DRAFT for others, managers=[user] to attach managers."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"市民活動団体{n}")
    name_kana = factory.Sequence(lambda n: f"しみんかつどうだんたい{n}")
    purpose = "地域の環境をよくする"
    activities = "清掃活動と学習会"
    representative_name = "代表 太郎"
    contact_name = "連絡 花子"
    contact_email = factory.Sequence(lambda n: f"group{n}@example.jp")
    status = GroupStatus.REGISTERED
    registration_number = factory.LazyAttributeSequence(
        lambda o, n: f"R{n:05d}" if o.status in NUMBERED_STATUSES else None
    )
    registered_on = factory.LazyAttribute(lambda o: dt.date(2024, 4, 1) if o.registration_number else None)

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        for user in extracted or []:
            Membership.objects.create(group=self, user=user, role=MembershipRole.MANAGER)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for user in extracted or []:
            Membership.objects.create(group=self, user=user, role=MembershipRole.MEMBER)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        """fields=[1, 7] attaches NPO Act fields by code."""
        if extracted:
            self.activity_fields.set(ActivityField.objects.filter(version="2012", code__in=extracted))


def manager_with_group(**group_kwargs):
    """A verified user and a registered group they manage."""
    user = UserFactory()
    return user, GroupFactory(managers=[user], **group_kwargs)
