"""Query vocabulary for facilities: bookings that hold their time, occupancies that overlap, loans that hold stock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from django.db.backends.postgresql.psycopg_any import DateTimeTZRange


class BookingQuerySet(models.QuerySet):
    def active(self) -> Self:
        """Bookings that hold their time (ACTIVE_BOOKING_STATUSES: a used or no-show booking did take the room)."""
        from .models import ACTIVE_BOOKING_STATUSES

        return self.filter(status__in=ACTIVE_BOOKING_STATUSES)

    def live(self) -> Self:
        """Bookings still to take place: requested or confirmed (LIVE_BOOKING_STATUSES; the calendar feeds)."""
        from .models import LIVE_BOOKING_STATUSES

        return self.filter(status__in=LIVE_BOOKING_STATUSES)


class OccupancyQuerySet(models.QuerySet):
    def active(self) -> Self:
        """Occupancies of bookings that still hold their time (the ones the exclusion constraint keeps apart)."""
        return self.filter(is_active=True)

    def overlapping(self, space_ids: Iterable[int], during: DateTimeTZRange) -> Self:
        """Active occupancies of any of `space_ids` overlapping the range `during` (read through the GiST index)."""
        return self.active().filter(space_id__in=space_ids, during__overlap=during)


class LoanQuerySet(models.QuerySet):
    def holding_stock(self) -> Self:
        """Loans that hold units of their equipment type (ACTIVE_LOAN_STATUSES: reserved, handed over, overdue)."""
        from .models import ACTIVE_LOAN_STATUSES

        return self.filter(status__in=ACTIVE_LOAN_STATUSES)

    def open(self) -> Self:
        """Loans whose items are with the borrower (OUT_LOAN_STATUSES: handed over or overdue) and come back."""
        from .models import OUT_LOAN_STATUSES

        return self.filter(status__in=OUT_LOAN_STATUSES)

    def overlapping(self, starts_at: dt.datetime, ends_at: dt.datetime) -> Self:
        """Loans whose period overlaps [starts_at, ends_at)."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
