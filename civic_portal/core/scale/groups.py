"""The group register: districts, groups in every status with their fields, districts, managers and history."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from civic_portal.core.fiscal import current_fiscal_year
from groups.models import (
    NUMBERED_STATUSES,
    PUBLIC_STATUSES,
    ActivityField,
    Group,
    GroupStatus,
    GroupStatusChange,
    LegalForm,
    Membership,
    MembershipRole,
    RenewalRound,
)
from groups.rules import INCORPORATED_FORMS
from groups.validators import corporate_number_check_digit

from . import names
from .accounts import People
from .bulk import copy_links, copy_rows, reserve_ids
from .guard import EMAIL_DOMAIN

S = GroupStatus
Area = Group._meta.get_field("areas").related_model  # the districts' model, wherever it lives
# Shares of the groups outside the register (added to the registered count).
OTHER_STATUSES = [
    (S.DRAFT, 25),
    (S.SUBMITTED, 20),
    (S.RETURNED, 10),
    (S.RESUBMITTED, 8),
    (S.LAPSED, 22),
    (S.WITHDRAWN, 15),
    (S.SUSPENDED, 2),
]
OTHER_SHARE = 0.15
LEGAL_FORMS = [
    (LegalForm.VOLUNTARY, 55),
    (LegalForm.NPO, 20),
    (LegalForm.CERTIFIED_NPO, 3),
    (LegalForm.GENERAL_ASSOCIATION, 7),
    (LegalForm.GENERAL_FOUNDATION, 2),
    (LegalForm.NEIGHBOURHOOD, 10),
    (LegalForm.OTHER, 3),
]
# The workflow steps that lead to each status (the first row of a new group has from_status "").
PATHS = {
    S.DRAFT: [S.DRAFT],
    S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
    S.RETURNED: [S.DRAFT, S.SUBMITTED, S.RETURNED],
    S.RESUBMITTED: [S.DRAFT, S.SUBMITTED, S.RETURNED, S.RESUBMITTED],
    S.REGISTERED: [S.DRAFT, S.SUBMITTED, S.REGISTERED],
    S.RENEWAL_DUE: [S.DRAFT, S.SUBMITTED, S.REGISTERED, S.RENEWAL_DUE],
    S.LAPSED: [S.DRAFT, S.SUBMITTED, S.REGISTERED, S.RENEWAL_DUE, S.LAPSED],
    S.WITHDRAWN: [S.DRAFT, S.SUBMITTED, S.WITHDRAWN],
    S.RENEWAL_SUBMITTED: [S.DRAFT, S.SUBMITTED, S.REGISTERED, S.RENEWAL_DUE, S.RENEWAL_SUBMITTED],
    S.SUSPENDED: [S.DRAFT, S.SUBMITTED, S.REGISTERED, S.SUSPENDED],
}
SCHEDULES = [
    "毎月第1土曜日 10:00〜12:00",
    "毎週水曜日 19:00〜21:00",
    "毎月第2・第4日曜日 9:00〜12:00",
    "毎週火曜日・金曜日 13:30〜15:30",
    "月1回（日程は会報でお知らせ）",
    "毎月第3木曜日 18:30〜20:30",
]
FEES = ["", "", "年会費 1,000円", "年会費 2,000円", "月会費 500円", "年会費 3,000円（学生 1,000円）", "入会金 500円"]


@dataclass
class GroupRow:
    id: int
    status: str
    manager_id: int
    theme: names.Theme
    area_id: int
    name: str
    registered_on: dt.date | None
    recruiting_volunteers: bool

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


@dataclass
class Register:
    groups: list[GroupRow]
    areas: dict[str, int]  # name -> id
    fields: dict[int, int]  # NPO Act code -> ActivityField id

    @property
    def public(self) -> list[GroupRow]:
        return [g for g in self.groups if g.is_public]


def _registered_status(rng) -> str:
    """On the register: most registered, some due to renew, a few with their renewal awaiting staff."""
    draw = rng.random()
    return S.RENEWAL_SUBMITTED if draw < 0.02 else S.RENEWAL_DUE if draw < 0.08 else S.REGISTERED


def _weighted(rng: random.Random, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def _areas() -> dict[str, int]:
    existing = dict(Area._default_manager.values_list("name", "id"))  # related_model is typed as a bare Model
    missing = [(order, name, kana) for order, (name, kana) in enumerate(names.AREAS) if name not in existing]
    ids = reserve_ids(Area, len(missing))
    copy_rows(
        Area,
        [
            {"id": pk, "name": name, "name_kana": kana, "sort_order": order, "is_active": True}
            for pk, (order, name, kana) in zip(ids, missing, strict=True)
        ],
    )
    return {**existing, **{name: pk for pk, (_o, name, _k) in zip(ids, missing, strict=True)}}


def _corporate_number(n: int) -> str:
    base = f"{70_0000_0000 + n:012d}"  # invented: 12 digits unique per group, with a correct check digit
    return f"{corporate_number_check_digit(base)}{base}"


def generate(*, rng: random.Random, registered: int, people: People, today: dt.date, now: dt.datetime) -> Register:
    """`registered` groups on the register and OTHER_SHARE more in the other statuses, with a manager each."""
    areas = _areas()
    fields = dict(ActivityField.objects.filter(version="2012").values_list("code", "id"))
    others = round(registered * OTHER_SHARE)
    statuses = [_registered_status(rng) for _ in range(registered)]
    statuses += [_weighted(rng, OTHER_STATUSES) for _ in range(others)]
    if others and S.SUSPENDED not in statuses:
        statuses[-1] = S.SUSPENDED  # rare, but there at any size
    rng.shuffle(statuses)
    # The benchmark's manager runs a registered group (the first one).
    first_public = next(i for i, s in enumerate(statuses) if s in PUBLIC_STATUSES)
    statuses[0], statuses[first_public] = statuses[first_public], statuses[0]
    ids = reserve_ids(Group, len(statuses))
    area_names = list(areas)
    rows, groups, history, memberships, field_links, area_links = [], [], [], [], [], []
    for n, (pk, status) in enumerate(zip(ids, statuses, strict=True), start=1):
        theme = rng.choice(names.THEMES)
        legal_form = _weighted(rng, LEGAL_FORMS)
        name, kana = names.group_name(rng, theme, legal_form)
        area = rng.choice(area_names)
        manager = people.managers[n - 1]
        numbered = status in NUMBERED_STATUSES
        registered_on = today - dt.timedelta(days=rng.randint(60, 20 * 365)) if numbered else None
        created = dt.datetime.combine(
            registered_on or today - dt.timedelta(days=rng.randint(1, 400)), dt.time(10), tzinfo=now.tzinfo
        ) - dt.timedelta(days=rng.randint(10, 40))
        rep, _rk = names.person(rng)
        contact = people.names[manager] if rng.random() < 0.7 else names.person(rng)[0]
        town = f"山口県下関市{area}町{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        recruiting_volunteers = rng.random() < 0.35
        declared = status != S.DRAFT or rng.random() < 0.5
        rows.append(
            {
                "id": pk,
                "name": name,
                "name_kana": kana,
                "legal_form": legal_form,
                "corporate_number": _corporate_number(n) if legal_form in INCORPORATED_FORMS else "",
                "is_intermediate_support": theme.fields == (19,) or rng.random() < 0.01,
                "founded_year": min((registered_on or today).year, rng.randint(1970, today.year)),
                "member_count": rng.randint(5, 60) if rng.random() < 0.8 else rng.randint(61, 400),
                "member_count_as_of": dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1),
                "fees": rng.choice(FEES),
                "activity_days": sorted(rng.sample(range(7), rng.randint(0, 3))),
                "activity_schedule": rng.choice(SCHEDULES),
                "activity_places": f"{area}地区公民館",
                "purpose": f"{area}地区を中心に、{theme.purpose}",
                "activities": f"{theme.activities}。{rng.choice(['会員は随時募集しています。', '見学歓迎です。', ''])}",
                "beneficiaries": theme.beneficiaries,
                "website": f"https://example.jp/groups/{n:05d}/" if rng.random() < 0.3 else "",
                "social_links": [f"https://sns.example.jp/group{n:05d}"] if rng.random() < 0.2 else [],
                "recruiting_members": rng.random() < 0.4,
                "recruiting_volunteers": recruiting_volunteers,
                "recruiting_partners": rng.random() < 0.15,
                "recruiting_details": "活動日に一緒に参加してくださる方を募集しています。"
                if recruiting_volunteers
                else "",
                "representative_name": rep,
                "representative_phone": f"083-{rng.randint(200, 299)}-{rng.randint(0, 9999):04d}",
                "representative_email": f"rep{n:05d}@{EMAIL_DOMAIN}",
                "representative_address": town,
                "contact_name": contact,
                "contact_phone": f"090-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}",
                "contact_email": f"group{n:05d}@{EMAIL_DOMAIN}",
                "contact_address": town,
                "publish_representative_name": rng.random() < 0.5,
                "publish_contact_name": rng.random() < 0.8,
                "publish_contact_phone": rng.random() < 0.3,
                "publish_contact_email": rng.random() < 0.6,
                **dict.fromkeys(Group.DECLARATION_FIELDS, declared),
                "status": status,
                "registration_number": f"SC-{n:05d}" if numbered else None,
                "registered_on": registered_on,
                "lapsed_on": today - dt.timedelta(days=rng.randint(1, 300)) if status == S.LAPSED else None,
                "last_confirmed_on": today - dt.timedelta(days=rng.randint(0, 700)) if numbered else None,
                "created_by_id": manager,
                "created_at": created,
                "updated_at": created + dt.timedelta(days=rng.randint(0, 9)),
            }
        )
        if status == S.LAPSED and registered_on is not None:  # always registered: LAPSED is a numbered status
            rows[-1]["lapsed_on"] = max(rows[-1]["lapsed_on"], registered_on + dt.timedelta(days=30))
        groups.append(GroupRow(pk, status, manager, theme, areas[area], name, registered_on, recruiting_volunteers))
        memberships.append({"group_id": pk, "user_id": manager, "role": MembershipRole.MANAGER, "created_at": created})
        codes = set(theme.fields) | ({rng.randint(1, 20)} if rng.random() < 0.3 else set())
        field_links += [(pk, fields[code]) for code in sorted(codes)]
        area_links.append((pk, areas[area]))
        if rng.random() < 0.15:
            area_links.append((pk, areas[rng.choice([a for a in area_names if a != area])]))
        history += _history(rng, pk, status, manager, people, created, registered_on)
    _second_managers(rng, groups, memberships)
    copy_rows(Group, rows)
    copy_rows(Membership, memberships)
    copy_rows(GroupStatusChange, history)
    copy_links(Group.activity_fields.through, field_links, "group_id", "activityfield_id")
    copy_links(Group.areas.through, area_links, "group_id", "area_id")
    _renewal_rounds(people, today, now, any(s == S.RENEWAL_DUE for s in statuses))
    return Register(groups=groups, areas=areas, fields=fields)


def _history(rng, pk, status, manager, people: People, created, registered_on) -> list[dict]:
    """The status log along PATHS[status]: the manager submits, staff register or return, dated in order."""
    steps = PATHS[status]
    at = created
    registered_at = dt.datetime.combine(registered_on, dt.time(11), tzinfo=created.tzinfo) if registered_on else None
    rows, previous = [], ""
    for step in steps:
        if step == S.REGISTERED and registered_at:
            at = max(at, registered_at)
        by = manager if step in (S.DRAFT, S.SUBMITTED, S.RESUBMITTED, S.WITHDRAWN) else rng.choice(people.staff)
        note = "書類の記載に不足があります。会則を添付してください。" if step == S.RETURNED else ""
        rows.append(
            {
                "group_id": pk,
                "from_status": previous,
                "to_status": step,
                "changed_by_id": by,
                "changed_at": at,
                "note": note,
            }
        )
        previous = step
        at += dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
    return rows


def _second_managers(rng, groups: list[GroupRow], memberships: list[dict]) -> None:
    """About one group in ten has a second manager: the manager of another group (someone active in two)."""
    for group in groups:
        if rng.random() < 0.1:
            other = rng.choice(groups).manager_id
            if other != group.manager_id:
                memberships.append({"group_id": group.id, "user_id": other, "role": MembershipRole.MANAGER})


def _renewal_rounds(people: People, today: dt.date, now: dt.datetime, open_now: bool) -> None:
    year = current_fiscal_year()
    rows = [
        {
            "fiscal_year": fy,
            "deadline": dt.date(fy, 6, 30),
            "opened_by_id": people.staff[0],
            "opened_at": dt.datetime(fy, 5, 1, 9, tzinfo=now.tzinfo),
            "closed_at": dt.datetime(fy, 7, 1, 9, tzinfo=now.tzinfo),
        }
        for fy in range(year - 3, year)
    ]
    if open_now:
        rows.append(
            {
                "fiscal_year": year,
                "deadline": max(dt.date(year, 6, 30), today + dt.timedelta(days=30)),
                "opened_by_id": people.staff[0],
                "opened_at": now - dt.timedelta(days=20),
                "closed_at": None,
            }
        )
    existing = set(RenewalRound.objects.values_list("fiscal_year", flat=True))
    copy_rows(RenewalRound, [r for r in rows if r["fiscal_year"] not in existing])
