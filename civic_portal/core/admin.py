"""The core app's admin pages: the mail queue, the background tasks, the scheduled jobs' runs, the generated
files and the imports (the audit trail is pghistory's); and the admin site itself made a CivicAdminSite."""

from django.contrib import admin

from . import generated_admin, import_admin, job_admin, mail_admin, task_admin  # noqa: F401  (registered on import)
from .admin_site import CivicAdminSite

# The site every app registers on (django.contrib.admin's default), given what every admin page pays for done once
# a request. Set here, at the admin's autodiscovery, so it holds before any request, command or test uses the site.
admin.site.__class__ = CivicAdminSite
