"""`scholion serve`: serve the site on 127.0.0.1, rebuild when a source changes.

For contributors previewing a note: diagnostics print in the terminal after every
rebuild, and a failed rebuild keeps serving the last good site. The port is taken before
the first build, so a port in use is reported at once, not after a whole build.
"""

from __future__ import annotations

import errno
import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path

HOST = "127.0.0.1"


class PortInUse(Exception):
    """Another program (often an earlier `scholion serve`) listens on the port."""


def bind(out: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Take the port now; the folder is served as it is at each request (built later).
    Raises `PortInUse`, or OSError for other refusals (e.g. a port below 1024)."""
    handler = functools.partial(_QuietHandler, directory=str(out.resolve()))
    try:
        return http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(port) from exc
        raise


def serve(server: http.server.ThreadingHTTPServer, root: Path, out: Path,
          rebuild: Callable[[], int]) -> int:
    """Serve in a thread and rebuild on every change until Ctrl+C."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _watch(root, out, rebuild)
    finally:
        server.shutdown()
        server.server_close()
    return 0


def _watch(root: Path, out: Path, rebuild: Callable[[], int]) -> None:
    from watchfiles import watch

    relevant = functools.partial(_relevant, root=root.resolve(), out=out.resolve())
    for _changes in watch(root, watch_filter=lambda _change, path: relevant(path),
                          raise_interrupt=False):
        rebuild()


def _relevant(path: str, root: Path, out: Path) -> bool:
    """A change to rebuild for: not in the output, and not hidden (.git, an editor's
    swap file, the build's own staging folders). Judged on the resolved path relative to
    the root, since the watcher reports `root/./annotations/x.md` for the default root."""
    resolved = Path(path).resolve()
    if resolved.is_relative_to(out):
        return False
    parts = resolved.relative_to(root).parts if resolved.is_relative_to(root) else \
        (resolved.name,)
    return not any(part.startswith(".") for part in parts)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass
