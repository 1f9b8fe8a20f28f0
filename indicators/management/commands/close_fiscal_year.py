from django.core.management.base import BaseCommand

from ...services import fiscal_year_close


class Command(BaseCommand):
    help = "年度を締めて、ポータルのデータから集計する成果指標を確定値として記録する"

    def add_arguments(self, parser):
        parser.add_argument("fiscal_year", type=int)

    def handle(self, *args, fiscal_year, **options):
        frozen = fiscal_year_close(fiscal_year=fiscal_year)
        for observation in frozen:
            self.stdout.write(f"{observation.indicator.code} {observation.indicator.name}: {observation.value}")
        self.stdout.write(self.style.SUCCESS(f"{fiscal_year}年度: {len(frozen)} 件を確定しました。"))
