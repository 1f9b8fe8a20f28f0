"""What the apps share in the database: PostgreSQL extensions, the shared cache table and the audit-trail list."""

import django.db.models.manager
from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The shared cache lives in the same PostgreSQL (DatabaseCache) unless REDIS_URL is set.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("pghistory", "0007_auto_20250421_0444")]

    operations = [
        # Trigram search (groups) and exclusion constraints (facilities).
        TrigramExtension(),
        BtreeGistExtension(),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.CreateModel(
            name="AuditEvent",
            fields=[],
            options={
                "verbose_name": "変更履歴",
                "verbose_name_plural": "変更履歴",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("pghistory.events",),
            managers=[("no_objects", django.db.models.manager.Manager())],
        ),
    ]
