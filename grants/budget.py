"""Budget arithmetic in whole yen: totals, the largest amount one may request, the final amount and any refund.

The subsidy rate is a Fraction, so 2/3 of a cost is exact; results are rounded down to the yen (端数切捨て).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Totals:
    grant: int
    other_income: int
    expenses: int
    eligible_expenses: int

    @property
    def income(self) -> int:
        return self.grant + self.other_income

    @property
    def balanced(self) -> bool:
        return self.income == self.expenses


def totals(*, grant: int, lines: Iterable) -> Totals:
    """Totals of budget lines (objects or dicts with kind, amount, eligible) plus the grant as income."""
    other_income = expenses = eligible = 0
    for line in lines:
        get = line.get if isinstance(line, dict) else lambda name, line=line: getattr(line, name)
        amount = int(get("amount") or 0)
        if get("kind") == "income":
            other_income += amount
        else:
            expenses += amount
            if get("eligible"):
                eligible += amount
    return Totals(grant=int(grant or 0), other_income=other_income, expenses=expenses, eligible_expenses=eligible)


def rate_of(eligible_costs: int, rate: Fraction) -> int:
    """rate x costs rounded down to the yen."""
    return math.floor(Fraction(int(eligible_costs)) * rate)


def max_requestable(*, max_per_award: int, rate: Fraction, eligible_costs: int) -> int:
    """The lesser of the round's maximum per award and rate x eligible costs."""
    return min(int(max_per_award), rate_of(eligible_costs, rate))


def final_amount(*, awarded: int, rate: Fraction, actual_eligible_costs: int, advance_paid: int = 0) -> tuple[int, int]:
    """額の確定: (final amount, refund due) = (min(award, rate x actual eligible costs), advance above it)."""
    final = min(int(awarded), rate_of(actual_eligible_costs, rate))
    return final, max(0, int(advance_paid) - final)
