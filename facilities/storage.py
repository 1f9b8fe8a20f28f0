"""Where exemption evidence is kept: the project's private storage (civic_portal/core/storage.py), random names."""

import uuid
from pathlib import Path

from civic_portal.core.storage import PrivateStorage

__all__ = ["PrivateStorage", "evidence_path"]  # PrivateStorage stays importable here: old migrations name it


def evidence_path(instance, filename: str) -> str:
    """Random name, keeping only the extension the content check allowed."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"facilities/evidence/{uuid.uuid4().hex}{suffix}"
