"""The center's back office in Japanese, one module per part of the programme."""

from . import (
    consultations,  # noqa: F401 - the consultation desk
    events,  # noqa: F401 - events and their participants
    lectures,  # noqa: F401 - lecture topics and requests
    news,  # noqa: F401 - news and the newsletter
)
