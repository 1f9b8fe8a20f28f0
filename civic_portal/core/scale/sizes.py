"""How much to generate: the defaults are the city of issue 13; --scale multiplies the counts that grow."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    groups: int = 10_000  # registered groups (public); about 15% more in the other statuses
    needs: int = 2_000  # volunteer needs
    facilities: int = 50
    spaces: int = 4  # per facility
    bookings: int = 100_000
    booking_years: int = 3
    applications: int = 2_000
    rounds: int = 5
    plans: int = 2
    items: int = 500  # action items per plan
    plan_years: int = 10
    indicators: int = 100  # over all plans

    # Counts that stay as they are under --scale: the shape of the city, not its size.
    FIXED = frozenset({"spaces", "booking_years", "rounds", "plans", "plan_years"})

    def scaled(self, factor: float) -> Sizes:
        """Every growing count multiplied by `factor` (at least 1), e.g. 0.01 for a quick run."""
        changes = {
            f.name: max(1, round(getattr(self, f.name) * factor))
            for f in dataclasses.fields(self)
            if f.name not in self.FIXED
        }
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)

    @property
    def volunteers(self) -> int:
        """Volunteer profiles: enough people for the needs to have applicants."""
        return max(5, self.needs * 3 // 2)

    @property
    def reviewers(self) -> int:
        """Reviewers per round (the committee)."""
        return 7
