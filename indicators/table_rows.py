"""The long tables' rows rendered in Python (after the admin's result rows): a plan has hundreds of items over ten
years, and one string per row costs a fraction of a dozen template nodes per cell. Every value is escaped here
exactly as the template's autoescape would; links are reversed once per table, not once per row."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import localize
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _

from civic_portal.core.converters import TextConverter

from .models import Stage

if TYPE_CHECKING:
    from .selectors.indicators import IndicatorView
    from .selectors.plans import ItemRow, ItemToReport

ID_SLOT = 9_000_000_000_000_000_017  # an id no row has, reversed and then replaced by each row's
YEAR_SLOT = 2199  # a fiscal year the converter accepts, reversed and then replaced
TEXT_SLOT = "zqxrowtextzqx"  # a printed code (<text:...>), reversed and then replaced, quoted as reverse() does
_SLOTS = (ID_SLOT, YEAR_SLOT, TEXT_SLOT)
_TEXT = re.compile(TextConverter.regex)


class RowUrls:
    """URLs of one pattern for many rows: reverse() once with placeholders (ID_SLOT, YEAR_SLOT, TEXT_SLOT) among
    the arguments, then fill each row's values in, in the placeholders' order."""

    def __init__(self, name: str, *args: object):
        self.name, self.args = name, args
        slots = [arg for arg in args if arg in _SLOTS]
        rest = reverse(name, args=args)
        tails: list[str] = []  # the text after each placeholder
        for slot in reversed(slots):
            rest, tail = rest.rsplit(str(slot), 1)
            tails.insert(0, tail)
        self.head, self.tails, self.text = rest, tails, [slot == TEXT_SLOT for slot in slots]

    def __call__(self, *values: object) -> str:
        parts = [self.head]
        for value, tail, text in zip(values, self.tails, self.text, strict=True):
            if text:
                if not _TEXT.fullmatch(str(value)):
                    return self._reverse(values)  # NoReverseMatch, as reverse() itself answers
                value = quote(str(value), safe=RFC3986_SUBDELIMS + "/~:@")
            parts += [str(value), tail]
        return "".join(parts)

    def _reverse(self, values: tuple[object, ...]) -> str:
        filled = iter(values)
        return reverse(self.name, args=[next(filled) if arg in _SLOTS else arg for arg in self.args])


def _text(value: object) -> str:
    return escape(str(value)) if value else "—"


def schedule_rows_html(rows: list[ItemRow]) -> SafeString:
    """Items with their schedule: number, item (再掲 badge), departments, then per year the printed plan ("→" with
    the stage it continues) / result, and the review status for internal users."""
    badge = f' <span class="badge">{escape(_("再掲"))}</span>'
    out = []
    for row in rows:
        item = row.item
        departments = escape("・".join(row.departments))
        out.append(
            f'<tr><td class="nowrap">{escape(item.node.code)}</td>'
            f'<th scope="row"><a href="{escape(row.url)}">{escape(item.node.title)}</a>'
            f"{badge if item.reposted else ''}</th>"
            f"<td>{departments}</td>{_schedule_cells(row.cells, internal=row.internal)}</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped


def _schedule_cells(cells: list[dict], *, internal: bool) -> str:
    out = []
    for cell in cells:
        printed = cell["printed"]
        html = _text(printed)
        if printed == Stage.CONTINUE:
            html += f' <span class="muted">({escape(cell["planned"])})</span>'
        html += f" / {_text(cell['actual'])}"
        if internal and cell["status"]:
            html += f'<br><span class="muted">{escape(cell["status"])}</span>'
        out.append(f'<td class="stage-cell">{html}</td>')
    return "".join(out)


def _linebreaksbr(value: str) -> str:
    return escape(normalize_newlines(value)).replace("\n", "<br>")


def report_item_rows(items: list[dict]) -> SafeString:
    """A report branch's item rows: number, item (【再掲】), departments, plan, result (its status until
    confirmed), progress note."""
    reposted = f" 【{escape(_('再掲'))}】"
    out = []
    for item in items:
        planned = _text(item["planned"])
        if item["planned"] == Stage.CONTINUE:
            planned += f" ({escape(item['planned_effective'])})"
        actual = _text(item["actual"])
        if item["actual"] and not item["confirmed"]:
            actual += f' <span class="muted">({escape(item["status"])})</span>'
        out.append(
            f'<tr><td class="nowrap">{escape(item["code"])}</td>'
            f'<th scope="row">{escape(item["title"])}{reposted if item["reposted"] else ""}</th>'
            f"<td>{escape('・'.join(item['departments']))}</td>"
            f"<td>{planned}</td><td>{actual}</td><td>{_linebreaksbr(item['note'])}</td></tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped


def items_to_report_rows(rows: list[ItemToReport]) -> SafeString:
    """The dashboard's items to report: plan, number, item, year, plan, result, status, the link to record it."""
    item_url = RowUrls("indicators:item_detail", ID_SLOT)
    record_url = RowUrls("indicators:result_record", ID_SLOT, YEAR_SLOT)
    record, no_entry = escape(_("実績を入力")), escape(_("未入力"))
    out = []
    for row in rows:
        code = escape(row.code)
        out.append(
            f'<tr><td>{escape(row.plan)}</td><td class="nowrap">{code}</td>'
            f'<th scope="row"><a href="{item_url(row.pk)}">{escape(row.title)}</a></th>'
            f"<td>{row.report_year}</td><td>{_text(row.planned)}</td><td>{_text(row.actual)}</td>"
            f"<td>{escape(row.status) if row.status else no_entry}</td>"
            f'<td><a href="{record_url(row.pk, row.report_year)}">{record}'
            f'<span class="visually-hidden">（{code}）</span></a></td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped


def indicator_table_rows(views: list[IndicatorView]) -> SafeString:
    """The plan's indicators: number, name (qualifier), baseline, latest and target values with their years,
    achievement and status; numbers through the template's own floatformat, so they read as before."""
    out = []
    for view in views:
        ind, latest, percent = view.indicator, view.latest, view.progress.percent
        unit = escape(ind.unit)
        name = escape(ind.name) + (f"（{escape(ind.qualifier)}）" if ind.qualifier else "")
        latest_cell = _value_cell(latest.value, unit, latest.fiscal_year) if latest else '<td class="num">—</td>'
        out.append(
            f"<tr><td>{escape(ind.code)}</td>"
            f'<th scope="row"><a href="{escape(view.url)}">{name}</a></th>'
            f"{_value_cell(ind.baseline_value, unit, ind.baseline_year)}{latest_cell}"
            f"{_value_cell(ind.target_value, unit, ind.target_year)}"
            f'<td class="num">{"—" if percent is None else f"{localize(percent)}%"}</td>'
            f'<td><span class="status status--{escape(view.progress.status)}">{escape(view.progress.label)}</span></td>'
            "</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped


def _value_cell(value: object, unit: str, year: int | None) -> str:
    # A missing value reads empty and a missing year "None", as the template printed them.
    number = "" if value is None else floatformat(value, "-1")
    return f'<td class="num">{number}{unit} <span class="muted">({year})</span></td>'
