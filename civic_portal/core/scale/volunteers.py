"""Volunteers: profiles (some in the talent bank, some withdrawn), groups' needs and the applications to them."""

from __future__ import annotations

import datetime as dt
import random

from groups.models import (
    AVAILABILITY_CODES,
    ApplicationStatus,
    NeedStatus,
    VolunteerApplication,
    VolunteerApplicationStatusChange,
    VolunteerNeed,
    VolunteerProfile,
)

from .accounts import People
from .bulk import copy_links, copy_rows, reserve_ids
from .groups import Register

SKILLS = [
    "料理",
    "園芸",
    "草刈り",
    "pc",
    "スマートフォン",
    "写真",
    "デザイン",
    "手話",
    "英語",
    "中国語",
    "韓国語",
    "運転",
    "介護",
    "保育",
    "看護",
    "音楽",
    "書道",
    "大工仕事",
    "会計",
    "広報",
    "動画編集",
    "読み聞かせ",
]
NICKNAMES = [
    "さくら",
    "ひまわり",
    "たけし",
    "みどり",
    "はるか",
    "ゆう",
    "こうちゃん",
    "まなぶ",
    "あおい",
    "そら",
    "のぞみ",
    "ひかる",
    "つばさ",
    "かおる",
    "しんご",
    "まりこ",
]
NEED_TITLES = [
    "{t}のお手伝い",
    "{t}の運営スタッフ",
    "{t}のイベント当日ボランティア",
    "{t}の広報を手伝ってくださる方",
    "{t}の送迎ボランティア",
    "{t}の講師",
]
A = ApplicationStatus


def generate(*, rng: random.Random, needs: int, register: Register, people: People, now: dt.datetime) -> None:
    """Profiles for every volunteer account, `needs` needs of registered groups, and applications to them."""
    profiles = _profiles(rng, register, people, now)
    active = [pk for pk, withdrawn in profiles if not withdrawn]
    public = register.public
    recruiting = [g for g in public if g.recruiting_volunteers] or public
    ids = reserve_ids(VolunteerNeed, needs)
    rows, applications, logs = [], [], []
    application_ids = iter(reserve_ids(VolunteerApplication, needs * 3))
    for n, pk in enumerate(ids):
        group = register.groups[0] if n < 3 else rng.choice(recruiting)  # the benchmark manager has a few
        status = rng.choices([NeedStatus.OPEN, NeedStatus.FILLED, NeedStatus.CLOSED], weights=[60, 20, 20])[0]
        created = now - dt.timedelta(days=rng.randint(1, 720), hours=rng.randint(0, 23))
        flexible = rng.random() < 0.4
        dates = (
            []
            if flexible
            else sorted({(now + dt.timedelta(days=rng.randint(-60, 120))).date() for _ in range(rng.randint(1, 6))})
        )
        rows.append(
            {
                "id": pk,
                "group_id": group.id,
                "title": rng.choice(NEED_TITLES).format(t=group.theme.name),
                "activity_field_id": register.fields[group.theme.fields[0]],
                "skills_wanted": rng.sample(SKILLS, rng.randint(0, 3)),
                "flexible": flexible,
                "dates": dates,
                # Every need ends (the groups_need_ends check): on its last date, or an ongoing one is reviewed.
                "end_date": dates[-1] if dates else None,
                "review_date": None if dates else (now + dt.timedelta(days=rng.randint(-30, 180))).date(),
                "slots": sorted(rng.sample(AVAILABILITY_CODES, rng.randint(1, 3))),
                "place": f"{group.name}の活動場所（{rng.choice(list(register.areas))}地区）",
                "area_id": group.area_id,
                "people_needed": rng.randint(1, 10),
                "description": f"{group.theme.activities}に参加してくださる方を募集します。初めての方も歓迎です。",
                "status": status,
                "created_by_id": group.manager_id,
                "created_at": created,
                "updated_at": created + dt.timedelta(days=rng.randint(0, 30)),
            }
        )
        for volunteer in rng.sample(active, min(len(active), rng.randint(0, 3))):
            app_id = next(application_ids)
            final = _application_status(rng, status)
            applied = created + dt.timedelta(days=rng.randint(1, 20))
            decided = applied + dt.timedelta(days=rng.randint(1, 10)) if final != A.APPLIED else None
            applications.append(
                {
                    "id": app_id,
                    "need_id": pk,
                    "volunteer_id": volunteer,
                    "status": final,
                    "created_at": applied,
                    "message": "活動日に参加できます。よろしくお願いします。",
                    "decided_at": decided,
                    "accepted_at": decided if final == A.ACCEPTED else None,
                }
            )
            logs.append({"application_id": app_id, "from_status": "", "to_status": A.APPLIED, "changed_at": applied})
            if final != A.APPLIED:
                by = group.manager_id if final != A.WITHDRAWN else None
                logs.append(
                    {
                        "application_id": app_id,
                        "from_status": A.APPLIED,
                        "to_status": final,
                        "changed_by_id": by,
                        "changed_at": decided,
                    }
                )
    copy_rows(VolunteerNeed, rows)
    copy_rows(VolunteerApplication, applications)
    copy_rows(VolunteerApplicationStatusChange, logs)


def _application_status(rng: random.Random, need_status: str) -> str:
    if need_status == NeedStatus.OPEN:
        return rng.choices([A.APPLIED, A.ACCEPTED, A.WITHDRAWN], weights=[70, 20, 10])[0]
    return rng.choices([A.ACCEPTED, A.DECLINED, A.WITHDRAWN], weights=[60, 30, 10])[0]


def _profiles(rng, register: Register, people: People, now) -> list[tuple[int, bool]]:
    """One profile per volunteer account; about 5% withdrawn (no personal data left), 20% in the talent bank."""
    ids = reserve_ids(VolunteerProfile, len(people.volunteers))
    rows, interests, areas, out = [], [], [], []
    field_ids, area_ids = list(register.fields.values()), list(register.areas.values())
    for pk, user in zip(ids, people.volunteers, strict=True):
        withdrawn = rng.random() < 0.05
        consent = now - dt.timedelta(days=rng.randint(1, 1500))
        listed = not withdrawn and rng.random() < 0.2
        rows.append(
            {
                "id": pk,
                "user_id": user,
                "display_name": "" if withdrawn else rng.choice(NICKNAMES),
                "skills": [] if withdrawn else rng.sample(SKILLS, rng.randint(1, 4)),
                "availability": [] if withdrawn else sorted(rng.sample(AVAILABILITY_CODES, rng.randint(1, 6))),
                "qualifications": rng.choice(["", "", "調理師免許", "保育士", "普通自動車免許", "介護福祉士"]),
                "talent_bank_listed": listed,
                "talent_topics": rng.choice(["スマートフォンの初歩", "親子料理教室", "写真の撮り方", "英会話"])
                if listed
                else "",
                "matching_opt_in": not withdrawn and rng.random() < 0.85,
                "consent_given_at": consent,
                "withdrawn_at": min(now, consent + dt.timedelta(days=30)) if withdrawn else None,
                "created_at": consent,
                "updated_at": consent + dt.timedelta(days=rng.randint(0, 60)),
            }
        )
        if not withdrawn:
            interests += [(pk, f) for f in rng.sample(field_ids, rng.randint(1, 3))]
            areas += [(pk, a) for a in rng.sample(area_ids, rng.randint(1, 2))]
        out.append((pk, withdrawn))
    copy_rows(VolunteerProfile, rows)
    copy_links(VolunteerProfile.fields_of_interest.through, interests, "volunteerprofile_id", "activityfield_id")
    copy_links(VolunteerProfile.areas.through, areas, "volunteerprofile_id", "area_id")
    return out
