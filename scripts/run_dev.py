"""`make run`: the development server and a task worker side by side; Ctrl-C, or either of them stopping, stops both.

Each runs in its own process group, with Django's autoreloader (runserver, and db_worker under DEBUG), so a signal to
the group reaches the reloader's child as well and nothing is left running.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRACE_SECONDS = 10


def main(address: str) -> int:
    manage = [sys.executable, str(ROOT / "manage.py")]
    commands = {
        "server": [*manage, "runserver", address],
        # Every queue: mail, and any long job a later task puts on a queue of its own.
        "worker": [*manage, "db_worker", "--queue-name=*"],
    }
    children = {
        name: subprocess.Popen(command, cwd=ROOT, start_new_session=True)  # noqa: S603 (our interpreter and manage.py)
        for name, command in commands.items()
    }
    # Ctrl-C, even where a shell started us with it ignored, and `kill` of this script: both stop both.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    stopped = None
    try:
        while stopped is None:
            stopped = next((name for name, child in children.items() if child.poll() is not None), None)
            time.sleep(0.3)
        print(f"run: the {stopped} stopped (exit {children[stopped].returncode}); stopping the rest", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children.values())
    return children[stopped].returncode if stopped else 0


def _stop(children) -> None:
    for child in children:
        _signal_group(child, signal.SIGTERM)  # the worker finishes its current task first
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(child, signal.SIGKILL)
            child.wait()
        _signal_group(child, signal.SIGKILL)  # a reloader's child that outlived its parent


def _signal_group(child: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group has already gone
        os.killpg(child.pid, sig)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))
