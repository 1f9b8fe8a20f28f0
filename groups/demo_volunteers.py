"""Demo volunteer profiles, needs and one match (invented); idempotent."""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from civic_portal.core.demo import DEMO_PASSWORD
from civic_portal.core.models import Area

from .models import ActivityField, Group, GroupStatus, Membership, MembershipRole
from .models.volunteers import VolunteerNeed, VolunteerProfile
from .services import volunteers as services

MANAGER_EMAIL = "volunteer-manager@example.jp"
NEEDS = [
    # title, field code, skills, slots, place, people, description
    ("公園の花壇づくり", 7, ["園芸", "草刈り"], ["sat-am"], "中央公園", 4, "季節の花を植え、花壇の手入れをします。"),
    (
        "子ども食堂の調理補助",
        13,
        ["料理", "調理師"],
        ["wed-ev", "sat-pm"],
        "市民活動センター 調理室",
        2,
        "月2回の子ども食堂で、調理と配膳をお手伝いいただきます。",
    ),
    (
        "シニア向けスマホ教室の講師",
        14,
        ["pc", "スマートフォン"],
        ["tue-pm"],
        "地区公民館",
        1,
        "高齢の方にスマートフォンの使い方を教える講座の講師を募集します。",
    ),
]


def _user(email: str, name: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load(*, users):
    area, _ = Area.objects.get_or_create(name="本庁", defaults={"name_kana": "ほんちょう"})  # the central district
    manager = _user(MANAGER_EMAIL, "ボランティア 担当")
    group, _ = Group.objects.get_or_create(
        registration_number="DEMO-V-001",
        defaults={
            "name": "みどりと食のまちづくりの会",
            "name_kana": "みどりとしょくのまちづくりのかい",
            "purpose": "花と食を通じて地域のつながりをつくる",
            "activities": "花壇づくり、子ども食堂、スマホ教室",
            "representative_name": "代表 太郎",
            "contact_name": "連絡 花子",
            "contact_email": "midori@example.jp",
            "status": GroupStatus.REGISTERED,
            "registered_on": dt.date(2024, 4, 1),
            "recruiting_volunteers": True,
        },
    )
    Membership.objects.get_or_create(group=group, user=manager, defaults={"role": MembershipRole.MANAGER})
    fields = {f.code: f for f in ActivityField.objects.filter(version="2012")}
    needs = []
    for title, code, skills, slots, place, people, description in NEEDS:
        need, _ = VolunteerNeed.objects.get_or_create(
            group=group,
            title=title,
            defaults={
                "activity_field": fields.get(code),
                "skills_wanted": skills,
                "slots": slots,
                "flexible": True,
                "review_date": timezone.localdate() + dt.timedelta(days=180),
                "place": place,
                "area": area,
                "people_needed": people,
                "description": description,
                "created_by": manager,
            },
        )
        needs.append(need)

    citizen = users.get("citizen@example.jp")
    if citizen and not VolunteerProfile.objects.filter(user=citizen).exists():
        services.volunteer_register(
            user=citizen,
            data={
                "display_name": "さくら",
                "skills": ["料理", "園芸"],
                "availability": ["sat-am", "sat-pm", "wed-ev"],
                "qualifications": "調理師免許",
                "talent_bank_listed": True,
                "talent_topics": "親子で作る簡単おやつ講座",
                "matching_opt_in": True,
            },
            fields_of_interest=[f for c, f in fields.items() if c in (7, 13)],
            areas=[area],
            consent=True,
        )
        services.application_submit(need=needs[1], user=citizen, message="水曜の夜なら参加できます。")
    teacher = _user("talent@example.jp", "人材 バンク")
    if not VolunteerProfile.objects.filter(user=teacher).exists():
        services.volunteer_register(
            user=teacher,
            data={
                "display_name": "スマホ先生",
                "skills": ["pc", "スマートフォン"],
                "availability": ["tue-pm", "thu-pm"],
                "talent_bank_listed": True,
                "talent_topics": "スマートフォン・パソコンの初歩",
                "matching_opt_in": True,
            },
            fields_of_interest=[f for c, f in fields.items() if c == 14],
            areas=[area],
            consent=True,
        )
        application = services.application_submit(need=needs[2], user=teacher, message="教えた経験があります。")
        services.application_accept(application=application, user=manager, note="よろしくお願いします。")
