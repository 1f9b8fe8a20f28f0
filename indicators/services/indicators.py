"""Indicator writes: targets (with revision history), observations, closing a fiscal year."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from .. import computed
from ..models import Indicator, Observation, Plan, TargetRevision

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


@transaction.atomic
def indicator_set_target(
    *, indicator: Indicator, value: Decimal | None, year: int | None, reason: str = "", user: User | None = None
) -> TargetRevision | None:
    """Change an indicator's target and record a TargetRevision; no row when nothing changed; ValidationError
    when the target year is before the baseline year."""
    if indicator.baseline_year and year and year < indicator.baseline_year:
        raise ValidationError({"target_year": _("目標年度が現状値の年度より前です。")})
    if indicator.target_value == value and indicator.target_year == year:
        return None
    revision = TargetRevision.objects.create(
        indicator=indicator,
        old_value=indicator.target_value,
        old_year=indicator.target_year,
        new_value=value,
        new_year=year,
        reason=reason,
        changed_by=user if user is not None and user.is_authenticated else None,
    )
    indicator.target_value, indicator.target_year = value, year
    indicator.save(update_fields=["target_value", "target_year"])
    return revision


@transaction.atomic
def observation_check_replacement(existing: Observation | None, *, is_final: bool) -> None:
    """A final value may be corrected by another final value, never replaced by a provisional one."""
    if existing and existing.is_final and not is_final:
        raise ValidationError(_("確定値を速報値で上書きすることはできません。"))


def observation_record(
    *,
    indicator: Indicator,
    fiscal_year: int,
    value: Decimal,
    is_final: bool = False,
    source_note: str = "",
    sample_size: int | None = None,
    margin_of_error: Decimal | None = None,
) -> Observation:
    """Record (or correct) an indicator's value for a fiscal year; ValidationError when a final value would be
    overwritten by a provisional one."""
    existing = Observation.objects.select_for_update().filter(indicator=indicator, fiscal_year=fiscal_year).first()
    observation_check_replacement(existing, is_final=is_final)
    observation = existing or Observation(indicator=indicator, fiscal_year=fiscal_year)
    observation.value = value
    observation.is_final = is_final
    observation.source_note = source_note
    observation.sample_size = sample_size
    observation.margin_of_error = margin_of_error
    observation.full_clean(exclude=["indicator"], validate_unique=False)
    observation.save()
    return observation


@transaction.atomic
def fiscal_year_close(*, fiscal_year: int, plan: Plan | None = None, keep_final: bool = False) -> list[Observation]:
    """Freeze the computed indicators of a fiscal year into final observations; indicators with no data
    (their app not yet available) are skipped, and with keep_final those that already hold a final value."""
    indicators = Indicator.objects.exclude(computed_key="")
    if keep_final:
        final = Observation.objects.filter(indicator=OuterRef("pk"), fiscal_year=fiscal_year, is_final=True)
        indicators = indicators.exclude(Exists(final))
    if plan is not None:
        indicators = indicators.filter(plan=plan)
    frozen, cache = [], {}
    for indicator in indicators.order_by("pk"):
        key = indicator.computed_key
        if key not in cache:
            cache[key] = computed.compute(key, fiscal_year)
        value = cache[key]
        if value is None:
            continue
        frozen.append(
            observation_record(
                indicator=indicator,
                fiscal_year=fiscal_year,
                value=value,
                is_final=True,
                source_note=_("年度締めで自動集計（%(key)s）") % {"key": key},
            )
        )
    return frozen
