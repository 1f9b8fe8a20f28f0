"""No input answers 500 (issue 10, item 4): every URL pattern, fed hostile path and query values.

The project's URL resolver is walked recursively (namespaces, allauth, the admin with every registered ModelAdmin).
Each path parameter is replaced, one at a time, by hostile text substituted into the pattern's regex (so values an
`int` converter would never match still reach the resolver), and every page is also asked with hostile query
parameters: a fixed list plus the names the view actually reads (recorded while the page is served). Requests go
out as an anonymous visitor and as center staff; only 200, 3xx, 400, 403, 404 and 405 are acceptable.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any
from unittest import mock
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.regex_helper import normalize

from civic_portal.center.services.events import signup_create
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.center import EventFactory, NewsEntryFactory, NewsletterIssueFactory
from tests.factories.center_desk import (
    ConsultationBookingFactory,
    ConsultationFactory,
    ConsultationSlotFactory,
    LectureRequestFactory,
)
from tests.factories.facilities import EquipmentTypeFactory, FacilityFactory, SpaceFactory, at, next_weekday
from tests.factories.grants import ApplicationFactory, OtherFunderGrantFactory, ReviewerFactory, RoundFactory
from tests.factories.groups import AreaFactory, GroupFactory
from tests.factories.indicators import (
    ActionItemFactory,
    DepartmentFactory,
    IndicatorFactory,
    ObservationFactory,
    PlanFactory,
    YearPlanFactory,
)
from tests.factories.volunteers import VolunteerApplicationFactory, VolunteerNeedFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db

# 503 (with Retry-After) is the answer for a generated file whose first build is still running: not an error.
ALLOWED = {200, 301, 302, 303, 307, 308, 400, 403, 404, 405, 503}

# Already percent-encoded, as they go into the URL.
HOSTILE = {
    "NUL": "%00",
    "invalid UTF-8": "%FF%FE",
    "-1": "-1",
    "0": "0",
    "10^20": "100000000000000000000",
    "full-width digits": quote("０１２"),
    "superscript digit": quote("²"),  # str.isdigit() says yes, int() says no
    "10 KB": "a" * 10_240,
    "unknown id": "999999",
}
# Asked on every page, besides the names the page's view reads.
QUERY_NAMES = (
    "year", "month", "page", "q", "p", "o", "day", "kind", "area", "field", "status", "edition", "space", "category",
)  # fmt: skip
# The admin reads request.GET wholesale; these are the parameters its changelists and forms understand.
ADMIN_QUERY_NAMES = ("q", "o", "p", "e", "_to_field", "_popup", "_changelist_filters", "status__exact")
MARKER = "fuzz-discovery"


@dataclass(frozen=True)
class Route:
    name: str
    template: str  # "/facilities/calendars/%(token)s.ics"
    params: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    def url(self, values: dict[str, str]) -> str:
        return self.template % values


def _routes(patterns=None, prefix="", params=(), namespace="") -> list[Route]:
    """Every URL pattern of the project as a substitutable template (first alternative of each regex)."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        fmt, names = normalize(entry.pattern.regex.pattern)[0]
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            routes += _routes(entry.url_patterns, prefix + fmt, params + tuple(names), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or fmt
            routes.append(Route(name, "/" + prefix + fmt, params + tuple(names)))
    return routes


@dataclass
class Data:
    """A modest data set: one or two of everything so that real ids exist."""

    staff: object
    values: dict[str, str]
    pks: list[tuple[str, int]]
    admin_pks: dict[str, str]


def _data() -> Data:
    from facilities.models import GroupCalendar
    from facilities.services import booking_create
    from grants.models import Attachment, RoundDocument
    from groups.models.people import ManagerInvitation

    staff = StaffFactory()
    manager = UserFactory()
    area = AreaFactory()
    group = GroupFactory(managers=[manager], fields=[1])
    space = SpaceFactory(facility=FacilityFactory())
    facility = space.facility
    EquipmentTypeFactory(facility=facility)
    day = next_weekday(2)
    booking = booking_create(
        user=manager, space=space, group=group, starts_at=at(day, 10), ends_at=at(day, 12), expected_attendees=5,
        purpose="定例会議",
    )  # fmt: skip
    calendar = GroupCalendar.objects.create(group=group)
    ManagerInvitation.objects.create(
        group=group, email="invitee@example.jp", token="fuzz-invitation-token", invited_by=manager,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )  # fmt: skip
    grant_round = RoundFactory()
    document = RoundDocument.objects.create(
        round=grant_round, title="募集要項", file=ContentFile(b"%PDF-1.4", name="a.pdf")
    )
    application = ApplicationFactory(round=grant_round)
    attachment = Attachment.objects.create(
        application=application, title="見積書", file=ContentFile(b"%PDF-1.4", name="b.pdf"), uploaded_by=manager
    )
    ReviewerFactory(round=grant_round, user=staff)
    OtherFunderGrantFactory(field_codes=[1])
    department = DepartmentFactory()
    item = ActionItemFactory(departments=[department])
    plan = item.node.plan
    assert plan.start_year is not None  # PlanFactory gives a period
    YearPlanFactory(item=item, fiscal_year=plan.start_year)
    indicator = IndicatorFactory(plan=plan)
    ObservationFactory(indicator=indicator, fiscal_year=plan.start_year + 1)
    PlanFactory()
    profile = VolunteerProfileFactory(fields=[1], area_list=[area])
    need = VolunteerNeedFactory(group=group)
    volunteer_application = VolunteerApplicationFactory(need=need, volunteer=profile)
    news = NewsEntryFactory()
    NewsletterIssueFactory()
    # Lectures on request and the consultation desk (lec14)
    lecture = LectureRequestFactory(requested_by=manager)
    free_slot = ConsultationSlotFactory(staff=staff)
    desk_booking = ConsultationBookingFactory(user=manager, slot__staff=staff)
    ConsultationFactory(booking=desk_booking, recorded_by=staff)
    event = EventFactory(group=group, guests_allowed=True)
    signup = signup_create(event=event, user=manager)

    values = {
        "code": plan.code, "indicator_code": indicator.code, "fiscal_year": str(plan.start_year),
        "year": str(day.year), "month": str(day.month), "day": day.isoformat(), "kind": "booking",
        "action": "confirm", "group_pk": str(group.pk), "doc_pk": str(document.pk), "att_pk": str(attachment.pk),
        "key": "fuzz", "uidb36": "1", "app_label": "groups", "url": "nothing-here/",
        "content_type_id": str(ContentType.objects.get_for_model(group).pk), "object_id": str(group.pk),
    }  # fmt: skip
    values["signup_pk"] = str(signup.pk)  # center:signup_check_in
    values["token"] = calendar.token  # facilities:group_ics; the invitation's token is chosen in _valid()
    # The model behind `pk`, by route name (first match wins).
    pks = [
        ("groups:talent_request", profile.pk),
        ("groups:application_*", volunteer_application.pk), ("groups:need_*", need.pk), ("groups:*", group.pk),
        ("facilities:booking_*", booking.pk), ("facilities:front_desk_action", booking.pk),
        ("facilities:*", facility.pk),
        ("grants:round_detail", grant_round.pk), ("grants:document_download", grant_round.pk),
        ("grants:application_create", grant_round.pk), ("grants:*", application.pk),
        ("indicators:node_detail", item.node.pk), ("indicators:department_detail", department.pk),
        ("indicators:*", item.pk),
        ("center:news_*", news.pk),
        ("center:lecture_*", lecture.topic.pk),
        ("center:consultation_cancel", desk_booking.pk), ("center:consultation_*", free_slot.pk),
        ("center:signup_cancel", signup.pk), ("center:*", event.pk),
    ]  # fmt: skip
    admin_pks = {}
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        admin_pks[info] = quote(str(first if first is not None else 1))
    return Data(staff=staff, values=values, pks=pks, admin_pks=admin_pks)


def _valid(data: Data, route: Route, param: str) -> str:
    if route.name == "groups:invitation_accept" and param == "token":
        return "fuzz-invitation-token"
    if param == "object_id" and route.is_admin:
        prefix = next((p for p in data.admin_pks if route.name.startswith(p)), None)
        return data.admin_pks[prefix] if prefix else "1"
    if param == "pk":
        return str(next(pk for pattern, pk in data.pks if fnmatch(route.name, pattern)))
    return data.values.get(param, "1")


def _admin_filter_names(route: Route) -> tuple[str, ...]:
    """The list_filter parameters of the changelist a route belongs to."""
    for model, model_admin in admin.site._registry.items():
        if route.name == f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist":
            names = []
            for entry in model_admin.list_filter:
                field = entry[0] if isinstance(entry, tuple) else entry
                if isinstance(field, str):
                    names += [f"{field}__exact", f"{field}__id__exact"]
                elif parameter := getattr(field, "parameter_name", None):
                    names.append(parameter)
            return tuple(names)
    return ()


class _ReadNames:
    """Records the query parameter names read during a request (request.GET.get(), forms bound to request.GET)."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self._patches: list[Any] = []

    def __enter__(self):
        for method in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(MultiValueDict, method)

            def spy(qd, key, *args, _original=original, **kwargs):
                if isinstance(qd, QueryDict) and isinstance(key, str):
                    self.names.add(key)
                return _original(qd, key, *args, **kwargs)

            patch = mock.patch.object(QueryDict, method, spy)
            patch.start()
            self._patches.append(patch)
        return self

    def __exit__(self, *exc):
        for patch in self._patches:
            patch.stop()


class Fuzzer:
    def __init__(self, client: Client):
        self.client = client
        self.failures: list[str] = []
        self.count = 0

    def get(self, url: str) -> int:
        self.count += 1
        sid = transaction.savepoint_create()  # a request that breaks the transaction must not break the ones after it
        try:
            response = self.client.get(url)
        except Exception as exc:  # every failure is collected, not raised
            self.failures.append(f"EXC {_short(url)} → {type(exc).__name__}: {str(exc)[:200]}")
            return 0
        finally:
            transaction.savepoint_rollback(sid)
        if response.status_code not in ALLOWED:
            cause = ""
            if exc_info := getattr(response, "exc_info", None):
                cause = f" → {exc_info[0].__name__}: {str(exc_info[1])[:200]}"
            self.failures.append(f"{response.status_code} {_short(url)}{cause}")
        return response.status_code


def _short(url: str) -> str:
    return url if len(url) <= 160 else f"{url[:150]}…({len(url)} chars)"


def _query(names, value: str) -> str:
    return "&".join(f"{quote(name)}={value}" for name in names)


def _fuzz(fuzzer: Fuzzer, data: Data, routes: list[Route]) -> None:
    for route in routes:
        base_values = {param: _valid(data, route, param) for param in route.params}
        base = route.url(base_values)
        for param in route.params:
            for value in HOSTILE.values():
                fuzzer.get(route.url({**base_values, param: value}))
        if route.is_admin and route.params:
            # Object pages of the admin: their ids are fuzzed above; query parameters are sampled on the
            # changelists and the other pages of each ModelAdmin (add, export, import).
            fuzzer.get(base)
            continue
        with _ReadNames() as read:
            fuzzer.get(f"{base}?{MARKER}=1")
        read_names = sorted(read.names - {MARKER})
        if route.is_admin:
            names = {*ADMIN_QUERY_NAMES, *_admin_filter_names(route), *read_names}
        else:
            names = {*QUERY_NAMES, *read_names}
        for value in HOSTILE.values():
            status = fuzzer.get(f"{base}?{_query(sorted(names), value)}")
            if status != 200 and not route.is_admin:
                # Refused (400), not found (404)...: the first parameter the view checked may hide the others,
                # so each one it reads is asked on its own.
                for name in read_names:
                    fuzzer.get(f"{base}?{_query([name], value)}")


@contextmanager
def _quiet_request_logs():
    """Thousands of 404/400 warnings (with 10 KB URLs) would drown a failure's report; the failures list says it all."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security", "django.template")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@pytest.mark.parametrize("account", ["anonymous", "center_staff"])
@pytest.mark.slow
def test_no_url_answers_500_to_hostile_input(account):
    data = _data()
    client = Client(raise_request_exception=False)
    if account == "center_staff":
        client.force_login(data.staff)
    fuzzer = Fuzzer(client)
    started = time.monotonic()
    routes = _routes()
    with _quiet_request_logs():
        _fuzz(fuzzer, data, routes)
    elapsed = time.monotonic() - started
    print(f"fuzz {account}: {len(routes)} patterns, {fuzzer.count} requests in {elapsed:.1f} s")
    assert not fuzzer.failures, f"{len(fuzzer.failures)} of {fuzzer.count} requests failed:\n" + "\n".join(
        fuzzer.failures
    )


def test_the_walk_covers_every_app_and_the_admin():
    names = {route.name for route in _routes()}
    assert {"groups:volunteer_coordination", "facilities:group_ics", "indicators:indicator_detail"} <= names
    assert {"grants:review_attachment", "home", "account_login", "set_language"} <= names
    assert {"center:news_list", "center:news_detail", "center:news_atom"} <= names
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert {f"{info}_changelist", f"{info}_change", f"{info}_delete", f"{info}_history"} <= names


# The cases of the report, one by one.

BAD_REQUEST_TEXT = "リクエストを処理できませんでした"


def test_nul_byte_in_a_calendar_token_is_a_400_in_japanese(client):
    response = client.get("/facilities/calendars/%00.ics")
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()


def test_nul_byte_in_an_indicator_code_is_a_400(client):
    plan = IndicatorFactory().plan
    response = Client(raise_request_exception=False).get(f"/indicators/plans/{plan.code}/indicators/%00/")
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()


def test_invalid_utf8_and_nul_in_the_query_string_are_400(client):
    for url in ("/groups/?q=%FF%FE", "/groups/?q=%00", "/grants/?x=1&%00=1", "/admin/groups/group/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert BAD_REQUEST_TEXT in response.content.decode()


def test_invalid_utf8_in_the_path_stays_escaped_and_is_a_404(client):
    # Django keeps undecodable bytes percent-escaped (/facilities/%FF/), which no pattern matches.
    assert client.get("/facilities/%FF/").status_code == 404
    assert client.get("/facilities/calendars/%FF%FE.ics").status_code == 404


def test_an_unknown_parameter_on_an_admin_export_is_a_400_not_500():
    client = Client(raise_request_exception=False)
    client.force_login(StaffFactory())
    response = client.get("/admin/groups/group/export/", {"no_such_field": "1"})
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()


@pytest.mark.parametrize("year", ["-1", "0", "99999", "100000000000000000000", "０１２", "²", "2026x", "1899"])
def test_coordination_refuses_a_year_out_of_range_in_japanese(year):
    client = Client(raise_request_exception=False)
    client.force_login(StaffFactory())
    response = client.get("/groups/volunteers/coordination/", {"year": year})
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()


def test_coordination_takes_a_sane_year_including_full_width_digits(client):
    client.force_login(StaffFactory())
    assert client.get("/groups/volunteers/coordination/", {"year": "2025"}).context["year"] == 2025
    assert client.get("/groups/volunteers/coordination/", {"year": "２０２４"}).context["year"] == 2024
    assert client.get("/groups/volunteers/coordination/", {"year": ""}).status_code == 200


def test_ids_beyond_bigint_are_404_not_500(client):
    huge = "100000000000000000000"
    for url in (f"/groups/{huge}/", f"/facilities/{huge}/", f"/grants/{huge}/", f"/indicators/items/{huge}/"):
        assert Client(raise_request_exception=False).get(url).status_code == 404, url


def test_calendar_month_and_fiscal_years_out_of_range_are_404():
    facility = FacilityFactory()
    plan = PlanFactory()
    anonymous = Client(raise_request_exception=False)
    for url in (
        f"/facilities/{facility.pk}/calendar/99999/1/",
        f"/facilities/{facility.pk}/calendar/2026/13/",
        f"/facilities/{facility.pk}/calendar/2026/0/",
        f"/facilities/{facility.pk}/week/9999-12-31/",
        f"/facilities/{facility.pk}/week/0001-01-01/",
        f"/indicators/plans/{plan.code}/reports/100000000000000000000/",
        f"/indicators/plans/{plan.code}/reports/99999/",
    ):
        assert anonymous.get(url).status_code == 404, url


def test_nul_byte_in_the_session_cookie_is_a_400():
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "\x00" + "a" * 31  # sent as the quoted string "\000aaa…", which Django unquotes
    response = client.get("/")
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()


def test_nul_byte_in_a_posted_field_read_without_a_form_is_a_400():
    from facilities.services import booking_create

    staff, manager = StaffFactory(), UserFactory()
    space = SpaceFactory()
    day = next_weekday(2)
    booking = booking_create(
        user=manager, space=space, starts_at=at(day, 10), ends_at=at(day, 12), expected_attendees=5, purpose="会議"
    )
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.post(f"/facilities/front-desk/booking/{booking.pk}/decline/", {"note": "理由\x00"})
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()


def test_numbers_that_only_look_like_digits_are_refused_not_500():
    # "²".isdigit() is True, int("²") raises: the old `int(x) if x.isdigit()` guards let it through.
    facility = FacilityFactory()
    plan = PlanFactory()
    anonymous = Client(raise_request_exception=False)
    for url, data in (
        (f"/facilities/{facility.pk}/calendar/", {"space": "²"}),
        (f"/indicators/plans/{plan.code}/reports/2014/", {"edition": "²"}),
    ):
        response = anonymous.get(url, data)
        assert response.status_code == 400, url
        assert BAD_REQUEST_TEXT in response.content.decode()
