# Groups, volunteers and needs point at the district list in core; the old model leaves the state only (its table
# was renamed by core/0003_area, and the many-to-many tables keep their area_id columns).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_area"),
        ("facilities", "0003_area_in_core"),
        ("groups", "0002_activity_fields"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="group",
                    name="areas",
                    field=models.ManyToManyField(
                        blank=True, related_name="groups", to="core.area", verbose_name="活動地区"
                    ),
                ),
                migrations.AlterField(
                    model_name="volunteerprofile",
                    name="areas",
                    field=models.ManyToManyField(
                        blank=True, related_name="volunteers", to="core.area", verbose_name="活動できる地区"
                    ),
                ),
                migrations.AlterField(
                    model_name="volunteerneed",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="volunteer_needs",
                        to="core.area",
                        verbose_name="地区",
                    ),
                ),
                migrations.DeleteModel(name="Area"),
            ],
        ),
    ]
