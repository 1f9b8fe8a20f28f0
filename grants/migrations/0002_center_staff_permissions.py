"""Center staff run grants from the admin: give their role every permission on the grants models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the role can receive them.
    app_config = apps.get_app_config("grants")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    role, _ = Group.objects.get_or_create(name="center_staff")
    role.permissions.add(*Permission.objects.filter(content_type__app_label="grants"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in Group.objects.filter(name="center_staff"):
        role.permissions.remove(*Permission.objects.filter(content_type__app_label="grants"))


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
