"""One private storage for every file that is not public: random names, outside MEDIA_ROOT, served by checked views.

It is the STORAGES alias "private", so it follows STORAGE_BACKEND with the public media: on the local disk, files
live under PRIVATE_ROOT (default `var/private`), which no web server serves; with S3 they live under the private/
prefix, with no ACL. A view that has checked the user answers with `private_file_response`, which streams the file
from either; on disk nginx can send the bytes itself (X-Accel-Redirect to an `internal` location) when
PRIVATE_ACCEL_REDIRECT is set.
"""

import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from .exports import content_disposition


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files in PRIVATE_ROOT, with no public URL (the local backend of STORAGES["private"])."""

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no public URL")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def private_storage():
    """The storage of private files (STORAGES["private"]); a model field's `storage`, so migrations name the alias."""
    return storages["private"]


@deconstructible
class RandomName:
    """upload_to for private files: `<folder>/<random hex><extension>`; the original name is kept in the database."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = Path(filename).suffix.lower()[:8]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def private_file_response(field_file, *, filename: str = "") -> HttpResponse | FileResponse:
    """A download of a private file (attachment, nosniff); Http404 when the file is missing."""
    if not field_file:
        raise Http404
    name = filename or Path(field_file.name).name
    accel = getattr(settings, "PRIVATE_ACCEL_REDIRECT", "")
    response: HttpResponse | FileResponse
    if accel:
        response = HttpResponse(content_type="application/octet-stream")
        response["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{quote(field_file.name)}"
        response["Content-Disposition"] = content_disposition(name)
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
