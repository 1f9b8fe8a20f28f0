# The admin's lists (issue 13): each default order served by an index (the register in 五十音 order over every
# status, newest first elsewhere), and the audit trail's tables by time (the list of changes reads one period).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0005_directory_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="group", index=models.Index(fields=["kana_sort", "id"], name="groups_group_kana")
        ),
        migrations.AddIndex(
            model_name="managerinvitation", index=models.Index(fields=["-created_at"], name="groups_invitation_created")
        ),
        migrations.AddIndex(
            model_name="contactrelay", index=models.Index(fields=["-sent_at"], name="groups_relay_sent")
        ),
        migrations.AddIndex(
            model_name="volunteerprofile",
            index=models.Index(fields=["-consent_given_at", "id"], name="groups_volunteer_consent"),
        ),
        migrations.AddIndex(
            model_name="volunteerneed", index=models.Index(fields=["-created_at", "-id"], name="groups_need_newest")
        ),
        migrations.AddIndex(
            model_name="volunteerapplication",
            index=models.Index(fields=["-created_at", "-id"], name="groups_application_newest"),
        ),
        migrations.AddIndex(
            model_name="groupevent", index=models.Index(fields=["pgh_created_at"], name="groups_group_event_at")
        ),
        migrations.AddIndex(
            model_name="volunteerprofileevent",
            index=models.Index(fields=["pgh_created_at"], name="groups_volunteerprofi_event_at"),
        ),
    ]
