"""groups models: the register (register.py) and volunteers and matching (volunteers.py)."""

from .register import (
    GROUP_TRANSITIONS,
    NUMBERED_STATUSES,
    PUBLIC_STATUSES,
    ActivityField,
    Area,
    ContactRelay,
    Group,
    GroupEditLog,
    GroupStatus,
    GroupStatusChange,
    LegalForm,
    ManagerInvitation,
    Membership,
    MembershipRole,
    RenewalRound,
    Weekday,
)
from .volunteers import *  # noqa: F403

__all__ = [
    "GROUP_TRANSITIONS",
    "NUMBERED_STATUSES",
    "PUBLIC_STATUSES",
    "ActivityField",
    "Area",
    "ContactRelay",
    "Group",
    "GroupEditLog",
    "GroupStatus",
    "GroupStatusChange",
    "LegalForm",
    "ManagerInvitation",
    "Membership",
    "MembershipRole",
    "RenewalRound",
    "Weekday",
]
