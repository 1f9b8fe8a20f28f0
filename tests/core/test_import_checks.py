"""The imports' model checks (civic_portal.core.imports.checks) give Django's own answers, from memory."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civic_portal.core.imports.checks import ImportChecks, Unsupported, evaluate
from facilities.models import BookingMode, Facility, Space
from groups.models import Group, GroupStatus
from groups.validators import corporate_number_check_digit
from tests.factories.facilities import FacilityFactory, SpaceFactory
from tests.factories.groups import GroupFactory

pytestmark = pytest.mark.django_db


def _django(instance):
    try:
        instance.full_clean()
    except ValidationError as exc:
        return {key: sorted(map(str, messages)) for key, messages in exc.message_dict.items()}
    return {}


def _ours(checks, instance):
    try:
        checks.full_clean(instance)
    except ValidationError as exc:
        return {key: sorted(map(str, messages)) for key, messages in exc.message_dict.items()}
    return {}


def _number(n: int) -> str:
    """A valid 法人番号 (its check digit first)."""
    base = f"{n:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


TAKEN = _number(12345)


def _group(**fields):
    values = {
        "name": "会", "name_kana": "かい", "purpose": "目的", "activities": "活動", "representative_name": "代表",
        "contact_name": "連絡", "contact_email": "a@example.jp",
    }  # fmt: skip
    return Group(**{**values, **fields})


def _cases():
    facility = FacilityFactory()
    taken = SpaceFactory(facility=facility, name="大会議室")
    GroupFactory(corporate_number=TAKEN, legal_form="npo")
    existing = GroupFactory()
    existing.legal_form = "cooperative"  # not a legal form: the check constraint fails
    return [
        _group(),
        _group(status="nonsense"),
        _group(legal_form="npo", corporate_number=TAKEN),  # taken, by the conditional unique constraint
        _group(legal_form="npo", corporate_number=_number(999)),
        _group(status=GroupStatus.REGISTERED),  # registered without a number and a date
        existing,
        Space(facility=facility, name="大会議室", capacity=10),  # unique (facility, name)
        Space(facility=facility, name="小会議室", capacity=0),  # capacity > 0
        taken,  # itself is no conflict
        Facility(name="館", name_kana="かん", booking_mode=BookingMode.EXTERNAL, booking_url=""),
        Facility(name="館", name_kana="かん", min_minutes=120, max_minutes=60),
    ]


def test_the_answers_are_djangos():
    cases = _cases()
    expected = [_django(instance) for instance in cases]
    assert sum(bool(errors) for errors in expected) == 8  # the cases do test something
    found = [_ours(ImportChecks(type(instance)), instance) for instance in cases]
    assert found == expected


def test_valid_rows_cost_one_query_per_check_for_the_whole_file():
    GroupFactory(corporate_number=TAKEN, legal_form="npo")
    checks = ImportChecks(Group)
    rows = [_group(legal_form="npo", corporate_number=_number(n), contact_email=f"g{n}@example.jp") for n in range(50)]
    with CaptureQueriesContext(connection) as queries:
        for row in rows:
            checks.full_clean(row)
    assert len(queries) == 1  # the corporate numbers already taken


def test_two_rows_of_one_file_cannot_take_the_same_value():
    checks = ImportChecks(Group)
    checks.full_clean(_group(legal_form="npo", corporate_number=_number(7)))
    with pytest.raises(ValidationError) as error:
        checks.full_clean(_group(legal_form="npo", corporate_number=_number(7), contact_email="b@example.jp"))
    # The constraint's own message, on its one field (violation_error_code="unique", as Django places it)
    assert error.value.message_dict == {"corporate_number": ["この法人番号の団体はすでに登録されています。"]}


def test_conditions_follow_sqls_three_valued_logic():
    from django.db.models import F, Q

    space = Space(name="室", capacity=None)
    assert evaluate(Q(capacity__gt=0), space) is None  # NULL > 0 is UNKNOWN: a check passes
    assert evaluate(~Q(capacity__gt=0), space) is None
    assert evaluate(Q(capacity__gt=0) | Q(name="室"), space) is True
    assert evaluate(Q(capacity__gt=0) & Q(name="館"), space) is False
    assert evaluate(Q(capacity__isnull=True), space) is True
    facility = Facility(min_minutes=30, max_minutes=60)
    assert evaluate(Q(min_minutes__lte=F("max_minutes")), facility) is True
    with pytest.raises(Unsupported):
        evaluate(Q(name__gt="a"), space)  # text order is the collation's
    with pytest.raises(Unsupported):
        evaluate(Q(facility__name="館"), space)
