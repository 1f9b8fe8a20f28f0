# The admin's lists (issue 13): the user search by trigram (icontains is UPPER(...) LIKE), and the audit
# trail's tables by time (the list of changes reads one period).

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models.functions import Upper


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="user",
            index=GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="accounts_user_email_trgm"),
        ),
        migrations.AddIndex(
            model_name="user",
            index=GinIndex(OpClass(Upper("full_name"), name="gin_trgm_ops"), name="accounts_user_name_trgm"),
        ),
        migrations.AddIndex(
            model_name="useremailfullnameisstaffissuperuserisactiveevent",
            index=models.Index(fields=["pgh_created_at"], name="accounts_user_event_at"),
        ),
        migrations.AddIndex(
            model_name="userroleevent", index=models.Index(fields=["pgh_created_at"], name="accounts_role_event_at")
        ),
        migrations.AddIndex(
            model_name="rolepermissionevent",
            index=models.Index(fields=["pgh_created_at"], name="accounts_permission_event_at"),
        ),
    ]
