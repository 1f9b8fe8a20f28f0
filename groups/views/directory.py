"""Public pages: the directory, a group's page and the printed booklet."""

import json

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..forms import DirectoryForm
from ..permissions import can_see_private_fields
from ..selectors.register import group_booklet, group_directory, group_public_detail
from ..selectors.volunteers import needs_open_for_group

PAGE_SIZE = 20


def group_list(request):
    form = DirectoryForm(request.GET or None)
    page = Paginator(group_directory(form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "groups/group_list.html", {"form": form, "page": page, "query": query.urlencode()})


def group_detail(request, pk):
    group = group_public_detail(pk)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "jsonld": _jsonld(request, group),
            "show_private": can_see_private_fields(request.user),
            "needs": needs_open_for_group(group),
        },
    )


def group_booklet_view(request):
    return render(request, "groups/group_booklet.html", {"sections": group_booklet()})


def _jsonld(request, group) -> str:
    """schema.org Organization markup with only public (consented) data, escaped for a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NGO" if group.legal_form != "neighbourhood" else "Organization",
        "name": group.name,
        "alternateName": group.name_kana,
        "description": group.purpose,
        "url": request.build_absolute_uri(reverse("groups:group_detail", args=[group.pk])),
        "identifier": group.registration_number,
    }
    if group.founded_year:
        data["foundingDate"] = str(group.founded_year)
    if group.website:
        data["sameAs"] = [group.website, *group.social_links]
    if group.corporate_number:
        data["taxID"] = group.corporate_number
    if group.logo:
        data["logo"] = request.build_absolute_uri(group.logo.url)
    if group.member_count:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": group.member_count}
    if group.public_value("contact_email"):
        data["email"] = group.contact_email
    if group.public_value("contact_phone"):
        data["telephone"] = group.contact_phone
    text = json.dumps(data, ensure_ascii=False)
    # Same escaping as Django's json_script: the JSON cannot close the <script> element.
    return mark_safe(text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026"))  # noqa: S308
