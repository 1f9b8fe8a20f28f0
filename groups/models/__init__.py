"""groups models: the register (register.py), its people and records (people.py), volunteers (volunteers.py)."""

from .activity import *  # noqa: F403
from .invitations import *  # noqa: F403
from .people import (
    ContactRelay,
    GroupEditLog,
    GroupStatusChange,
    ManagerInvitation,
    Membership,
    MembershipRole,
    RenewalReminder,
    RenewalRound,
)
from .register import (
    GROUP_TRANSITIONS,
    NUMBERED_STATUSES,
    PUBLIC_STATUSES,
    ActivityField,
    Group,
    GroupStatus,
    LegalForm,
)
from .talent import *  # noqa: F403
from .volunteers import *  # noqa: F403

__all__ = [
    "GROUP_TRANSITIONS",
    "NUMBERED_STATUSES",
    "PUBLIC_STATUSES",
    "ActivityField",
    "ContactRelay",
    "Group",
    "GroupEditLog",
    "GroupStatus",
    "GroupStatusChange",
    "LegalForm",
    "ManagerInvitation",
    "Membership",
    "MembershipRole",
    "RenewalReminder",
    "RenewalRound",
]
