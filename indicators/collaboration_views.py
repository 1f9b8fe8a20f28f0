"""The public register of collaboration projects (協働事業), filtered by fiscal year and kind, 20 a page."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .models import CollaborationKind
from .selectors.collaborations import public_projects

PER_PAGE = 20


class CollaborationFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1989, max_value=2100)
    kind = forms.ChoiceField(
        label=_("協働の形態"), required=False, choices=[("", _("すべて")), *CollaborationKind.choices]
    )


def collaboration_list(request):
    form = CollaborationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    projects = public_projects(fiscal_year=filters.get("year"), kind=filters.get("kind") or "")
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    query = "&".join(f"{name}={value}" for name, value in filters.items() if value)
    return render(request, "indicators/collaboration_list.html", {"form": form, "page": page, "query": query})
