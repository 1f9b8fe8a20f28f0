"""The admin site: what every admin page pays for (the list of apps and models, the sidebar) done once a request.

Django's site builds the whole list of apps on every page (the sidebar's `available_apps`, and once more on the
index), asking the authentication backends once per model whether the user may see its app and reversing each
model's URLs; the sidebar then renders it through a template with three path tests per model. Here the list is
built once per request, each app's permission asked once, the URLs (fixed for the life of the URLconf) reversed
once per process, and the lists of the index and the sidebar written in Python with the markup of Django's
`admin/app_list.html` and `admin/nav_sidebar.html`.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.contrib import admin
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

_APP_LIST = "_civic_admin_app_list"
# Django's own messages of admin/nav_sidebar.html and app_list.html: named, so makemessages leaves them to Django's
# catalog (which translates them) instead of copying them into the project's.
TOGGLE, SIDEBAR, FILTER_HINT, FILTER = (
    "Toggle navigation",
    "Sidebar",
    "Start typing to filter…",
    "Filter navigation items",
)
NO_PERMISSION = "You don’t have permission to view or edit anything."
MODEL_NAME, ADD_LINK, CHANGE_LINK = "Model name", "Add link", "Change or view list link"
ADD, VIEW, CHANGE = "Add", "View", "Change"
_URLS: dict[tuple[Any, ...], str | None] = {}


def _clear_urls(**kwargs) -> None:
    _URLS.clear()


setting_changed.connect(_clear_urls)  # a test's ROOT_URLCONF or SCRIPT_NAME: URLs reversed afresh


class CivicAdminSite(admin.AdminSite):
    """Django's admin site with the app list built once a request and a sidebar that costs no template loop."""

    def _url(self, context: tuple[Any, ...], name: str, **kwargs: str) -> str | None:
        key = (*context, name, tuple(kwargs.items()))
        if key not in _URLS:
            try:
                _URLS[key] = reverse(name, kwargs=kwargs or None, current_app=self.name)
            except NoReverseMatch:
                _URLS[key] = None
        return _URLS[key]

    def _build_app_dict(self, request, label=None):
        # Django's own, with each app's module permission asked once (unless a ModelAdmin overrides the check).
        app_dict: dict[str, dict[str, Any]] = {}
        module_perms: dict[str, bool] = {}
        context = (get_urlconf(), get_script_prefix(), get_language(), self.name)  # what a reversed URL depends on
        for model, model_admin in self._registry.items():
            app_label = model._meta.app_label
            if label and app_label != label:
                continue
            if type(model_admin).has_module_permission is admin.ModelAdmin.has_module_permission:
                if app_label not in module_perms:
                    module_perms[app_label] = model_admin.has_module_permission(request)
                has_module_perms = module_perms[app_label]
            else:
                has_module_perms = model_admin.has_module_permission(request)
            if not has_module_perms:
                continue
            perms = model_admin.get_model_perms(request)
            if True not in perms.values():
                continue
            info = f"{app_label}_{model._meta.model_name}"
            model_dict = {
                "model": model,
                "name": str(capfirst(model._meta.verbose_name_plural)),  # translated once, not per sort comparison
                "object_name": model._meta.object_name,
                "perms": perms,
                "admin_url": None,
                "add_url": None,
            }
            if perms.get("change") or perms.get("view"):
                model_dict["view_only"] = not perms.get("change")
                model_dict["admin_url"] = self._url(context, f"admin:{info}_changelist")
            if perms.get("add"):
                model_dict["add_url"] = self._url(context, f"admin:{info}_add")
            if app_label in app_dict:
                app_dict[app_label]["models"].append(model_dict)
            else:
                app_dict[app_label] = {
                    "name": str(apps.get_app_config(app_label).verbose_name),
                    "app_label": app_label,
                    "app_url": self._url(context, "admin:app_list", app_label=app_label),
                    "has_module_perms": has_module_perms,
                    "models": [model_dict],
                }
        return app_dict

    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return AppList(super().get_app_list(request, app_label), request.path)
        # The index asks twice (its content and each_context); the list is read, never changed, by the templates.
        app_list = getattr(request, _APP_LIST, None)
        if app_list is None:
            app_list = AppList(super().get_app_list(request), request.path)
            setattr(request, _APP_LIST, app_list)
        return app_list


class AppList(list):
    """The apps' list, and its HTML as Django's templates write it (templates/admin/app_list.html and
    nav_sidebar.html print these): the index's and an app's page with change links, the sidebar without.

    Written in Python: Django's template tests the path three times per model and translates per row."""

    def __init__(self, apps_: list[dict[str, Any]], path: str) -> None:
        super().__init__(apps_)
        self.path = quote(path, safe="/")  # as the template's `request.path|urlencode`

    def index_html(self) -> SafeString:
        """Django's `admin/app_list.html` with change links."""
        return mark_safe(self._html(changelinks=True))  # noqa: S308  (every value is escaped)

    def models_html(self) -> SafeString:
        """Django's `admin/app_list.html` without change links."""
        return mark_safe(self._html(changelinks=False))  # noqa: S308  (every value is escaped)

    def sidebar_html(self) -> SafeString:
        """Django's `admin/nav_sidebar.html`: the toggle, the filter box and the models without change links."""
        return mark_safe(  # noqa: S308  (every value is escaped)
            f'<button class="sticky toggle-nav-sidebar" id="toggle-nav-sidebar" aria-label="{escape(gettext(TOGGLE))}">'
            f'</button>\n<nav class="sticky" id="nav-sidebar" aria-label="{escape(gettext(SIDEBAR))}">\n'
            f'<input type="search" id="nav-filter" placeholder="{escape(gettext(FILTER_HINT))}" '
            f'aria-label="{escape(gettext(FILTER))}">\n{self._html(changelinks=False)}\n</nav>'
        )

    def _html(self, *, changelinks: bool) -> str:
        if not self:
            return f"<p>{escape(gettext(NO_PERMISSION))}</p>"
        path = self.path
        head = (
            f'<thead class="visually-hidden"><tr><th scope="col">{escape(gettext(MODEL_NAME))}</th>'
            f'<th scope="col">{escape(gettext(ADD_LINK))}</th>'
            f'<th scope="col">{escape(gettext(CHANGE_LINK))}</th></tr></thead>'
        )
        add, view, change = escape(gettext(ADD)), escape(gettext(VIEW)), escape(gettext(CHANGE))
        out = []
        for app in self:
            label, app_url = escape(app["app_label"]), app["app_url"]
            current_app = " current-app" if app_url in path else ""
            out.append(
                f'<div class="app-{label} module{current_app}"><table><caption>'
                f'<a href="{escape(app_url)}" class="section">{escape(app["name"])}</a></caption>{head}'
            )
            for model in app["models"]:
                name, url, add_url = escape(model["object_name"].lower()), model["admin_url"], model["add_url"]
                current = bool(url) and url in path
                described = f'aria-describedby="{label}-{name}"'
                title = escape(model["name"])
                if url:
                    title = f'<a href="{escape(url)}"{' aria-current="page"' if current else ""}>{title}</a>'
                cells = (
                    f'<td><a href="{escape(add_url)}" class="addlink" {described}>{add}</a></td>'
                    if add_url
                    else "<td></td>"
                )
                if changelinks and url:
                    kind, text = ("viewlink", view) if model.get("view_only") else ("changelink", change)
                    cells += f'<td><a href="{escape(url)}" class="{kind}" {described}>{text}</a></td>'
                elif changelinks:
                    cells += "<td></td>"
                out.append(
                    f'<tr class="model-{name}{" current-model" if current else ""}">'
                    f'<th scope="row" id="{label}-{name}">{title}</th>{cells}</tr>'
                )
            out.append("</table></div>")
        return "".join(out)


def escape(value: Any) -> str:
    """HTML-escaped text, as Django's escape filter writes it (without its lazy-string wrapper: called per cell)."""
    return html.escape(str(value))
