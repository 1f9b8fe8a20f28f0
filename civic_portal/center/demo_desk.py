"""Demo lectures on request (a catalogue, requests at each step) and the consultation desk (slots, a booking,
consultations over the last months)."""

import datetime as dt

from django.utils import timezone

from groups.models import Group

from .models import (
    Channel,
    ClientKind,
    Consultation,
    ConsultationBooking,
    ConsultationSlot,
    FollowUp,
    LectureRequest,
    LectureRequestStatusChange,
    LectureStatus,
    LectureTopic,
    Referral,
    RequesterKind,
    Topic,
)

# title, department, minutes, audience, what the requester prepares
TOPICS = [
    ("はじめての市民活動", "市民活動センター", 90, "市民、団体", "会場、机といす"),
    ("NPO法人のつくり方", "市民活動センター", 60, "法人化を考えている団体", "プロジェクターとスクリーン"),
    ("地域の防災と自主防災組織", "危機管理課", 90, "自治会、学校", "会場、マイク"),
    ("ごみの分け方・減らし方", "環境政策課", 60, "小学生以上", "会場"),
    ("情報モラルとSNSの使い方", "市民活動センター", 45, "中学生・高校生、保護者", "プロジェクター"),
]
# topic index, kind, organisation, days from today (preferred), status, attendance
REQUESTS = [
    (2, RequesterKind.NEIGHBOURHOOD, "中央町自治会", 30, LectureStatus.RECEIVED, None),
    (4, RequesterKind.SCHOOL, "市立第一中学校", 20, LectureStatus.SCHEDULED, None),
    (0, RequesterKind.GROUP, "子ども食堂ひまわり", -40, LectureStatus.DELIVERED, 24),
    (3, RequesterKind.SCHOOL, "市立南小学校", -20, LectureStatus.DELIVERED, 62),
]
# days ago, channel, client kind, topics, minutes, referrals
CONSULTATIONS = [
    (3, Channel.COUNTER, ClientKind.GROUP, [Topic.FUNDING, Topic.ACCOUNTING], 45, [Referral.CITY_DEPARTMENT]),
    (10, Channel.PHONE, ClientKind.PERSON, [Topic.FOUNDING], 20, []),
    (25, Channel.ONLINE, ClientKind.GROUP, [Topic.INCORPORATION], 60, [Referral.PREFECTURE]),
    (40, Channel.EMAIL, ClientKind.ANONYMOUS, [Topic.PEOPLE], 15, [Referral.SOCIAL_WELFARE]),
    (55, Channel.OUTREACH, ClientKind.GROUP, [Topic.PUBLICITY, Topic.OPERATION], 90, []),
]


def load(*, users):
    """Idempotent: topics by title; requests, slots and consultations only when there are none yet."""
    staff = users.get("staff@example.jp")
    citizen = users.get("citizen@example.jp")
    topics = [
        LectureTopic.objects.get_or_create(
            title=title,
            defaults={"department": dept, "length_minutes": minutes, "audience": audience, "requester_prepares": prep},
        )[0]
        for title, dept, minutes, audience, prep in TOPICS
    ]
    now = timezone.now()
    today = timezone.localdate()
    if citizen and not LectureRequest.objects.exists():
        for index, kind, organisation, days, status, attendance in REQUESTS:
            day = today + dt.timedelta(days=days)
            held = dt.datetime.combine(day, dt.time(14), tzinfo=timezone.get_current_timezone())
            request = LectureRequest.objects.create(
                topic=topics[index],
                requested_by=citizen,
                requester_kind=kind,
                organisation=organisation,
                contact_name=citizen.full_name or "市民 さくら",
                contact_email=citizen.email,
                preferred_dates=[max(day, today + dt.timedelta(days=1))],
                place=f"{organisation} 集会室",
                audience_size=attendance or 30,
                status=status,
                scheduled_at=None if status == LectureStatus.RECEIVED else held,
                attendance=attendance,
            )
            LectureRequestStatusChange.objects.create(request=request, from_status="", to_status=status)
    if staff and not ConsultationSlot.objects.exists():
        zone = timezone.get_current_timezone()
        slots = []
        for days in (2, 3, 7, 9, 14):
            for hour, channel in ((10, Channel.COUNTER), (14, Channel.ONLINE)):
                start = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), tzinfo=zone)
                slots.append(
                    ConsultationSlot(
                        starts_at=start, ends_at=start + dt.timedelta(hours=1), channel=channel, staff=staff
                    )
                )
        ConsultationSlot.objects.bulk_create(slots)
        if citizen:
            ConsultationBooking.objects.create(
                slot=slots[0], user=citizen, topics=[Topic.FUNDING], note="助成金の申請書の書き方を相談したい"
            )
    if staff and not Consultation.objects.exists():
        group = Group.objects.order_by("id").first()
        for days, channel, client, topic_values, minutes, referrals in CONSULTATIONS:
            consultation = Consultation.objects.create(
                held_at=now - dt.timedelta(days=days),
                channel=channel,
                client_kind=client,
                group=group if client == ClientKind.GROUP else None,
                person_name="相談 太郎" if client == ClientKind.PERSON else "",
                person_contact="090-0000-0000" if client == ClientKind.PERSON else "",
                topics=topic_values,
                minutes=minutes,
                advice="手続きの流れと必要な書類を説明した。",
                referrals=referrals,
                recorded_by=staff,
            )
            if days < 20:
                FollowUp.objects.create(
                    consultation=consultation, task="資料を郵送する", due_on=today + dt.timedelta(days=7)
                )
