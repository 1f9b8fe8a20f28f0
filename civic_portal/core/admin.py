"""The core app's admin pages: the mail queue, the background tasks, the scheduled jobs' runs, the generated
files and the imports (the audit trail is pghistory's)."""

from . import generated_admin, import_admin, job_admin, mail_admin, task_admin  # noqa: F401  (registered on import)
