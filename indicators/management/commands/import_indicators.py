from ...importers import IndicatorResource
from ._importing import ImportCommand


class Command(ImportCommand):
    help = "成果指標を CSV/XLSX から取り込む（plan_code と indicator_code が同じ行は更新）"
    resource_class = IndicatorResource
    noun = "成果指標"
