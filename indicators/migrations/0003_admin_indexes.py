# The admin's list of plan nodes in its own columns' order (issue 13).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_report_edition_frozen"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="plannode",
            index=models.Index(fields=["plan", "level", "sort_order", "id"], name="indicators_node_admin"),
        ),
    ]
