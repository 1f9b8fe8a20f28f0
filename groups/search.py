"""Search text that treats full- and half-width, hiragana and katakana, and upper and lower case alike."""

import unicodedata

from django.contrib.postgres.fields import ArrayField
from django.db.models import Func, TextField

# Katakana ァ..ヶ and the hiragana ぁ..ゖ at the same offsets (U+30A1..U+30F6 -> U+3041..U+3096).
KATAKANA = "".join(chr(c) for c in range(0x30A1, 0x30F7))
HIRAGANA = "".join(chr(c - 0x60) for c in range(0x30A1, 0x30F7))
_KATA_TO_HIRA = str.maketrans(KATAKANA, HIRAGANA)


def normalize_text(text: str) -> str:
    """NFKC, katakana folded to hiragana, lower case: the same folding the database applies to search_text."""
    return unicodedata.normalize("NFKC", text or "").translate(_KATA_TO_HIRA).lower().strip()


class Normalized(Func):
    """SQL twin of normalize_text(); every function in it is IMMUTABLE, so it can back a generated column."""

    template = f"lower(translate(normalize(%(expressions)s, NFKC), '{KATAKANA}', '{HIRAGANA}'))"
    output_field = TextField()


# Terms up to this long are looked up in the grams index; longer ones in the trigram index (pg_trgm, ≥ 3).
GRAM_TERM_MAX = 2


class SearchGrams(Func):
    """Every character and every pair of adjacent characters of a text, as an array (SQL groups_search_grams).

    The function is created by migration 0005; its GIN index answers `SearchGrams(search_text) @> [term]`,
    which holds exactly when the term of one or two characters occurs in the text.
    """

    function = "groups_search_grams"
    output_field = ArrayField(TextField())
