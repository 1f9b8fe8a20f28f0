from django import template
from django.utils.translation import gettext as _

from civic_portal.core.choices import Weekday

register = template.Library()


@register.simple_tag
def personal_value(group, field, show_private=False):
    """A personal field for display: its value if consented (or for staff, marked private), else nothing."""
    public = group.public_value(field)
    if public:
        return public
    value = getattr(group, field)
    if show_private and value:
        return f"{value}（{_('非公開')}）"
    return ""


@register.filter
def weekdays(days):
    """[0, 2] -> 月・水"""
    return "・".join(str(Weekday(day).label) for day in sorted(days or []))


# 五十音 rows by the first kana of the reading; anything else goes under "その他".
_ROWS = [
    ("あ", "ぁあぃいぅうぇえぉお"), ("か", "かがきぎくぐけげこご"), ("さ", "さざしじすずせぜそぞ"),
    ("た", "ただちぢっつづてでとど"), ("な", "なにぬねの"), ("は", "はばぱひびぴふぶぷへべぺほぼぽ"),
    ("ま", "まみむめも"), ("や", "ゃやゅゆょよ"), ("ら", "らりるれろ"), ("わ", "ゎわゐゑをんゔ"),
]  # fmt: skip


@register.filter
def kana_row(reading):
    """みどりのかい -> ま行"""
    from ..search import normalize_text

    first = normalize_text(reading)[:1]
    for row, chars in _ROWS:
        if first and first in chars:
            return f"{row}{_('行')}"
    return _("その他")


@register.filter
def public_email(group):
    return group.public_value("contact_email")
