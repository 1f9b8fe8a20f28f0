"""Every write in the indicators app."""

from .indicators import fiscal_year_close, indicator_set_target, observation_check_replacement, observation_record
from .plans import year_plan_transition, year_result_record
from .reports import report_publish

__all__ = [
    "fiscal_year_close",
    "indicator_set_target",
    "observation_check_replacement",
    "observation_record",
    "report_publish",
    "year_plan_transition",
    "year_result_record",
]
