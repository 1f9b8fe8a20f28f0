# The admin's lists (issue 13): bookings and loans newest first, the exemptions awaiting review, the search of
# bookings by purpose (a trigram index on UPPER(purpose), which is what icontains compares), and the audit trail's
# tables by time (the list of changes reads one period).

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0003_area_in_core"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="booking",
            index=models.Index(fields=["starts_at", "id"], name="fac_booking_start"),
        ),
        migrations.AddIndex(
            model_name="booking",
            index=models.Index(fields=["exemption_state", "starts_at", "id"], name="fac_booking_exemption_start"),
        ),
        migrations.AddIndex(
            model_name="booking",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("purpose"), name="gin_trgm_ops"
                ),
                name="fac_booking_purpose_trgm",
            ),
        ),
        migrations.AddIndex(
            model_name="loan",
            index=models.Index(fields=["starts_at", "id"], name="fac_loan_start"),
        ),
        migrations.AddIndex(
            model_name="facilityevent",
            index=models.Index(fields=["pgh_created_at"], name="facilities_facility_event_at"),
        ),
        migrations.AddIndex(
            model_name="openinghoursevent",
            index=models.Index(fields=["pgh_created_at"], name="facilities_openinghou_event_at"),
        ),
        migrations.AddIndex(
            model_name="closureevent",
            index=models.Index(fields=["pgh_created_at"], name="facilities_closure_event_at"),
        ),
        migrations.AddIndex(
            model_name="feerateevent",
            index=models.Index(fields=["pgh_created_at"], name="facilities_feerate_event_at"),
        ),
        migrations.AddIndex(
            model_name="exemptionruleevent",
            index=models.Index(fields=["pgh_created_at"], name="facilities_exemptionr_event_at"),
        ),
        migrations.AddIndex(
            model_name="loanevent",
            index=models.Index(fields=["pgh_created_at"], name="facilities_loan_event_at"),
        ),
    ]
