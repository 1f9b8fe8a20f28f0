# The audit trail's tables by time (issue 13): the admin's list of changes reads one period.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0003_attachment_file_private_alias"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="roundevent", index=models.Index(fields=["pgh_created_at"], name="grants_round_event_at")
        ),
        migrations.AddIndex(
            model_name="applicationevent",
            index=models.Index(fields=["pgh_created_at"], name="grants_application_event_at"),
        ),
        migrations.AddIndex(
            model_name="scoresheetevent",
            index=models.Index(fields=["pgh_created_at"], name="grants_scoresheet_event_at"),
        ),
        migrations.AddIndex(
            model_name="scoreevent", index=models.Index(fields=["pgh_created_at"], name="grants_score_event_at")
        ),
    ]
