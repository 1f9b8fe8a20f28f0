"""Demo news (one of each category, one scheduled, one draft), two newsletter issues with a printed PDF, and events
(center courses approved in a center room and outside, a group's proposal waiting for approval)."""

import datetime as dt
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from civic_portal.core.pdf.fonts import japanese_font

from .models import NewsCategory, NewsEntry, NewsletterContent, NewsletterIssue

# title, category, days since publishing (negative: scheduled; None: a draft), body
NEWS = [
    (
        "年末年始の休館のお知らせ",
        NewsCategory.FACILITIES,
        2,
        "12月29日から1月3日まで休館します。\n\n予約は1月4日以降の分を受け付けています。",
    ),
    (
        "市民活動促進補助金の募集を始めました",
        NewsCategory.GRANTS,
        5,
        "## 募集の概要\n\n- 上限30万円、補助率3分の2\n- 説明会はセンター大会議室で開きます\n\n詳しくは[助成のページ](/grants/)をご覧ください。",
    ),
    (
        "ボランティア説明会の参加者を募集します",
        NewsCategory.RECRUITMENT,
        9,
        "はじめてボランティアをする人のための説明会です。**参加無料**、申込みは窓口又は電話で。",
    ),
    (
        "公開活動成果発表会を開きました",
        NewsCategory.REPORT,
        20,
        "12団体が一年の活動を発表し、約80人が参加しました。発表資料は後日掲載します。",
    ),
    ("ポータルを公開しました", NewsCategory.NOTICE, 30, "団体の検索、施設の予約、助成の申請がこのポータルでできます。"),
    ("団体交流会のご案内", NewsCategory.NOTICE, -3, "公開日前の記事です（公開予定の例）。"),
    (
        "（下書き）センターだより次号の予告",
        NewsCategory.NOTICE,
        None,
        "下書きの例です。公開日時が空なので掲載されません。",
    ),
]
ISSUES = [
    (1, "創刊号 センターがひらきました", 60, ["センター長あいさつ", "施設の使い方", "登録団体の紹介"]),
    (
        2,
        "特集 ボランティアをはじめよう",
        10,
        ["特集 ボランティアをはじめよう", "助成金の募集", "団体交流会の報告", "今月の講座"],
    ),
]


def _issue_pdf(number: int, title: str, contents: list[str]) -> bytes:
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    font = japanese_font()
    pdf.setFont(font, 20)
    pdf.drawString(60, 770, f"センターだより 第{number}号")
    pdf.setFont(font, 14)
    pdf.drawString(60, 740, title)
    for line, text in enumerate(contents):
        pdf.drawString(80, 700 - 24 * line, f"・{text}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def load(*, users):
    """Idempotent: the entries by title, the issues by number; written by staff@example.jp."""
    now = timezone.now()
    author = users.get("staff@example.jp")
    for title, category, days, body in NEWS:
        NewsEntry.objects.get_or_create(
            title=title,
            defaults={
                "category": category,
                "body": body,
                "publish_at": None if days is None else now - dt.timedelta(days=days),
                "created_by": author,
            },
        )
    for number, title, days, contents in ISSUES:
        if NewsletterIssue.objects.filter(number=number).exists():
            continue
        issue = NewsletterIssue(number=number, title=title, issued_on=timezone.localdate() - dt.timedelta(days=days))
        issue.pdf.save(f"center-dayori-{number}.pdf", ContentFile(_issue_pdf(number, title, contents)), save=True)
        NewsletterContent.objects.bulk_create(
            NewsletterContent(issue=issue, order=order, title=text, page=order + 1)
            for order, text in enumerate(contents)
        )
    from . import demo_desk  # lec14: lectures on request and the consultation desk

    demo_desk.load(users=users)
    _demo_events(users)


# title, kind, capacity, weeks ahead, room (None: outside), by the center (else the citizen's group), approve
EVENTS = [
    ("はじめてのNPO会計講座", "course", 20, 2, "会議室1", True, True),
    ("協働ラウンドテーブル", "roundtable", 30, 3, None, True, True),
    ("子ども食堂ボランティア説明会", "volunteer_briefing", 15, 4, "会議室2", False, False),
]


def _demo_events(users):
    """Through the services, so rooms are booked as staff approve; skipped when an event of that title exists or its
    room is taken on every date tried."""
    from django.core.exceptions import ValidationError

    from facilities.models import Space
    from groups.models import Group

    from .models import Event
    from .services.events import event_approve, event_propose, signup_create

    staff, citizen = users.get("staff@example.jp"), users.get("citizen@example.jp")
    group = Group.objects.filter(registration_number="DEMO-001").first()
    if staff is None or citizen is None or group is None:
        return
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    for title, kind, capacity, weeks, room, by_center, approve in EVENTS:
        if Event.objects.filter(title=title).exists():
            continue
        space = Space.objects.filter(facility__is_center=True, name=room).first() if room else None
        for extra in range(4):  # the next Thursday that the room (and the center's calendar) allows
            day = today + dt.timedelta(weeks=weeks + extra, days=(3 - today.weekday()) % 7)
            starts_at = dt.datetime.combine(day, dt.time(14), tzinfo=tz)
            values = {
                "kind": kind, "title": title, "description": f"{title}です（デモデータ）。", "capacity": capacity,
                "fee": 0, "audience": "どなたでも", "sign_language": kind == "course", "childcare": False,
                "accessibility_notes": "", "space": space, "outside_venue": "" if space else "下関市生涯学習プラザ",
                "signup_deadline": starts_at - dt.timedelta(days=2), "cancel_deadline": starts_at - dt.timedelta(days=1),
                "guests_allowed": True,
            }  # fmt: skip
            try:
                with transaction.atomic():
                    event = event_propose(
                        by=staff if by_center else citizen,
                        group=None if by_center else group,
                        values=values,
                        sessions=[(starts_at, starts_at + dt.timedelta(hours=2))],
                    )
                    if approve:
                        event_approve(event=event, by=staff)
                        signup_create(event=event, user=citizen)
            except ValidationError:
                continue
            break
