"""An import's progress, written where staff can see it while the import's own transaction is still open.

The rows of an import are written in one transaction (rolled back at the end of a preview), so anything the task
wrote to the job through its own connection would stay invisible until the end. Progress goes through a second,
autocommit connection to the same database instead: one small UPDATE every IMPORT_PROGRESS_EVERY rows. It only
touches the job's progress columns, which the import's transaction never locks, so the two never wait on each
other. (Inside a test's transaction the job row is not committed, the second connection does not see it, and the
progress simply shows at the end.)
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from ..models import ImportJob

logger = logging.getLogger(__name__)

EVERY = 100


class Progress:
    """Callable with the number of rows done; writes at most every `every` rows. Close it when the import ends."""

    def __init__(self, job: ImportJob, *, every: int | None = None):
        self.job_id = job.pk
        self.every: int = every or int(getattr(settings, "IMPORT_PROGRESS_EVERY", EVERY))
        self.written = 0
        self._connection: BaseDatabaseWrapper | None = None
        self._table = ImportJob._meta.db_table

    def __call__(self, done: int) -> None:
        if done - self.written < self.every:
            return
        self.written = done
        try:
            if self._connection is None:
                self._connection = connections.create_connection(DEFAULT_DB_ALIAS)
            with self._connection.cursor() as cursor:
                cursor.execute(
                    f'UPDATE "{self._table}" SET rows_done = %s, progress_at = %s WHERE id = %s',  # noqa: S608
                    [done, timezone.now(), self.job_id],
                )
        except DatabaseError:  # progress is a courtesy: the import goes on without it
            logger.warning("import job %s: progress not written", self.job_id, exc_info=True)
            self.close()

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
