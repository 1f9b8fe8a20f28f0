from ...importers import PlanItemResource
from ._importing import ImportCommand


class Command(ImportCommand):
    help = "計画の推進項目を CSV/XLSX から取り込む（plan_code と item_code が同じ行は更新）"
    resource_class = PlanItemResource
    noun = "推進項目"
