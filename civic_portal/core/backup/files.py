"""The two file stores a backup holds, reached through Django's storage API (local folders today, S3 tomorrow)."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator

from django.conf import settings
from django.core.files.storage import Storage, storages

from civic_portal.core.storage import PrivateStorage

CHUNK = 1024 * 1024


def areas() -> dict[str, Storage]:
    """'media': public uploads (the default storage); 'private': attachments and evidence."""
    private = storages["private"] if "private" in settings.STORAGES else PrivateStorage()
    return {"media": storages["default"], "private": private}


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, folders first-to-last in name order; nothing when the root is missing."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        if folder:
            raise
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from walk(storage, posixpath.join(folder, name))


def digest(storage: Storage, name: str) -> tuple[str, int]:
    """sha256 and size of one stored file, read in chunks."""
    sha, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size
