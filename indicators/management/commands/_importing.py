"""Shared body of import_plan and import_indicators."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ...importers import import_file
from ...importers.base import ColumnResource


class ImportCommand(BaseCommand):
    resource_class: type[ColumnResource] | None = None
    noun = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8) または XLSX")
        parser.add_argument("--dry-run", action="store_true", help="検査だけして保存しない")

    def handle(self, *args, file, dry_run, **options):
        try:
            report = import_file(file, self.resource_class, dry_run=dry_run)
        except (OSError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        for column in report.unknown_columns:
            self.stderr.write(self.style.WARNING(f"不明な列（無視しました）: {column}"))
        if not report.ok:
            for message in report.base_errors:
                self.stderr.write(self.style.ERROR(message))
            for error in report.errors:
                self.stderr.write(self.style.ERROR(str(error)))
            raise CommandError(f"{len(report.errors) + len(report.base_errors)} 件のエラー。何も保存していません。")
        verb = "検査しました（保存していません）" if dry_run else "取り込みました"
        self.stdout.write(
            self.style.SUCCESS(f"{self.noun} {report.total} 行を{verb}: 新規 {report.new}、更新 {report.updated}")
        )
