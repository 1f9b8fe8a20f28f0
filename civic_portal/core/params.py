"""Numbers read from the query string, parsed in one place: bounded, and refused (400, in Japanese) when they make
no sense, instead of reaching `int()`, `datetime` or the database as a 500.

    year = fiscal_year_param(request, "year", default=current_fiscal_year())
    space_id = id_param(request, "space")
    edition = int_param(request, "edition", default=None, min_value=1, max_value=SMALLINT_MAX)

An absent or empty parameter gives the default. Digits may be typed full-width (２０２５ is 2025), as Japanese input
methods do; anything else (signs, spaces inside, ², 10²⁰) is refused with `BadParameter`, which Django answers with
the 400 page (templates/errors/400.html) and logs as a warning, not as an error mailed to the admins.
"""

from __future__ import annotations

from typing import overload

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils.translation import gettext as _

# Fiscal and calendar years the portal can mean: the Japanese calendar helpers know eras from Meiji (1868) on, and
# datetime arithmetic stays far from year 1 and year 9999.
YEAR_MIN, YEAR_MAX = 1900, 2200
# PostgreSQL's bigint (BigAutoField primary keys) and smallint (PositiveSmallIntegerField).
BIGINT_MAX = 2**63 - 1
SMALLINT_MAX = 2**15 - 1

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MAX_DIGITS = len(str(BIGINT_MAX))


class BadParameter(BadRequest):
    """A query parameter that is not a number in range; Django answers 400."""


def parse_int(raw: str, *, min_value: int, max_value: int) -> int | None:
    """The number written in `raw` (ASCII or full-width digits, surrounding spaces ignored) when it lies within
    [min_value, max_value]; None for anything else."""
    text = raw.strip().translate(_FULL_WIDTH_DIGITS)
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if min_value <= value <= max_value else None


@overload
def int_param(request: HttpRequest, name: str, *, default: int, min_value: int, max_value: int) -> int: ...
@overload
def int_param(request: HttpRequest, name: str, *, default: None, min_value: int, max_value: int) -> int | None: ...
def int_param(request: HttpRequest, name: str, *, default: int | None, min_value: int, max_value: int) -> int | None:
    """GET parameter `name` as a number within [min_value, max_value]; `default` when absent or empty."""
    raw = request.GET.get(name, "")
    if not raw.strip():
        return default
    value = parse_int(raw, min_value=min_value, max_value=max_value)
    if value is None:
        raise BadParameter(
            _("「%(name)s」には%(min)s〜%(max)sの数字を指定してください。")
            % {"name": name, "min": f"{min_value:,}", "max": f"{max_value:,}"}
        )
    return value


def id_param(request: HttpRequest, name: str, *, default: int | None = None) -> int | None:
    """GET parameter `name` as a database id (1 .. bigint)."""
    return int_param(request, name, default=default, min_value=1, max_value=BIGINT_MAX)


def fiscal_year_param(request: HttpRequest, name: str = "year", *, default: int) -> int:
    """GET parameter `name` as a (fiscal) year between YEAR_MIN and YEAR_MAX."""
    return int_param(request, name, default=default, min_value=YEAR_MIN, max_value=YEAR_MAX)
