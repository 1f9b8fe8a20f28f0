# Facilities point at the district list in core (core/0003_area renamed the table; nothing changes in the database).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_area"),
        ("facilities", "0002_exemption_evidence_private_alias"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="facility",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="facilities",
                        to="core.area",
                        verbose_name="地区",
                    ),
                ),
                migrations.AlterField(
                    model_name="facilityevent",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="core.area",
                        verbose_name="地区",
                    ),
                ),
            ],
        ),
    ]
