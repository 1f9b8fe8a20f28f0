"""The printed booklet of the register (団体紹介冊子): one PDF of every registered group and one per activity field,
built by the worker (civic_portal.core.generated) and kept until the register changes.

A booklet's source version is its groups' count, the sum of their ids and their latest `updated_at`: a group that
registers, changes, leaves the register or leaves the field changes it (every change saves the group). Only
consented contact fields are printed (Group.public_value); a stale booklet is never handed out, so a withdrawn
consent is not printed again while the next one is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import Count, Max, Prefetch, Q, Sum
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civic_portal.core import generated
from civic_portal.core.fiscal import fiscal_year, fiscal_year_label
from civic_portal.core.generated import Built, Progress, Spec
from civic_portal.core.models import Area, GeneratedFile
from civic_portal.core.pdf.book import Book, Cover, edition_line, issuer_lines

from .models import PUBLIC_STATUSES, ActivityField, Group
from .templatetags.groups_tags import kana_row, weekdays

# Bump when the PDF's layout changes: every booklet is then built again.
LAYOUT = "1"
BUILDER = "groups.booklet.build"
PDF = "application/pdf"
CHUNK = 500
TEXT_LIMIT = 600  # purpose and activities are cut here, so one entry stays within a page


def fingerprint(count: int, id_sum: int | None, latest: dt.datetime | None) -> str:
    """The register's version for a booklet: layout, group count, sum of ids, latest change."""
    stamp = latest.astimezone(dt.UTC).isoformat() if latest else "-"
    return f"{LAYOUT}:{count}:{id_sum or 0}:{stamp}"


@dataclass(frozen=True)
class FieldStats:
    """An activity field with the count of its registered groups and its booklet's version."""

    pk: int
    code: int
    name: str
    is_current: bool
    count: int
    version: str


def all_spec(version: str) -> Spec:
    return Spec(
        key="booklet:all",
        builder=BUILDER,
        title=_("市民活動団体紹介冊子（全登録団体）"),
        filename="booklet-all.pdf",
        content_type=PDF,
        fingerprint=version,
    )


def field_spec(field: FieldStats, version: str) -> Spec:
    return Spec(
        key=f"booklet:field:{field.pk}",
        builder=BUILDER,
        title=_("市民活動団体紹介冊子（%(field)s）") % {"field": field.name},
        filename=f"booklet-field-{field.code}.pdf",
        content_type=PDF,
        params={"field": field.pk},
        fingerprint=version,
    )


def field_stats(pk: int | None = None) -> list[FieldStats]:
    """Current activity fields (and older ones that still have groups) with their registered groups' count and
    booklet version, in one aggregate query; one field's only when `pk` is given."""
    public = Q(groups__status__in=PUBLIC_STATUSES)
    fields = ActivityField.objects.annotate(
        public_count=Count("groups", filter=public),
        id_sum=Sum("groups__id", filter=public),
        latest=Max("groups__updated_at", filter=public),
    ).filter(Q(is_current=True) | Q(public_count__gt=0))
    if pk is not None:
        fields = fields.filter(pk=pk)
    rows = fields.order_by("code", "version").values_list(
        "pk", "code", "name", "is_current", "public_count", "id_sum", "latest"
    )
    return [
        FieldStats(pk, code, name, current, count, fingerprint(count, id_sum, latest))
        for pk, code, name, current, count, id_sum, latest in rows
    ]


# The PDF ------------------------------------------------------------------------------------------------------


def build(out: BinaryIO, params: dict, progress: Progress) -> Built:
    """Write the booklet of one field (params["field"]) or of the whole register into `out`."""
    with translation.override("ja"):
        field_pk = params.get("field")
        field = ActivityField.objects.filter(pk=int(field_pk)).first() if field_pk is not None else None
        if field_pk is not None and field is None:
            return Built(fingerprint="", empty=True)  # the field is gone: nothing to print
        groups = Group.objects.public()
        if field is not None:
            groups = groups.filter(activity_fields=field)
        # The ids fix the booklet's groups; the contents' lines, the version and the progress follow from them.
        rows = list(groups.order_by("kana_sort", "id").values_list("id", "kana_sort", "updated_at"))
        version = fingerprint(len(rows), sum(r[0] for r in rows), max((r[2] for r in rows), default=None))
        kana_rows = _kana_rows(rows)
        per_field = field is not None
        book = Book(
            out,
            cover=Cover(
                title=_("市民活動団体紹介冊子"),
                subtitle=f"{field.code}. {field.name}" if field else _("全登録団体"),
                edition=_edition(timezone.localdate()),
                issuer=[_("掲載団体数 %(count)s団体") % {"count": f"{len(rows):,}"}, "", *issuer_lines()],
            ),
            toc_lines=len(kana_rows) + (len(rows) if per_field else 0),
            title=_("市民活動団体紹介冊子") + (f"　{field.name}" if field else ""),
            author=issuer_lines()[0],
        )
        book.write(_story(book, rows, per_field=per_field, progress=progress))
    return Built(fingerprint=version)


def _edition(day: dt.date) -> str:
    """令和8年度版　令和8年12月1日（2026年12月1日）現在"""
    return _("%(year)s版　%(date)s") % {"year": fiscal_year_label(fiscal_year(day), "ja"), "date": edition_line(day)}


def _kana_rows(rows) -> list[tuple[str, int]]:
    """The 五十音 rows present, in order, with their group counts."""
    counts: dict[str, int] = {}
    for _pk, kana, _updated in rows:
        label = kana_row(kana)
        counts[label] = counts.get(label, 0) + 1
    return list(counts.items())


def _story(book: Book, rows, *, per_field: bool, progress: Progress) -> Iterator:
    total = len(rows)
    if not total:
        yield book.paragraph(_("登録団体はまだありません。"))
        return
    progress(0, total)
    section, current_row, number = 0, None, 0
    kana_of = {pk: kana for pk, kana, _updated in rows}  # as counted for the contents, whatever changed since
    for done, group in enumerate(_groups(kana_of), start=1):
        label = kana_row(kana_of[group.pk])
        if label != current_row:
            section, current_row, number = section + 1, label, 0
            yield from book.heading(0, str(section), label, page_break=section > 1)
        number += 1
        yield from _entry(book, group, f"{section}.{number}", toc=per_field)
        progress(done, total)


def _groups(ids: Iterable[int]) -> Iterator[Group]:
    """The groups in the given order, read CHUNK at a time with their fields and areas."""
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        by_id = {
            group.pk: group
            for group in Group.objects.filter(pk__in=chunk).prefetch_related(
                Prefetch("activity_fields", queryset=ActivityField.objects.order_by("code")),
                Prefetch("areas", queryset=Area.objects.order_by("sort_order", "name_kana")),
            )
        }
        yield from (by_id[pk] for pk in chunk if pk in by_id)


def _label(name: str) -> str:
    return str(getattr(Group._meta.get_field(name), "verbose_name", name))


def _cut(text: str) -> str:
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _entry(book: Book, group: Group, number: str, *, toc: bool) -> Iterator:
    """One group: its public profile and only the contact fields it consented to publish."""
    yield from book.heading(1, number, group.name, toc=toc)
    yield book.paragraph(group.name_kana, "small")
    facts = [
        (_label("registration_number"), group.registration_number or ""),
        (_label("legal_form"), group.get_legal_form_display()),
        (_label("founded_year"), _("%(year)s年") % {"year": group.founded_year} if group.founded_year else ""),
        (_label("member_count"), _("%(count)s人") % {"count": group.member_count} if group.member_count else ""),
        (_label("fees"), group.fees),
    ]
    yield book.paragraph("　".join(f"{label}：{value}" for label, value in facts if value), "small")
    fields = "、".join(f.name for f in group.activity_fields.all())
    areas = "、".join(a.name for a in group.areas.all())
    for label, value in [
        (_label("activity_fields"), fields),
        (_label("areas"), areas),
        (_label("purpose"), _cut(group.purpose)),
        (_label("activities"), _cut(group.activities)),
        (_label("beneficiaries"), group.beneficiaries),
        (_label("activity_days"), weekdays(group.activity_days)),
        (_label("activity_schedule"), group.activity_schedule),
        (_label("activity_places"), group.activity_places),
        (_("募集中"), _recruiting(group)),
        (_label("website"), group.website),
        (_label("social_links"), " ".join(group.social_links)),
    ]:
        if value:
            yield book.item(label, value)
    for label, value in _contacts(group):
        yield book.item(label, value)
    yield book.space(6)


def _recruiting(group: Group) -> str:
    kinds = [
        str(label)
        for flag, label in [
            (group.recruiting_members, _("会員")),
            (group.recruiting_volunteers, _("ボランティア")),
            (group.recruiting_partners, _("協働先")),
        ]
        if flag
    ]
    if not kinds:
        return ""
    details = _cut(group.recruiting_details)
    return "・".join(kinds) + (f"（{details}）" if details else "")


def _contacts(group: Group) -> Iterator[tuple[str, str]]:
    """The representative and contact lines, each made of consented fields only (nothing when none is)."""
    representative = group.public_value("representative_name")
    representative_reach = [
        group.public_value(name)
        for name in ("representative_phone", "representative_email", "representative_address")
        if group.public_value(name)
    ]
    if representative or representative_reach:
        yield _("代表者"), "　".join([representative, *representative_reach]).strip()
    contact = [
        group.public_value(name)
        for name in ("contact_name", "contact_phone", "contact_email", "contact_address")
        if group.public_value(name)
    ]
    if contact:
        yield _("連絡先"), "　".join(contact)


# The index page and the downloads -----------------------------------------------------------------------------


@dataclass
class BookletFile:
    """One booklet on the index: its field (None: the whole register), group count, spec and stored file."""

    field: FieldStats | None
    count: int
    spec: Spec | None = None
    row: GeneratedFile | None = None

    @property
    def ready(self) -> bool:
        return self.spec is not None and generated.servable(self.spec, self.row)

    @property
    def failed(self) -> bool:
        return self.row is not None and self.row.is_failed and not self.ready


def booklet_files() -> list[BookletFile]:
    """The whole register's booklet and each field's, with their PDFs; a missing or stale PDF gets one build queued
    (three queries when nothing changed: fields, register, stored files)."""
    entries = [_all_entry()]
    entries += [
        BookletFile(field, field.count, field_spec(field, field.version) if field.count else None)
        for field in field_stats()
    ]
    rows = generated.ensure(entry.spec for entry in entries if entry.spec)
    for entry in entries:
        entry.row = rows.get(entry.spec.key) if entry.spec else None
    return entries


def booklet_file(field_pk: int | None) -> BookletFile:
    """One booklet for its download: Http404 for an unknown field; a missing or stale PDF gets a build queued."""
    if field_pk is None:
        entry = _all_entry()
    else:
        fields = field_stats(field_pk)
        if not fields or not fields[0].count:
            raise Http404
        entry = BookletFile(fields[0], fields[0].count, field_spec(fields[0], fields[0].version))
    if entry.spec is not None:
        entry.row = generated.ensure([entry.spec]).get(entry.spec.key)
    return entry


def _all_entry() -> BookletFile:
    figures = Group.objects.public().aggregate(n=Count("id"), s=Sum("id"), m=Max("updated_at"))
    version = fingerprint(figures["n"], figures["s"], figures["m"])
    return BookletFile(None, figures["n"], all_spec(version) if figures["n"] else None)
