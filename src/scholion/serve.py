"""`scholion serve`: build, serve the site on 127.0.0.1, rebuild when a source changes.

For contributors previewing a note: diagnostics print in the terminal after every
rebuild, and a failed rebuild keeps serving the last good site.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Callable
from pathlib import Path


def serve(root: Path, out: Path, port: int, rebuild: Callable[[], int]) -> int:
    rebuild()
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"scholion: serving {out} at http://127.0.0.1:{server.server_port}/ "
          "(Ctrl+C stops)", file=sys.stderr)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _watch(root, out, rebuild)
    finally:
        server.shutdown()
    return 0


def _watch(root: Path, out: Path, rebuild: Callable[[], int]) -> None:
    from watchfiles import watch

    relevant = functools.partial(_relevant, root=root.resolve(), out=out.resolve())
    for _changes in watch(root, watch_filter=lambda _change, path: relevant(path),
                          raise_interrupt=False):
        print("scholion: change detected, rebuilding…", file=sys.stderr)
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
