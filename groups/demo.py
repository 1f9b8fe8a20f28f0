"""Demo districts and groups for local use (invented; registration numbers start with DEMO-), then volunteers."""

import datetime as dt

from civic_portal.core.models import Area

from . import demo_volunteers
from .models import ActivityField, Group, GroupStatus, Membership, MembershipRole

AREAS = ["本庁", "彦島", "長府", "王司", "清末", "小月", "王喜", "吉田", "勝山", "内日", "川中", "安岡", "吉見",
         "豊浦", "豊田", "菊川", "豊北"]  # fmt: skip
AREA_KANA = ["ほんちょう", "ひこしま", "ちょうふ", "おうじ", "きよすえ", "おづき", "おうぎ", "よしだ", "かつやま", "うつい",
             "かわなか", "やすおか", "よしみ", "とよら", "とよた", "きくがわ", "ほうほく"]  # fmt: skip

# name, kana, legal form, fields, areas, intermediate, recruiting volunteers, purpose
GROUPS = [
    ("海峡クリーンアップの会", "かいきょうくりーんあっぷのかい", "voluntary", [7, 3], ["彦島"], False, True,
     "関門海峡の海岸を清掃し、海ごみを減らす。"),
    ("NPO法人 子ども食堂ひだまり", "こどもしょくどうひだまり", "npo", [13, 1], ["本庁"], False, True,
     "地域の子どもに温かい食事と居場所を届ける。"),
    ("長府まちなみ保存会", "ちょうふまちなみほぞんかい", "voluntary", [3, 6], ["長府"], False, False,
     "城下町長府の町並みと歴史を次の世代に伝える。"),
    ("市民活動サポートネット", "しみんかつどうさぽーとねっと", "npo", [19], ["本庁"], True, False,
     "市民活動団体の運営相談、情報発信、団体同士のつながりづくりを支援する（中間支援組織）。"),
    ("豊北ふるさと農園", "ほうほくふるさとのうえん", "voluntary", [5, 7], ["豊北"], False, True,
     "耕作放棄地を農園として再生し、都市住民との交流を図る。"),
    ("国際交流サロン関門", "こくさいこうりゅうさろんかんもん", "general_association", [11, 12], ["本庁", "川中"], False, False,
     "外国人住民の日本語学習と生活相談を支える。"),
    ("安岡見守り隊", "やすおかみまもりたい", "neighbourhood", [9, 1], ["安岡"], False, True,
     "登下校の見守りと高齢者宅への声かけを行う。"),
    ("菊川スポーツクラブ", "きくがわすぽーつくらぶ", "voluntary", [6, 13], ["菊川"], False, False,
     "誰もが楽しめる地域スポーツの場をつくる。"),
]  # fmt: skip
# Numbers with a valid check digit, invented for the demo.
CORPORATE_NUMBERS = {2: "4250005009999", 4: "1250005008888", 6: "4010401022860"}


def load(*, users):
    for order, (name, kana) in enumerate(zip(AREAS, AREA_KANA, strict=True)):
        Area.objects.update_or_create(name=name, defaults={"name_kana": kana, "sort_order": order})
    citizen = users["citizen@example.jp"]
    for index, (name, kana, form, fields, areas, support, volunteers, purpose) in enumerate(GROUPS, start=1):
        number = f"DEMO-{index:03d}"
        group, _ = Group.objects.update_or_create(
            registration_number=number,
            defaults={
                "name": name, "name_kana": kana, "legal_form": form,
                "corporate_number": CORPORATE_NUMBERS.get(index, ""),
                "is_intermediate_support": support, "purpose": purpose,
                "activities": f"{purpose}（デモデータ）", "member_count": 10 + index * 3,
                "member_count_as_of": dt.date(2026, 4, 1), "founded_year": 2000 + index,
                "recruiting_volunteers": volunteers, "recruiting_members": index % 2 == 0,
                "activity_days": [index % 7], "activity_places": "市民活動センター",
                "representative_name": f"代表 {index}", "contact_name": f"連絡 {index}",
                "contact_email": f"group{index}@example.jp", "publish_contact_name": True,
                "status": GroupStatus.REGISTERED, "registered_on": dt.date(2024, 4, 1) + dt.timedelta(days=30 * index),
                "last_confirmed_on": dt.date(2026, 4, 15),
                **dict.fromkeys(Group.DECLARATION_FIELDS, True),
            },
        )  # fmt: skip
        group.activity_fields.set(ActivityField.objects.filter(version="2012", code__in=fields))
        group.areas.set(Area.objects.filter(name__in=areas))
    first = Group.objects.get(registration_number="DEMO-001")
    Membership.objects.update_or_create(group=first, user=citizen, defaults={"role": MembershipRole.MANAGER})
    demo_volunteers.load(users=users)
