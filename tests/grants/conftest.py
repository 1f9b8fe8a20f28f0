import pytest

from tests.factories.accounts import StaffFactory


@pytest.fixture
def staff(db):
    return StaffFactory()
