"""What every admin page pays for, paid once: the app list (the index's and the sidebar's) in Django's own markup,
a fixed number of queries on the index whatever the data, the rows of a list at a page of 25, the audit trail's
count stopped at its cap, and list_editable cells written as Django's widgets write them."""

import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.contrib import admin
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.template import Context, Engine
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from civic_portal.core.admin_lists import CappedPaginator
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.admin_world import grow
from tests.factories.grants import RoundFactory
from tests.factories.groups import AreaFactory

pytestmark = pytest.mark.django_db

# Django's own admin templates, as its site renders them when no project template overrides them.
DJANGO = Engine(
    dirs=[str(Path(django.contrib.admin.__file__).parent / "templates")],
    libraries={"i18n": "django.templatetags.i18n"},
)


def _bare(html: str) -> str:
    return re.sub(r"\s+", "", str(html))


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("path", "app_label"), [("/admin/", None), ("/admin/grants/round/", None), ("/admin/grants/", "grants")]
)
def test_the_app_lists_are_djangos_markup(language, path, app_label):
    request = RequestFactory().get(path)
    request.user = StaffFactory()
    with translation.override(language):
        apps = admin.site.get_app_list(request, app_label)
        for changelinks, ours in ((True, apps.index_html()), (False, apps.models_html())):
            context = Context({"app_list": apps, "show_changelinks": changelinks, "request": request})
            assert _bare(ours) == _bare(DJANGO.get_template("admin/app_list.html").render(context))
        sidebar = DJANGO.get_template("admin/nav_sidebar.html").render(
            Context({"available_apps": apps, "request": request})
        )
        assert _bare(apps.sidebar_html()) == _bare(sidebar)


def test_a_user_without_permissions_is_told_so():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True)
    with translation.override("en"):
        assert "You don’t have permission to view or edit anything." in admin.site.get_app_list(request).index_html()


def test_the_sidebar_marks_the_list_it_is_on(client):
    client.force_login(StaffFactory())
    response = client.get(reverse("admin:grants_round_changelist"))
    html = response.content.decode()
    assert '<nav class="sticky" id="nav-sidebar"' in html
    assert '<tr class="model-round current-model">' in html
    assert f'<a href="{reverse("admin:grants_round_changelist")}" aria-current="page">' in html


def test_the_app_list_is_built_once_a_request():
    request = RequestFactory().get("/admin/")
    request.user = StaffFactory()
    assert admin.site.get_app_list(request) is admin.site.get_app_list(request)


def test_the_index_asks_the_same_queries_whatever_the_data(client):
    client.force_login(StaffFactory())
    url = reverse("admin:index")
    grow(1)
    client.get(url)  # the per-process caches (content types)
    counts = []
    for more in (0, 4):
        grow(more)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_list_shows_25_rows_a_page_and_links_each_to_its_form(client):
    client.force_login(StaffFactory())
    for _ in range(26):
        AreaFactory()
    response = client.get(reverse("admin:core_area_changelist"))
    changelist = response.context["cl"]
    assert changelist.list_per_page == 25
    assert len(changelist.result_list) == 25
    assert changelist.paginator.num_pages >= 2
    shown = changelist.result_list[0]
    assert changelist.url_for_result(shown) == reverse("admin:core_area_change", args=[shown.pk])
    assert f'<a href="{reverse("admin:core_area_change", args=[shown.pk])}">' in response.content.decode()


def test_a_rows_checkbox_is_djangos(client):
    client.force_login(StaffFactory())
    grant_round = RoundFactory()
    response = client.get(reverse("admin:grants_round_changelist"))
    expected = admin.ModelAdmin.action_checkbox(response.context["cl"].model_admin, grant_round)
    assert expected in response.content.decode()


def test_editable_cells_are_the_inputs_django_writes(client):
    client.force_login(StaffFactory())
    AreaFactory(sort_order=7, is_active=True)
    AreaFactory(sort_order=3, is_active=False)
    response = client.get(reverse("admin:core_area_changelist"))
    formset = response.context["cl"].formset
    html = response.content.decode()
    for form in formset.forms:
        ours = [str(form[name]) for name in ("sort_order", "is_active", "id")]
        form.renderer = DjangoTemplates()  # Django's own, through its widget templates
        assert ours == [str(form[name]) for name in ("sort_order", "is_active", "id")]
        assert all(cell in html for cell in ours)


def test_an_edit_in_the_list_is_saved(client):
    client.force_login(StaffFactory())
    area = AreaFactory(sort_order=7, is_active=True)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(area.pk),
        "form-0-sort_order": "2",
        "_save": "1",
    }
    response = client.post(reverse("admin:core_area_changelist"), data)
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.sort_order == 2
    assert area.is_active is False  # an unticked box posts nothing


def test_the_audit_trail_stops_counting_at_its_cap(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    staff = StaffFactory()
    for name in ("一", "二", "三", "四", "五"):
        staff.full_name = name
        staff.save()
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:core_auditevent_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 4  # counted to the cap and one more
    (count,) = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert "LIMIT 4" in count
    assert "変更履歴 3件以上" in response.content.decode()


def test_the_audit_trail_counts_a_short_history_exactly(client):
    staff = StaffFactory()
    staff.full_name = "変更後の名前"
    staff.save()
    client.force_login(staff)
    response = client.get(
        reverse("admin:core_auditevent_changelist"), {"obj": f"accounts.User:{staff.pk}", "method": "tracks"}
    )
    changelist = response.context["cl"]
    assert not changelist.paginator.capped
    assert f"{changelist.result_count} 変更履歴" in response.content.decode()
