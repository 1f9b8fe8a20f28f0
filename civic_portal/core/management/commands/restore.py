from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext as _

from civic_portal.core.backup import BackupError
from civic_portal.core.backup.language import terminal_language
from civic_portal.core.backup.pg import Database
from civic_portal.core.backup.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database and empty file storage, after checking it "
        "against its manifest, and verify every row count and file checksum. See civic_portal/core/backup/README.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="archive written by `manage.py backup`")
        target = parser.add_mutually_exclusive_group()
        target.add_argument("--database", default=DEFAULT_DB_ALIAS, help="alias in DATABASES (default: default)")
        target.add_argument("--database-url", help="restore into this database instead (postgres://user@host/db)")

    def handle(self, *args, archive, database, database_url, **options):
        with translation.override(terminal_language()):
            try:
                db = Database.from_url(database_url) if database_url else Database.from_alias(database)
                summary = restore_backup(archive, db)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            for note in summary.notes:
                self.stdout.write(self.style.WARNING(note))
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "復元して確かめました: データベース %(name)s（表 %(tables)d 個・%(rows)d 行）、"
                        "公開ファイル %(media)d 件、非公開ファイル %(private)d 件"
                    )
                    % {
                        "name": db.name,
                        "tables": summary.tables,
                        "rows": summary.rows,
                        "media": summary.files["media"],
                        "private": summary.files["private"],
                    }
                )
            )
