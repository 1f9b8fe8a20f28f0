import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from grants.models import (
    Application,
    BudgetLine,
    Category,
    LineKind,
    LineStage,
    OtherFunderGrant,
    Programme,
    Question,
    QuestionKind,
    RequiredDocument,
    ReviewCriterion,
    Reviewer,
    ReviewerRole,
    Round,
    Status,
)
from tests.factories.accounts import UserFactory
from tests.factories.base import ModelFactory
from tests.factories.groups import GroupFactory

CRITERIA = ["公益性", "市民性", "発展性", "実現性", "自立性"]


class ProgrammeFactory(ModelFactory[Programme]):
    class Meta:
        model = Programme
        django_get_or_create = ["name"]

    name = "市民活動促進補助金"
    description = "市民活動団体の公益的な事業を支援します。"


class RoundFactory(ModelFactory[Round]):
    """An open round (opened yesterday, closes in 30 days) with budget 1,000,000 and at most 300,000 at 2/3."""

    class Meta:
        model = Round
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"第{n}回 募集")
    category = Category.ACTIVITY
    fiscal_year = 2026
    budget = 1_000_000
    max_per_award = 300_000
    rate_numerator = 2
    rate_denominator = 3
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    guidelines = "募集要項の本文"

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        """criteria=True (default) adds the five standard criteria with weight 1 and max 5 (or pass a list)."""
        if not create or extracted is False:
            return
        specs = extracted if isinstance(extracted, list) else [(name, 1, 5) for name in CRITERIA]
        for order, (name, weight, max_points) in enumerate(specs):
            ReviewCriterion.objects.create(
                round=self, name=name, weight=Decimal(weight), max_points=max_points, order=order
            )


def add_lines(application, *, expenses=((300_000, True),), income=(), stage=LineStage.PLANNED):
    """Budget lines: expenses as (amount, eligible) pairs, income as amounts."""
    lines = [
        BudgetLine(
            application=application, stage=stage, kind=LineKind.EXPENSE, category="supplies", amount=a, eligible=e
        )
        for a, e in expenses
    ] + [
        BudgetLine(
            application=application, stage=stage, kind=LineKind.INCOME, category="own_funds", amount=a, eligible=False
        )
        for a in income
    ]
    BudgetLine.objects.bulk_create(lines)


class ApplicationFactory(ModelFactory[Application]):
    """A draft of a registered group (with a manager) to an open round; complete enough to submit."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    group = factory.LazyFunction(lambda: GroupFactory(managers=[UserFactory()]))
    title = factory.Sequence(lambda n: f"地域の居場所づくり事業{n}")
    purpose = "地域の高齢者の孤立を防ぐ"
    content = "月2回のサロンを開く"
    schedule = "5月〜翌2月"
    expected_results = "参加者100人"
    beneficiaries = "地域の高齢者"
    requested_amount = 200_000
    status = Status.DRAFT
    submitted_at = factory.LazyAttribute(lambda o: None if o.status in (Status.DRAFT,) else timezone.now())


def manager_of(application):
    return application.group.memberships.get(role="manager").user


class ReviewerFactory(ModelFactory[Reviewer]):
    class Meta:
        model = Reviewer

    round = factory.SubFactory(RoundFactory)
    user = factory.SubFactory(UserFactory)
    role = ReviewerRole.CITIZEN
    publish_name = False


class OtherFunderGrantFactory(ModelFactory[OtherFunderGrant]):
    class Meta:
        model = OtherFunderGrant
        skip_postgeneration_save = True

    funder_kind = "foundation"
    funder_name = factory.Sequence(lambda n: f"市民財団{n}")
    title = factory.Sequence(lambda n: f"地域活動助成{n}")
    amount = 500_000
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    url = "https://example.org/grant"

    @factory.post_generation
    def field_codes(self, create, extracted, **kwargs):
        from groups.models import ActivityField

        if create and extracted:
            self.fields.set(ActivityField.objects.filter(version="2012", code__in=extracted))


class RequiredDocumentFactory(ModelFactory[RequiredDocument]):
    """A required paper of a round (PDF or image)."""

    class Meta:
        model = RequiredDocument

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"提出書類{n}")
    required = True
    order = factory.Sequence(lambda n: n)


class QuestionFactory(ModelFactory[Question]):
    """An optional short-text question of a round."""

    class Meta:
        model = Question

    round = factory.SubFactory(RoundFactory)
    label = factory.Sequence(lambda n: f"質問{n}")
    kind = QuestionKind.SHORT_TEXT
    order = factory.Sequence(lambda n: n)
