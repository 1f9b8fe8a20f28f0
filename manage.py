#!/usr/bin/env python
import os
import sys

if sys.version_info < (3, 12):  # noqa: UP036 - a clear message instead of a syntax error further on
    sys.exit(f"Python 3.12 or newer is required (this is {sys.version.split()[0]}).")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic_portal.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
