import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from civic_portal.core.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates():
    call_command("load_demo")
    call_command("load_demo")
    User = get_user_model()
    assert User.objects.filter(email__in=[row[0] for row in DEMO_ACCOUNTS]).count() == len(DEMO_ACCOUNTS)
    assert User.objects.get(email="staff@example.jp").groups.filter(name="center_staff").exists()


def test_demo_data_is_refused_under_production_settings(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="never loaded under production"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()
