"""The language the backup commands answer in: Japanese first, English when the terminal's locale asks for it."""

import os

from django.conf import settings


def terminal_language() -> str:
    """'en' when LANGUAGE, LC_ALL, LC_MESSAGES or LANG (the first one set, as gettext reads them) is English."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(":")[0][:2].lower()
            return code if code in {"ja", "en"} else settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE
