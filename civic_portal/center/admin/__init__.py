"""The center's back office in Japanese, one module per part of the programme."""

from . import (
    consultations,  # noqa: F401 - lec14: the consultation desk
    lectures,  # noqa: F401 - lec14: lecture topics and requests
    news,  # noqa: F401 - registers the news and newsletter admins
)
