from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from civic_portal.core.backup import BackupError
from civic_portal.core.backup.create import create_backup
from civic_portal.core.backup.language import terminal_language


class Command(BaseCommand):
    help = (
        "Write one archive (.tar, or .tar.gz) with a PostgreSQL dump, the public and private files and a manifest "
        "of row counts and checksums. See civic_portal/core/backup/README.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="archive to write, e.g. portal-2026-04-01.tar")
        parser.add_argument("--force", action="store_true", help="replace the output file if it exists")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="alias in DATABASES (default: default)")

    def handle(self, *args, output, force, database, **options):
        with translation.override(terminal_language()):
            try:
                summary = create_backup(output, force=force, alias=database)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "バックアップを書きました: %(path)s（%(size)s、表 %(tables)d 個・%(rows)d 行、"
                        "公開ファイル %(media)d 件、非公開ファイル %(private)d 件）"
                    )
                    % {
                        "path": summary.path,
                        "size": filesizeformat(summary.size),
                        "tables": summary.tables,
                        "rows": summary.rows,
                        "media": summary.files["media"],
                        "private": summary.files["private"],
                    }
                )
            )
