"""indicators models: plans and yearly results (plans.py), indicators and reports (outcomes.py), breakdowns."""

from .breakdowns import Breakdown, Dimension
from .collaborations import CollaborationKind, CollaborationProject
from .outcomes import (
    Direction,
    Frequency,
    Indicator,
    IndicatorSource,
    InterimTarget,
    Observation,
    ReportEdition,
    TargetRevision,
)
from .plans import (
    REVIEW_TRANSITIONS,
    TRANSITION_LABELS,
    ActionItem,
    Department,
    DepartmentMembership,
    ItemDepartment,
    ItemKind,
    Plan,
    PlanNode,
    ReviewStatus,
    Stage,
    TargetActor,
    YearPlan,
    YearPlanStatusChange,
)

__all__ = [
    "REVIEW_TRANSITIONS",
    "TRANSITION_LABELS",
    "ActionItem",
    "Breakdown",
    "CollaborationKind",
    "CollaborationProject",
    "Department",
    "DepartmentMembership",
    "Dimension",
    "Direction",
    "Frequency",
    "Indicator",
    "IndicatorSource",
    "InterimTarget",
    "ItemDepartment",
    "ItemKind",
    "Observation",
    "Plan",
    "PlanNode",
    "ReportEdition",
    "ReviewStatus",
    "Stage",
    "TargetActor",
    "TargetRevision",
    "YearPlan",
    "YearPlanStatusChange",
]
