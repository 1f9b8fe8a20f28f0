"""Exit with one clear line when the development server's port is already taken."""

import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sys.stderr.write(
            f"run: port {port} on {host} is already in use. Stop the other server, or run `make run PORT=8001`.\n"
        )
        sys.exit(1)
