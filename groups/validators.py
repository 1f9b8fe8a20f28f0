"""Validators for Japanese identifiers used in the group register."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.core.validators import validate_kana  # noqa: F401 - the migrations of 2026-12-01 name it here


def corporate_number_check_digit(base12: str) -> int:
    """Check digit of a 法人番号: 9 - (sum of digits weighted 1,2,1,2,... from the right) mod 9."""
    digits = [int(c) for c in reversed(base12)]
    total = sum(d * (2 if i % 2 else 1) for i, d in enumerate(digits, start=0))
    return 9 - (total % 9)


def validate_corporate_number(value: str) -> None:
    """13 digits whose first digit is the check digit of the other twelve (国税庁 法人番号)."""
    if not re.fullmatch(r"\d{13}", value or ""):
        raise ValidationError(_("法人番号は13桁の半角数字で入力してください。"), code="format")
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("法人番号のチェックディジットが正しくありません。番号をご確認ください。"), code="check_digit"
        )


# Dash-like characters people type between digits (NFKC leaves these alone; －, ー half-width forms it folds).
_DASHES = re.compile(r"[\u002d\u2010-\u2015\u2212\u30fc\uff0d\uff70]")
_PHONE_SHAPE = re.compile(r"[0-9()\-]+")
EARLIEST_FOUNDED_YEAR = 1868  # 明治元年: older dates are a typing mistake, not a civic group


def normalize_corporate_number(value: str) -> str:
    """A 法人番号 as half-width digits: NFKC, then spaces and hyphens dropped (validation follows)."""
    folded = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"\s", "", _DASHES.sub("", folded))


def normalize_phone(value: str) -> str:
    """A phone number as typed, in half-width: digits, hyphens for the parentheses, spaces dropped."""
    folded = _DASHES.sub("-", re.sub(r"\s", "", unicodedata.normalize("NFKC", value or "")))
    if not _PHONE_SHAPE.fullmatch(folded):
        return folded  # the validator refuses it with its reason
    return re.sub(r"-{2,}", "-", re.sub(r"[()]", "-", folded)).strip("-")


def validate_phone(value: str) -> None:
    """A Japanese phone number: 10 or 11 digits starting with 0, with hyphens or parentheses between them."""
    digits = re.sub(r"\D", "", value or "")
    if not _PHONE_SHAPE.fullmatch(value or "") or not digits.startswith("0") or len(digits) not in (10, 11):
        raise ValidationError(
            _("電話番号は 0 から始まる10桁または11桁の数字で入力してください（例: 083-123-4567）。"), code="phone"
        )


def validate_founded_year(value: int | None) -> None:
    """A founding year between 1868 and this year (Japan's calendar)."""
    if value is None:
        return
    this_year = timezone.localdate().year
    if value > this_year:
        raise ValidationError(
            _("設立年に未来の年は入力できません（%(year)s年まで）。"), code="future", params={"year": this_year}
        )
    if value < EARLIEST_FOUNDED_YEAR:
        raise ValidationError(
            _("設立年は%(year)s年以降の西暦で入力してください。"),
            code="too_old",
            params={"year": EARLIEST_FOUNDED_YEAR},
        )
