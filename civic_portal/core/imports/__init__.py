"""Admin imports as background tasks (ImportJob): the upload checks, the tasks, the stored preview, and the speed
helpers the resources use. The admin side is civic_portal.core.import_admin."""
