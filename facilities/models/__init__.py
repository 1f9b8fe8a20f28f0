"""Facilities: catalogue, spaces, availability, bookings with occupancies, equipment loans, fees and exemptions."""

from .booking import (
    ACTIVE_BOOKING_STATUSES,
    BOOKING_TRANSITIONS,
    Booking,
    BookingStatus,
    BookingStatusChange,
    ExemptionState,
    GroupCalendar,
    Occupancy,
)
from .catalogue import (
    BARRIER_FREE_FIELDS,
    BookingMode,
    Closure,
    Facility,
    FacilityKind,
    FacilityPhoto,
    OpeningHours,
    OwnerWindow,
    Space,
    TimeSlot,
)
from .equipment import ACTIVE_LOAN_STATUSES, LOAN_TRANSITIONS, EquipmentItem, EquipmentType, Loan, LoanStatus
from .fees import DayType, ExemptionApplication, ExemptionQualifier, ExemptionRule, FeeRate

__all__ = [
    "ACTIVE_BOOKING_STATUSES",
    "ACTIVE_LOAN_STATUSES",
    "BARRIER_FREE_FIELDS",
    "BOOKING_TRANSITIONS",
    "LOAN_TRANSITIONS",
    "Booking",
    "BookingMode",
    "BookingStatus",
    "BookingStatusChange",
    "Closure",
    "DayType",
    "EquipmentItem",
    "EquipmentType",
    "ExemptionApplication",
    "ExemptionQualifier",
    "ExemptionRule",
    "ExemptionState",
    "Facility",
    "FacilityKind",
    "FacilityPhoto",
    "FeeRate",
    "GroupCalendar",
    "Loan",
    "LoanStatus",
    "Occupancy",
    "OpeningHours",
    "OwnerWindow",
    "Space",
    "TimeSlot",
]
