from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL extensions the apps rely on: trigram search (groups) and exclusion constraints (facilities)."""

    initial = True
    dependencies = []
    operations = [TrigramExtension(), BtreeGistExtension()]
