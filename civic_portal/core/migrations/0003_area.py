# The district list moves from groups to core (shared by groups, volunteers and facilities). The table is renamed,
# not copied, and the content type follows it, so rows, permissions, role grants and admin history stay.

from django.db import migrations, models

import civic_portal.core.validators


def move_content_type(apps, schema_editor, source="groups", target="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model="area").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="core", target="groups")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_outgoing_mail"),
        ("groups", "0002_activity_fields"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE groups_area RENAME TO core_area",
                    reverse_sql="ALTER TABLE core_area RENAME TO groups_area",
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="Area",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=50, unique=True, verbose_name="地区名")),
                        (
                            "name_kana",
                            models.CharField(
                                blank=True,
                                max_length=100,
                                validators=[civic_portal.core.validators.validate_kana],
                                verbose_name="ふりがな",
                            ),
                        ),
                        ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="表示順")),
                        ("is_active", models.BooleanField(default=True, verbose_name="使用中")),
                    ],
                    options={
                        "verbose_name": "活動地区",
                        "verbose_name_plural": "活動地区",
                        "ordering": ["sort_order", "name_kana"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
