"""Only entries inside their publish window reach visitors; the clock is frozen where the window matters."""

import datetime as dt

import pytest
import time_machine
from django.http import Http404

from civic_portal.center import selectors
from civic_portal.center.models import NewsCategory
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.center import NewsEntryFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 6, 1, 3, 0, tzinfo=dt.UTC)  # 12:00 JST


@pytest.fixture
def window():
    with time_machine.travel(NOON, tick=False):
        hour = dt.timedelta(hours=1)
        entries = {
            "published": NewsEntryFactory(publish_at=NOON - hour),
            "until_later": NewsEntryFactory(publish_at=NOON - 2 * hour, unpublish_at=NOON + hour),
            "future": NewsEntryFactory(publish_at=NOON + dt.timedelta(minutes=1)),
            "expired": NewsEntryFactory(publish_at=NOON - 2 * hour, unpublish_at=NOON),
            "draft": NewsEntryFactory(publish_at=None),
        }
        yield entries


def test_the_list_holds_only_entries_inside_their_window_newest_first(window):
    with time_machine.travel(NOON, tick=False):
        assert list(selectors.news_list()) == [window["published"], window["until_later"]]


def test_an_entry_appears_at_its_publish_time_and_leaves_at_its_end(window):
    with time_machine.travel(NOON + dt.timedelta(minutes=1), tick=False):
        assert window["future"] in selectors.news_list()
    with time_machine.travel(NOON + dt.timedelta(hours=1), tick=False):
        assert window["until_later"] not in selectors.news_list()


def test_the_category_filter_keeps_one_category():
    grants = NewsEntryFactory(category=NewsCategory.GRANTS)
    NewsEntryFactory(category=NewsCategory.FACILITIES)
    assert list(selectors.news_list(category=NewsCategory.GRANTS)) == [grants]


@pytest.mark.parametrize("name", ["future", "expired", "draft"])
def test_visitors_and_citizens_get_404_outside_the_window(window, name):
    from django.contrib.auth.models import AnonymousUser

    with time_machine.travel(NOON, tick=False):
        for user in (AnonymousUser(), UserFactory()):
            with pytest.raises(Http404):
                selectors.news_entry_visible_to(user, window[name].pk)


def test_center_staff_may_preview_a_draft(window):
    with time_machine.travel(NOON, tick=False):
        assert selectors.news_entry_visible_to(StaffFactory(), window["draft"].pk) == window["draft"]


def test_staff_without_totp_do_not_preview(window):
    from django.contrib.auth import get_user_model

    staff = StaffFactory(totp=False)
    staff = get_user_model().objects.get(pk=staff.pk)
    staff._backoffice_check = True  # as the MFA middleware marks a request's user
    with time_machine.travel(NOON, tick=False), pytest.raises(Http404):
        selectors.news_entry_visible_to(staff, window["draft"].pk)
