"""Exit with one clear line when the Python that will build .venv is too old (runs on any Python 3)."""

import sys

if sys.version_info < (3, 12):
    sys.stderr.write(
        "set-up: Python 3.12 or newer is required, but `%s` is %s. Install Python 3.12+ "
        "(or set PYTHON=/path/to/python3.12) and run the command again.\n" % (sys.executable, sys.version.split()[0])
    )
    sys.exit(1)
