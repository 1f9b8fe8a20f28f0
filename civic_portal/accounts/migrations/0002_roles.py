"""The roles (Django groups) with exactly the permissions of civic_portal/accounts/roles.py (idempotent).

Later changes of the table reach the roles through every `migrate` (post_migrate) and `manage.py sync_roles`.
"""

from django.db import migrations


def sync(apps, schema_editor):
    from civic_portal.accounts.roles import sync_roles

    sync_roles(apps, strict=False)


def remove_roles(apps, schema_editor):
    from civic_portal.accounts.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0001_initial"),
        ("groups", "0002_activity_fields"),
        ("facilities", "0002_initial"),
        ("grants", "0002_initial"),
        ("indicators", "0002_report_edition_frozen"),
    ]

    operations = [migrations.RunPython(sync, remove_roles)]
