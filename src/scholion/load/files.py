"""Read one input file, refusing anything that is not a plain file of the repository.

Inputs arrive in pull requests, so a path in `source/` or `annotations/` may be a symlink
to `/etc/passwd` or to `.git/config`, a folder named `x.md`, or a link loop. None of these
is ever read: each becomes a Diagnostic instead.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, error

MAX_BYTES = 5_000_000


def read_input(root: Path, path: Path, code: str) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of `path`, or a Diagnostic with `code` saying why they were not read."""
    relative = path.relative_to(root).as_posix()
    try:
        if path.is_symlink():
            return None, error(relative, 1, "E005", "this file is a symbolic link; links are "
                               "not read (they can point outside the repository)",
                               hint="commit the file itself")
        if not path.is_file():
            return None, error(relative, 1, code, "this is not a regular file")
        if path.stat().st_size > MAX_BYTES:
            return None, error(relative, 1, code, f"file is larger than {MAX_BYTES:,} bytes")
        return path.read_bytes(), None
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        return None, error(relative, 1, code, f"cannot read file: {reason}")
