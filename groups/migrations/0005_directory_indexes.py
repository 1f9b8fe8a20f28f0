# The directory's indexes (issue 13): its two orders over public groups, per recruiting flag, and a GIN index of
# the characters and character pairs of search_text for terms of one or two characters.

import django.contrib.postgres.indexes
from django.db import migrations, models

import groups.search

PUBLIC = models.Q(("status__in", ["registered", "renewal_due"]))

# The characters, then the pairs from even and from odd offsets: '(..)' ends every pair with U+001F, which no
# search term holds (Python's str.split() splits on it), and the text is split there. plpgsql, so the planner
# never inlines it and keeps its COST: a plan that would compute it row by row (microseconds a row) is priced
# as such, and the GIN index wins.
GRAMS_FUNCTION = r"""
CREATE FUNCTION groups_search_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 200 AS $$
BEGIN
    RETURN string_to_array(t, NULL)
        || string_to_array(regexp_replace(t, '(..)', E'\\1\x1f', 'g'), E'\x1f')
        || string_to_array(regexp_replace(substr(t, 2), '(..)', E'\\1\x1f', 'g'), E'\x1f');
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0004_renewal_reminder"),
    ]

    operations = [
        migrations.RunSQL(GRAMS_FUNCTION, "DROP FUNCTION groups_search_grams(text);"),
        migrations.RemoveIndex(model_name="group", name="groups_group_recruit_mem"),
        migrations.RemoveIndex(model_name="group", name="groups_group_recruit_vols"),
        migrations.RemoveIndex(model_name="group", name="groups_group_recruit_prt"),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(condition=PUBLIC, fields=["kana_sort", "id"], name="groups_group_dir_kana"),
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(condition=PUBLIC, fields=["-registered_on", "-id"], name="groups_group_dir_new"),
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(
                condition=PUBLIC & models.Q(("recruiting_members", True)),
                fields=["kana_sort", "id"],
                name="groups_group_dir_mem_kana",
            ),
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(
                condition=PUBLIC & models.Q(("recruiting_members", True)),
                fields=["-registered_on", "-id"],
                name="groups_group_dir_mem_new",
            ),
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(
                condition=PUBLIC & models.Q(("recruiting_volunteers", True)),
                fields=["kana_sort", "id"],
                name="groups_group_dir_vol_kana",
            ),
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(
                condition=PUBLIC & models.Q(("recruiting_volunteers", True)),
                fields=["-registered_on", "-id"],
                name="groups_group_dir_vol_new",
            ),
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(
                condition=PUBLIC & models.Q(("recruiting_partners", True)),
                fields=["kana_sort", "id"],
                name="groups_group_dir_prt_kana",
            ),
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(
                condition=PUBLIC & models.Q(("recruiting_partners", True)),
                fields=["-registered_on", "-id"],
                name="groups_group_dir_prt_new",
            ),
        ),
        migrations.AddIndex(
            model_name="group",
            index=django.contrib.postgres.indexes.GinIndex(
                groups.search.SearchGrams("search_text"), name="groups_group_search_grams"
            ),
        ),
    ]
