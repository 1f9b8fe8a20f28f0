"""Backup and restore of the whole portal: the PostgreSQL dump, public and private files, and a manifest.

`manage.py backup --output FILE` and `manage.py restore FILE` are the way in; README.md here says how it works.
"""


class BackupError(Exception):
    """A refusal or failure explained in one line for the person at the terminal."""
