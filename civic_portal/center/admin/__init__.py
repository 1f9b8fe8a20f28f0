"""The center's back office in Japanese, one module per part of the programme."""

from . import (
    events,  # noqa: F401 - registers the event and participant admins
    news,  # noqa: F401 - registers the news and newsletter admins
)
