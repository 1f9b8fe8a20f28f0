"""The directory's result cards, made in one pass in Python: through the template engine the twenty cards cost
more than the page's queries (a lookup, a filter and a translation per value, a URL reversed per card)."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..models import LegalForm
from ..selectors.register import DirectoryPage

PURPOSE_CHARS = 120
_PK = 987654321  # stands for a group's id in the one reversed link, then replaced by each card's own


def directory_cards(page: DirectoryPage) -> SafeString:
    """Each group's <li class="card">: name linked to its page, kana and legal form, purpose, field and district
    badges, and what it is recruiting."""
    if not page.groups:
        return mark_safe("")
    head, tail = reverse("groups:group_detail", args=[_PK]).split(str(_PK))
    legal_forms = {value: str(label) for value, label in LegalForm.choices}
    intermediate = format_html(" ・ {}", _("中間支援組織"))
    recruiting = [
        (name, format_html('<span class="badge badge--recruit">{}</span>', label))
        for name, label in (
            ("recruiting_members", _("会員募集中")),
            ("recruits_volunteers", _("ボランティア募集中")),  # from its open needs (selectors has_open_needs)
            ("recruiting_partners", _("協働先募集中")),
        )
    ]
    cards = []
    for group in page.groups:
        tags = format_html_join("", '<span class="badge">{}</span> ', ((name,) for name in page.tags.get(group.pk, [])))
        wanted = format_html_join("\n", "{}", ((badge,) for name, badge in recruiting if getattr(group, name)))
        cards.append(
            format_html(
                '<li class="card">\n<h3><a href="{}{}{}">{}</a></h3>\n<p class="muted">{} ・ {}{}</p>\n<p>{}</p>\n'
                '<p class="tags">{}\n{}</p>\n</li>',
                head,
                group.pk,
                tail,
                group.name,
                group.name_kana,
                legal_forms.get(group.legal_form, group.legal_form),
                intermediate if group.is_intermediate_support else "",
                Truncator(group.purpose).chars(PURPOSE_CHARS),
                tags,
                wanted,
            )
        )
    return format_html_join("\n", "{}", ((card,) for card in cards))
