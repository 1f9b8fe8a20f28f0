"""Plan and indicator import: one code path for the admin (django-import-export) and the management commands."""

from .base import ImportReport, import_file, read_dataset
from .indicators import IndicatorResource
from .plans import PlanItemResource

__all__ = ["ImportReport", "IndicatorResource", "PlanItemResource", "import_file", "read_dataset"]
