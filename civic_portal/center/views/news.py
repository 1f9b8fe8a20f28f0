"""Public news pages: the list with its category filter, an entry, the newsletter's issues."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode

from .. import selectors
from ..forms import NewsFilterForm
from ..models import NewsCategory

NEWS_PER_PAGE = 20
ISSUES_PER_PAGE = 12


def news_list(request):
    form = NewsFilterForm(request.GET or None)
    category = form.cleaned_data["category"] if form.is_valid() else ""
    page = Paginator(selectors.news_list(category=category), NEWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "category": category,
        "categories": NewsCategory.choices,
        "query": urlencode({"category": category}) if category else "",
    }
    return render(request, "center/news_list.html", context)


def news_detail(request, pk):
    entry = selectors.news_entry_visible_to(request.user, pk)
    return render(request, "center/news_detail.html", {"entry": entry, "is_public": entry.is_public()})


def newsletter_list(request):
    page = Paginator(selectors.newsletter_issues(), ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "center/newsletter_list.html", {"page": page})
