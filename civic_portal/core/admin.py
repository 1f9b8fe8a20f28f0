"""The core app's admin pages: the mail queue and the background tasks (the audit trail is pghistory's)."""

from . import mail_admin, task_admin  # noqa: F401  (registered on import)
