"""City-sized tables written by PostgreSQL itself (INSERT … SELECT generate_series) for the plan tests.

Each fill commits its rows and then VACUUMs and ANALYZEs the tables, as autovacuum would have on a live database
(the visibility map lets counts read an index alone), so it needs a transactional test (django_db(transaction=True)).
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from civic_portal.core.models import Area
from groups.models import ActivityField

# Readings and names that spread the 五十音 order, and themes whose words a search looks for, in different shares.
KANA = [
    "あおば", "いずみ", "うみべ", "えがお", "おおぞら", "かもめ", "きずな", "くすのき", "けやき", "こもれび",
    "さくら", "しおさい", "すみれ", "せせらぎ", "そよかぜ", "たんぽぽ", "ちどり", "つばさ", "てまり", "ともしび",
    "なのはな", "にじいろ", "ぬくもり", "ねむのき", "のぞみ", "はばたき", "ひまわり", "ふれあい", "へいわ", "ほたる",
    "まつかぜ", "みどり", "むすび", "めだか", "もみじ", "やまびこ", "ゆうひ", "よつば", "らいむ", "わかば",
]  # fmt: skip
THEMES = [
    ("子ども食堂", "こどもしょくどう", "子どもの居場所"),
    ("読み聞かせの会", "よみきかせのかい", "絵本で子育て支援"),
    ("環境保全クラブ", "かんきょうほぜんくらぶ", "里山の自然を守る"),
    ("傾聴ボランティア", "けいちょうぼらんてぃあ", "高齢者の話を聴く"),
    ("国際交流協会", "こくさいこうりゅうきょうかい", "多文化共生"),
    ("防災ネット", "ぼうさいねっと", "災害に強いまち"),
    ("手話サークル", "しゅわさーくる", "手話を学ぶ"),
    ("自治会", "じちかい", "住みよい地域"),
    ("スポーツ少年団", "すぽーつしょうねんだん", "子どもの健康"),
    ("将棋同好会", "しょうぎどうこうかい", "将棋で交流"),
]
LEGAL_FORMS = ["voluntary"] * 12 + ["npo"] * 5 + ["neighbourhood"] * 2 + ["general_association", "certified_npo"]


def fill_groups(total: int) -> dict[str, int]:
    """`total` groups (92% registered, 5% renewal due, the rest in other states), one or two fields and an area each.

    Returns the ids of a field and an area that about one group in twenty has, for filtered pages.
    """
    fields = list(ActivityField.objects.filter(is_current=True).order_by("code").values_list("pk", flat=True))
    areas = [Area.objects.create(name=f"第{n}地区", name_kana=f"だい{n}ちく").pk for n in range(20)]
    with transaction.atomic(), connection.cursor() as cursor, _bulk(cursor, "groups_group"):
        cursor.execute(
            """
            INSERT INTO groups_group (
                name, name_kana, legal_form, corporate_number, is_intermediate_support, fees, activity_days,
                activity_schedule, activity_places, purpose, activities, beneficiaries, logo, website, social_links,
                recruiting_members, recruiting_volunteers, recruiting_partners, recruiting_details,
                representative_name, representative_phone, representative_email, representative_address,
                contact_name, contact_phone, contact_email, contact_address,
                publish_representative_name, publish_representative_phone, publish_representative_email,
                publish_representative_address, publish_contact_name, publish_contact_phone, publish_contact_email,
                publish_contact_address, declares_non_profit, declares_not_religious_or_political,
                declares_no_organised_crime, declares_minimum_members,
                status, registration_number, registered_on, created_at, updated_at)
            SELECT k.kana || t.name, k.kana || t.kana || n, (%(forms)s::text[])[1 + h.h1 %% %(n_forms)s], '',
                   n %% 50 = 0, '', ARRAY[h.h2 %% 7]::smallint[], '', '', t.purpose, '', '', '', '',
                   '{}', h.h3 %% 3 = 0, h.h4 %% 5 = 0, h.h5 %% 11 = 0, '', '代表', '', '', '', '連絡', '',
                   'g' || n || '@example.jp', '', false, false, false, false, false, false, true, false,
                   true, true, true, true,
                   s.status, CASE WHEN s.status IN ('registered', 'renewal_due', 'lapsed') THEN 'P' || n END,
                   CASE WHEN s.status IN ('registered', 'renewal_due', 'lapsed')
                        THEN date '2000-04-01' + h.h6 %% 9000 END,
                   now(), now()
            FROM generate_series(1, %(total)s) AS n
            -- Independent pseudo-random numbers per group, so that no attribute follows the 五十音 order.
            CROSS JOIN LATERAL (
                SELECT hashint4(n) & 2147483647 AS h0, hashint4(n + 1) & 2147483647 AS h1,
                       hashint4(n + 2) & 2147483647 AS h2, hashint4(n + 3) & 2147483647 AS h3,
                       hashint4(n + 4) & 2147483647 AS h4, hashint4(n + 5) & 2147483647 AS h5,
                       hashint4(n + 6) & 2147483647 AS h6
            ) AS h
            CROSS JOIN LATERAL (SELECT (%(kana)s::text[])[1 + h.h0 %% %(n_kana)s] AS kana) AS k
            CROSS JOIN LATERAL (
                SELECT (%(names)s::text[])[i] AS name, (%(readings)s::text[])[i] AS kana,
                       (%(purposes)s::text[])[i] AS purpose
                FROM (SELECT CASE WHEN n %% 1000 = 0 THEN 10 WHEN n %% 50 = 0 THEN 1 ELSE 2 + n %% 8 END AS i) AS c
            ) AS t
            CROSS JOIN LATERAL (
                SELECT CASE WHEN n %% 100 < 92 THEN 'registered' WHEN n %% 100 < 97 THEN 'renewal_due'
                            WHEN n %% 100 < 99 THEN 'draft' ELSE 'withdrawn' END AS status
            ) AS s
            """,
            {
                "total": total,
                "kana": KANA,
                "n_kana": len(KANA),
                "names": [t[0] for t in THEMES],
                "readings": [t[1] for t in THEMES],
                "purposes": [t[2] for t in THEMES],
                "forms": LEGAL_FORMS,
                "n_forms": len(LEGAL_FORMS),
            },
        )
        cursor.execute(
            """
            INSERT INTO groups_group_activity_fields (group_id, activityfield_id)
            SELECT id, (%(fields)s::bigint[])[1 + (hashint4(id::int + 7) & 2147483647) %% %(n)s] FROM groups_group
            UNION  -- a second field for one group in three (the same one twice is one)
            SELECT id, (%(fields)s::bigint[])[1 + (hashint4(id::int + 8) & 2147483647) %% %(n)s] FROM groups_group
            WHERE id %% 3 = 0
            """,
            {"fields": fields, "n": len(fields)},
        )
        cursor.execute(
            """
            INSERT INTO groups_group_areas (group_id, area_id)
            SELECT id, (%(areas)s::bigint[])[1 + (hashint4(id::int + 9) & 2147483647) %% %(n)s] FROM groups_group
            """,
            {"areas": areas, "n": len(areas)},
        )
    _vacuum("groups_group", "groups_group_activity_fields", "groups_group_areas")
    return {"field": fields[3], "area": areas[5]}


def fill_bookings(space_ids: list[int], user_id: int, total: int, years: int = 3) -> None:
    """`total` confirmed bookings with their occupancies, spread evenly over the spaces and `years` from 2020."""
    gap = dt.timedelta(days=365 * years).total_seconds() // (total // len(space_ids))  # seconds between bookings
    tables = ("facilities_booking", "facilities_occupancy")
    with transaction.atomic(), connection.cursor() as cursor, _bulk(cursor, *tables):
        cursor.execute(
            """
            INSERT INTO facilities_booking (space_id, user_id, starts_at, ends_at, purpose, expected_attendees,
                status, room_fee, equipment_fee, list_price, exemption_percent, exemption_state, final_price,
                price_lines, exemption_evidence, created_at, updated_at)
            SELECT (%(spaces)s::int[])[1 + i %% %(n)s], %(user)s,
                   '2020-01-01 09:00+09'::timestamptz + (i / %(n)s) * %(gap)s * interval '1 second',
                   '2020-01-01 11:00+09'::timestamptz + (i / %(n)s) * %(gap)s * interval '1 second',
                   '会議', 1, 'confirmed', 0, 0, 0, 0, 'none', 0, '[]', '', now(), now()
            FROM generate_series(0, %(total)s - 1) AS i
            """,
            {"spaces": space_ids, "n": len(space_ids), "user": user_id, "total": total, "gap": gap},
        )
        cursor.execute(
            """
            INSERT INTO facilities_occupancy (booking_id, space_id, during, is_active)
            SELECT id, space_id, tstzrange(starts_at, ends_at, '[)'), true FROM facilities_booking
            """
        )
    _vacuum(*tables)


@contextmanager
def _bulk(cursor, *tables: str) -> Iterator[None]:
    """Rows go in with triggers (the audit trail, foreign-key checks) asleep, valid by construction, and the tables'
    indexes are built afterwards by CREATE INDEX from the definitions the migrations made: a bulk load in seconds.

    Indexes that back a constraint (keys, unique and exclusion constraints) stay and check every row.
    """
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    cursor.execute(
        """
        SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = i.indexrelid)
        """,
        [list(tables)],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    cursor.execute("SET LOCAL session_replication_role = origin")
    for _name, definition in indexes:
        cursor.execute(definition)


def _vacuum(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
