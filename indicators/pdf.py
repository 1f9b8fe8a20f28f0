"""The annual report (年次報告) as a PDF, built by the worker (civic_portal.core.generated).

A published edition is built once, when it is published, from its frozen snapshot, kept in the public storage and
served from there. The live draft is built when an internal user asks for it (it changes with every recorded
result), kept in the private storage and handed out by a view that checks the user again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.platypus import Paragraph, Table, TableStyle

from civic_portal.core import generated
from civic_portal.core.generated import Built, Progress, Spec
from civic_portal.core.models import GeneratedFile
from civic_portal.core.pdf.book import FRAME_WIDTH, Book, Cover, issuer_lines, markup

from .models import Plan, ReportEdition
from .selectors.reports import report_data, report_tree

LAYOUT = "1"  # bump when the layout changes: every edition's PDF is then built again
BUILDER = "indicators.pdf.build"
PDF = "application/pdf"
# Item table columns: number, item, departments, plan, result, progress note (points, summing to the frame).
ITEM_COLUMNS = [0.11, 0.27, 0.14, 0.1, 0.12, 0.26]
INDICATOR_COLUMNS = [0.09, 0.33, 0.16, 0.16, 0.16, 0.1]
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)
HEAD = TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#e8eef6"))])


def edition_spec(edition: ReportEdition) -> Spec:
    """A published edition's PDF: public, built from the frozen snapshot, never stale but for a layout change."""
    plan = edition.plan
    return Spec(
        key=f"report:{plan.code}:{edition.fiscal_year}:{edition.edition}",
        builder=BUILDER,
        title=_("%(plan)s %(year)s年度 年次報告 第%(n)s版")
        % {"plan": plan.title, "year": edition.fiscal_year, "n": edition.edition},
        filename=f"{plan.code}-report-{edition.fiscal_year}-{edition.edition}.pdf",
        content_type=PDF,
        params={"edition": edition.pk},
        fingerprint=f"{LAYOUT}:{edition.pk}",
        serve_stale=True,
    )


def draft_spec(plan: Plan, fiscal_year: int) -> Spec:
    """The live draft's PDF: private, built only when someone asks (its source changes with every result)."""
    return Spec(
        key=f"report-draft:{plan.code}:{fiscal_year}",
        builder=BUILDER,
        title=_("%(plan)s %(year)s年度 年次報告（下書き）") % {"plan": plan.title, "year": fiscal_year},
        filename=f"{plan.code}-report-{fiscal_year}-draft.pdf",
        content_type=PDF,
        params={"plan": plan.pk, "fiscal_year": fiscal_year},
        private=True,
    )


def edition_file(edition: ReportEdition) -> tuple[Spec, GeneratedFile | None]:
    """The edition's PDF row, its build queued if it is missing (an edition published before PDFs existed)."""
    spec = edition_spec(edition)
    return spec, generated.ensure([spec]).get(spec.key)


def edition_published(edition: ReportEdition) -> None:
    """Queue the edition's PDF after the publication commits."""
    generated.request_build(edition_spec(edition))


def build(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """Write an edition's PDF (params["edition"]) or the live draft's (params["plan"], params["fiscal_year"])."""
    with translation.override("ja"):
        if "edition" in params:
            edition = ReportEdition.objects.select_related("plan").get(pk=params["edition"])
            data, version = edition.snapshot, f"{LAYOUT}:{edition.pk}"
            status = _("第%(n)s版（%(at)s 公開）") % {
                "n": edition.edition,
                "at": timezone.localtime(edition.published_at).strftime("%Y-%m-%d"),
            }
        else:
            plan = Plan.objects.get(pk=params["plan"])
            data, version = report_data(plan=plan, fiscal_year=params["fiscal_year"], internal=True), ""
            status = _("公開前の下書き（%(at)s 作成）") % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
        _write(out, data, status, progress)
    return Built(version)


def _toc_lines(tree: list[dict]) -> int:
    """Three parts, the top nodes and their children."""
    return 3 + sum(1 + len(root["children"]) for root in tree)


def _write(out: BinaryIO, data: dict, status: str, progress: Progress) -> None:
    tree = report_tree(data)
    plan = data["plan"]
    title = _("%(plan)s %(year)s 年次報告") % {"plan": plan["title"], "year": data["fiscal_year_label"]}
    book = Book(
        out,
        cover=Cover(
            title=plan["title"],
            subtitle=_("%(year)s 年次報告") % {"year": data["fiscal_year_label"]},
            edition=status,
            issuer=[plan.get("city") or "", *issuer_lines()],
        ),
        toc_lines=_toc_lines(tree),
        title=title,
        author=issuer_lines()[0],
    )
    total = len(data["items"])
    counter = {"done": 0}

    def story() -> Iterator:
        progress(0, total)
        yield from book.heading(0, "1", _("成果指標"))
        yield from _indicators(book, data["indicators"])
        yield from book.heading(0, "2", _("前年度からの変化"), page_break=True)
        yield from _changes(book, data["changes"])
        yield from book.heading(0, "3", _("推進項目の計画と実績"), page_break=True)
        for root in tree:
            yield from _branch(book, root, depth=1, counter=counter, progress=progress, total=total)

    book.write(story())


def _cell(book: Book, text: object, style: str = "small") -> Paragraph:
    return Paragraph(markup(text), book.styles[style])


def _row(book: Book, cells: list, widths: list[float], *, head: bool = False) -> Table:
    """One row as its own table: long reports split between rows without laying a huge table out again."""
    table = Table([[_cell(book, c) for c in cells]], colWidths=[w * FRAME_WIDTH for w in widths])
    table.setStyle(GRID)
    if head:
        table.setStyle(HEAD)
    return table


def _indicators(book: Book, indicators: list[dict]) -> Iterator:
    if not indicators:
        yield book.paragraph(_("成果指標はありません。"))
        return
    heads = [_("番号"), _("指標"), _("現状値"), _("最新値"), _("目標値"), _("状況")]
    yield _row(book, heads, INDICATOR_COLUMNS, head=True)
    for ind in indicators:
        unit = ind["unit"] or ""
        name = ind["name"] + (f"（{ind['qualifier']}）" if ind["qualifier"] else "")
        latest = f"{ind['latest']}{unit} ({ind['latest_year']})" if ind["latest"] else "—"
        yield _row(
            book,
            [
                ind["code"],
                name,
                f"{ind['baseline'] or '—'}{unit} ({ind['baseline_year']})",
                latest,
                f"{ind['target'] or '—'}{unit} ({ind['target_year']})",
                ind["status_label"],
            ],
            INDICATOR_COLUMNS,
        )


def _changes(book: Book, changes: list[dict]) -> Iterator:
    if not changes:
        yield book.paragraph(_("前年度から変化した項目はありません。"))
        return
    for change in changes:
        yield book.paragraph(f"{change['code']} {change['title']}: {change['before']} → {change['after']}")


def _branch(book: Book, branch: dict, *, depth: int, counter: dict, progress: Progress, total: int) -> Iterator:
    yield from book.heading(min(depth, 2), branch["code"], branch["title"], toc=depth <= 2)
    if branch["items"]:
        heads = [_("番号"), _("推進項目"), _("担当課"), _("計画"), _("実績"), _("進捗状況")]
        yield _row(book, heads, ITEM_COLUMNS, head=True)
        for item in branch["items"]:
            planned = item["planned"] or "—"
            if item["planned"] == "→":
                planned += f" ({item['planned_effective']})"
            actual = item["actual"] or "—"
            if item["actual"] and not item["confirmed"]:
                actual += f" ({item['status']})"
            title = item["title"] + (f" 【{_('再掲')}】" if item["reposted"] else "")
            yield _row(
                book,
                [item["code"], title, "・".join(item["departments"]), planned, actual, item["note"]],
                ITEM_COLUMNS,
            )
            counter["done"] += 1
            progress(counter["done"], total)
    for child in branch["children"]:
        yield from _branch(book, child, depth=depth + 1, counter=counter, progress=progress, total=total)
