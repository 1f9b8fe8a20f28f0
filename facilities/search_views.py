"""/facilities/search/: free slots across every facility (GET form, paginated by room, no JavaScript)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from .free_slots import elsewhere_facilities, search_rooms
from .search_form import FreeSlotSearchForm


def free_slot_search(request):
    form = FreeSlotSearchForm(request.GET or None)
    context: dict = {"form": form, "list_url": reverse("facilities:facility_list")}
    if form.is_valid():
        search = form.search()
        page, results = search_rooms(search, user=request.user, page_number=request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "search": search,
            "page": page,
            "results": results,
            "elsewhere": list(elsewhere_facilities(search)),
            "query": query.urlencode(),
        }
    return render(request, "facilities/search.html", context)
