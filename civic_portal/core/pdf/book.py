"""An A4 document laid out in one pass: cover, table of contents, numbered headings, page numbers.

A table of contents needs the page of every heading before it is printed, which platypus gets by laying the whole
document out twice or more (multiBuild). A booklet of 10,000 groups is too long for that, so the pages of the
contents are reserved after the cover (the caller says how many lines it will hold) and each draws a PDF form
XObject; the forms are written once the last page is out and every heading's page is known. The story is read
from an iterator through a short window (`_Window`), so neither the flowables nor the database rows of a long
document are held at once; the finished PDF is written once, to the file object the caller gives.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Frame, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.doctemplate import BaseDocTemplate

from ..fiscal import wareki
from .fonts import japanese_font

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_Y = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - 2 * MARGIN_Y
TOC_TITLE_HEIGHT = 40
TOC_LEADING = 16
TOC_FONT_SIZE = 10
TOC_INDENT = 14
MUTED = colors.HexColor("#555555")
# Control characters other than tab and newline cannot be set in a PDF text string.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def markup(text: object) -> str:
    """Plain text as paragraph markup: escaped, control characters dropped, line breaks kept."""
    return escape(_CONTROL.sub("", str(text))).replace("\n", "<br/>")


@dataclass
class Cover:
    title: str
    subtitle: str = ""
    edition: str = ""
    issuer: list[str] = field(default_factory=list)


def issuer_lines() -> list[str]:
    """Who issues the document, for its cover: CENTER_CONTACT (name, address, phone, email, url) or the center's
    name, and the site's address."""
    contact = {"name": _("市民活動センター"), "url": settings.SITE_URL, **getattr(settings, "CENTER_CONTACT", {})}
    lines = [str(contact["name"])]
    lines += [str(contact[key]) for key in ("address", "phone", "email") if contact.get(key)]
    if contact.get("url"):
        lines.append(str(contact["url"]))
    return lines


def edition_line(day: dt.date) -> str:
    """令和8年12月1日（2026年12月1日）現在"""
    return _("%(wareki)s（%(date)s）現在") % {"wareki": wareki(day), "date": f"{day.year}年{day.month}月{day.day}日"}


@dataclass
class TocEntry:
    level: int
    number: str
    title: str
    page: int


def toc_pages(lines: int) -> int:
    """Pages the contents take for this many lines (the first page also holds the title)."""
    if lines <= 0:
        return 0
    first = int((FRAME_HEIGHT - TOC_TITLE_HEIGHT) // TOC_LEADING)
    return 1 + max(0, math.ceil((lines - first) / int(FRAME_HEIGHT // TOC_LEADING)))


class _Heading(Paragraph):
    """A numbered heading; `toc_level` None keeps it out of the contents and the outline."""

    def __init__(self, text: str, style: ParagraphStyle, *, number: str, title: str, toc_level: int | None):
        super().__init__(text, style)
        self.number, self.title, self.toc_level = number, title, toc_level


class _TocPage(Flowable):
    """One reserved page of the contents: it draws the form that is filled in at the end."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def wrap(self, available_width, available_height):
        return available_width, available_height

    def draw(self):
        self.canv.saveState()
        self.canv.translate(-MARGIN_X, -MARGIN_Y)  # the form covers the page; the frame starts at the margins
        self.canv.doForm(_toc_form(self.index))
        self.canv.restoreState()


def _toc_form(index: int) -> str:
    return f"toc{index}"


class _Window(list):
    """The story as platypus takes it, head first: refilled from an iterator as its head is taken."""

    SIZE = 200

    def __init__(self, source: Iterable[Flowable]):
        super().__init__()
        self._source: Iterator[Flowable] | None = iter(source)
        self._refill()

    def _refill(self):
        while self._source is not None and super().__len__() < self.SIZE:
            try:
                self.append(next(self._source))
            except StopIteration:
                self._source = None

    def __delitem__(self, index):
        super().__delitem__(index)
        self._refill()


class _Template(BaseDocTemplate):
    def __init__(self, out, book: Book, **kwargs):
        super().__init__(out, pagesize=A4, **kwargs)
        self.book = book
        self._doSave = 0
        frame = Frame(
            MARGIN_X, MARGIN_Y, FRAME_WIDTH, FRAME_HEIGHT, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPage=book._decorate)])

    def afterFlowable(self, flowable):
        if isinstance(flowable, _Heading) and flowable.toc_level is not None:
            self.book._record(self.canv, flowable, self.page)

    def _endBuild(self):
        super()._endBuild()
        self.book._write_toc(self.canv)
        self.canv.save()


class Book:
    """Write one document: `Book(out, cover=..., toc_lines=n).write(story)`; headings from `heading()`.

    `toc_lines` is the number of headings that go into the contents (those with a level); more than that are left
    out of the contents (never out of the document), fewer leave blank lines.
    """

    def __init__(self, out: BinaryIO, *, cover: Cover, toc_lines: int, title: str = "", author: str = ""):
        self.out = out
        self.cover = cover
        self.font = japanese_font()
        self.toc_lines = toc_lines
        self.toc_page_count = toc_pages(toc_lines)
        self.entries: list[TocEntry] = []
        self.title = title or cover.title
        self.author = author
        self.styles = self._styles()

    def _styles(self) -> dict[str, ParagraphStyle]:
        font = self.font
        base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
        return {
            "body": base,
            "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=MUTED),
            "cover_title": ParagraphStyle("cover_title", parent=base, fontSize=24, leading=34, spaceAfter=12),
            "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=14, leading=20, spaceAfter=24),
            "cover_line": ParagraphStyle("cover_line", parent=base, fontSize=11, leading=17),
            "h0": ParagraphStyle("h0", parent=base, fontSize=16, leading=22, spaceBefore=4, spaceAfter=10),
            "h1": ParagraphStyle(
                "h1",
                parent=base,
                fontSize=12,
                leading=17,
                spaceBefore=10,
                spaceAfter=3,
                textColor=colors.HexColor("#1d4e89"),
            ),
            "h2": ParagraphStyle("h2", parent=base, fontSize=10.5, leading=15, spaceBefore=6, spaceAfter=2),
        }

    # Story pieces -------------------------------------------------------------------------------------------

    def heading(self, level: int, number: str, title: str, *, toc: bool = True, page_break: bool = False) -> list:
        """A heading "number title" at level 0 (a part), 1 or 2, in the contents and the outline if `toc`."""
        text = f"{markup(number)}　{markup(title)}" if number else markup(title)
        flowable = _Heading(
            text, self.styles[f"h{level}"], number=number, title=title, toc_level=level if toc else None
        )
        flowable.keepWithNext = True
        return [PageBreak(), flowable] if page_break else [flowable]

    def paragraph(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), self.styles[style])

    def item(self, label: str, value: object) -> Paragraph:
        """One "label　value" line of an entry (the label muted)."""
        return Paragraph(f'<font color="#555555">{markup(label)}</font>　{markup(value)}', self.styles["body"])

    def space(self, height: float = 4) -> Spacer:
        return Spacer(0, height)

    # Writing ------------------------------------------------------------------------------------------------

    def write(self, story: Iterable[Flowable]) -> None:
        """Lay out cover, contents and story into `out`, then fill in the contents."""
        doc = _Template(self.out, self, title=self.title, author=self.author, invariant=1)
        doc.build(_Window(self._front_matter(story)))

    def _front_matter(self, story: Iterable[Flowable]) -> Iterator[Flowable]:
        yield Spacer(0, 60 * mm)
        yield Paragraph(markup(self.cover.title), self.styles["cover_title"])
        if self.cover.subtitle:
            yield Paragraph(markup(self.cover.subtitle), self.styles["cover_sub"])
        if self.cover.edition:
            yield Paragraph(markup(self.cover.edition), self.styles["cover_line"])
        yield Spacer(0, 40 * mm)
        for line in self.cover.issuer:
            yield Paragraph(markup(line), self.styles["cover_line"])
        for index in range(self.toc_page_count):
            yield PageBreak()
            yield _TocPage(index)
        yield PageBreak()
        yield from story

    def _decorate(self, canvas, doc):
        """Page number at the foot of every page but the cover; the document title at the head of the body."""
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(self.font, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN_Y / 2, f"- {doc.page} -")
        if doc.page > 1 + self.toc_page_count:
            canvas.drawString(MARGIN_X, PAGE_HEIGHT - MARGIN_Y / 2, _fit(self.title, self.font, 8.5, FRAME_WIDTH))
        canvas.restoreState()

    def _record(self, canvas, heading: _Heading, page: int) -> None:
        level = heading.toc_level or 0
        if len(self.entries) >= self.toc_lines:
            return
        key = f"h{len(self.entries)}"
        canvas.bookmarkPage(key)
        # The outline may not skip a level (a level 2 heading straight under a level 0 one).
        previous = self.entries[-1].level if self.entries else 0
        canvas.addOutlineEntry(f"{heading.number} {heading.title}".strip(), key, level=min(level, previous + 1))
        self.entries.append(TocEntry(level, heading.number, heading.title, page))

    def _write_toc(self, canvas) -> None:
        entries = iter(self.entries)
        for index in range(self.toc_page_count):
            canvas.beginForm(_toc_form(index), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
            top = PAGE_HEIGHT - MARGIN_Y
            if index == 0:
                canvas.setFont(self.font, 16)
                canvas.drawString(MARGIN_X, top - 20, _("目次"))
                top -= TOC_TITLE_HEIGHT
            y = top - TOC_FONT_SIZE
            while y >= MARGIN_Y:
                entry = next(entries, None)
                if entry is None:
                    break
                self._toc_line(canvas, entry, y)
                y -= TOC_LEADING
            canvas.endForm()

    def _toc_line(self, canvas, entry: TocEntry, y: float) -> None:
        size = TOC_FONT_SIZE if entry.level == 0 else TOC_FONT_SIZE - 1
        left = MARGIN_X + TOC_INDENT * entry.level
        right = PAGE_WIDTH - MARGIN_X
        page = str(entry.page)
        page_width = stringWidth(page, self.font, size)
        text = _fit(
            f"{entry.number}　{entry.title}" if entry.number else entry.title,
            self.font,
            size,
            right - left - page_width - 24,
        )
        canvas.setFont(self.font, size)
        canvas.drawString(left, y, text)
        canvas.drawRightString(right, y, page)
        start = left + stringWidth(text, self.font, size) + 6
        end = right - page_width - 6
        if end > start:
            canvas.saveState()
            canvas.setStrokeColor(MUTED)
            canvas.setDash(1, 3)
            canvas.line(start, y + 1, end, y + 1)
            canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text cut (with …) to fit the width on one line."""
    text = _CONTROL.sub("", text).replace("\n", " ")
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest head that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"
