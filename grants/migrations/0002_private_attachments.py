"""Attachments of a database restored from before private storage sit under MEDIA_ROOT with the uploader's name:
move them to the private storage under random names, keeping the original name. On a new database it does nothing.
"""

from django.core.files.storage import default_storage
from django.db import migrations


def move_to_private_storage(apps, schema_editor):
    Attachment = apps.get_model("grants", "Attachment")
    for attachment in Attachment.objects.exclude(file=""):
        _move(attachment)  # only files still found under MEDIA_ROOT move


def _move(attachment):
    old = attachment.file.name
    if not default_storage.exists(old):
        return
    with default_storage.open(old, "rb") as handle:
        attachment.original_name = old.rsplit("/", 1)[-1][:200]
        attachment.file.save(old.rsplit("/", 1)[-1], handle, save=False)
    attachment.save(update_fields=["file", "original_name"])
    default_storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [migrations.RunPython(move_to_private_storage, migrations.RunPython.noop)]
