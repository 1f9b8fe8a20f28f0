"""Validators for Japanese identifiers used in the group register."""

import re

from django.core.exceptions import ValidationError
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
