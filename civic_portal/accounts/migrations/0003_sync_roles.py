"""Give every role the permissions of the table in civic_portal/accounts/roles.py (idempotent)."""

from django.db import migrations


def sync(apps, schema_editor):
    from civic_portal.accounts.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("groups", "0006_personal_data_permission"),
        ("facilities", "0002_barrier_free_indexes"),
        ("grants", "0002_center_staff_permissions"),
        ("indicators", "0003_status_change_base"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
