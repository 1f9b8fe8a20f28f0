from fractions import Fraction

import pytest

from grants import budget


def test_totals_add_grant_to_income_and_separate_eligible_costs():
    lines = [
        {"kind": "expense", "amount": 120_000, "eligible": True},
        {"kind": "expense", "amount": 30_000, "eligible": False},
        {"kind": "income", "amount": 50_000, "eligible": False},
    ]
    totals = budget.totals(grant=100_000, lines=lines)
    assert (totals.income, totals.expenses, totals.eligible_expenses) == (150_000, 150_000, 120_000)
    assert totals.balanced


@pytest.mark.parametrize(
    ("eligible", "expected"),
    [(300_000, 200_000), (100, 66), (1, 0), (450_000, 300_000), (0, 0)],
)
def test_max_requestable_is_lesser_of_cap_and_two_thirds_rounded_down(eligible, expected):
    assert budget.max_requestable(max_per_award=300_000, rate=Fraction(2, 3), eligible_costs=eligible) == expected


def test_two_thirds_is_exact_not_floating_point():
    # 0.6666... * 3 would round badly; the Fraction gives exactly 2.
    assert budget.rate_of(3, Fraction(2, 3)) == 2
    assert budget.rate_of(999_999, Fraction(2, 3)) == 666_666


@pytest.mark.parametrize(
    ("awarded", "actual", "advance", "final", "refund"),
    [
        (200_000, 360_000, 0, 200_000, 0),  # spent more than planned: award caps
        (200_000, 240_000, 200_000, 160_000, 40_000),  # spent less: 2/3 of actual, advance above it refunded
        (200_000, 240_000, 100_000, 160_000, 0),  # advance below the final amount: nothing to refund
        (200_000, 0, 50_000, 0, 50_000),
    ],
)
def test_final_amount_and_refund(awarded, actual, advance, final, refund):
    assert budget.final_amount(
        awarded=awarded, rate=Fraction(2, 3), actual_eligible_costs=actual, advance_paid=advance
    ) == (final, refund)
