"""Private file storage for exemption evidence: beside MEDIA_ROOT, never under MEDIA_URL; served by a checked view."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files in `<MEDIA_ROOT>/../private/`, with no public URL."""

    @cached_property
    def base_location(self):
        return str(Path(settings.MEDIA_ROOT).parent / "private")

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no public URL")


def evidence_path(instance, filename: str) -> str:
    """Random name, keeping only the extension the content check allowed."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"facilities/evidence/{uuid.uuid4().hex}{suffix}"
