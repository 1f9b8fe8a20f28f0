"""Validators for Japanese text shared by every app."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb\u3000 ・ー－\-0-9０-９A-Za-zＡ-Ｚａ-ｚ]+$")


def validate_kana(value: str) -> None:
    """Readings (ふりがな) may use hiragana or katakana (any width), long vowel marks, spaces and digits."""
    if value and not _KANA.match(unicodedata.normalize("NFKC", value)):
        raise ValidationError(_("ふりがなは、ひらがな又はカタカナで入力してください。"), code="kana")
