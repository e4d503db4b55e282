"""Stage 5: put the rendered pages on disk, all or nothing.

Pages are written into a fresh temporary folder beside the output folder, then swapped in
with renames. If anything fails before the swap, the temporary folder is removed and the
previous output is left exactly as it was; readers never see a half-built site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .model import Page

T = TypeVar("T")


class UnsafePath(ValueError):
    """A page path that would leave the output folder (a bug upstream, never user input)."""


def write_site(pages: Iterable[Page], out: Path,
               after_html: Callable[[Path], Callable[[], T]] | None = None) -> T | None:
    """Write every page, then swap the result in for `out`.

    `after_html(staging)` runs once the HTML pages are on disk (for the search indexer,
    which reads them) and returns a function that is called, and must finish, before the
    swap; its result is returned.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    pages = sorted(pages, key=lambda p: (not p.path.endswith(".html"), p.path))
    result = None
    try:
        finish = None
        for i, page in enumerate(pages):
            if after_html and finish is None and not page.path.endswith(".html"):
                finish = after_html(staging)
            _write(staging, page)
            if after_html and finish is None and i == len(pages) - 1:
                finish = after_html(staging)
        if finish is not None:
            result = finish()
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _write(staging: Path, page: Page) -> None:
    target = staging / _safe_relative(page.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page.content)


def write_file(path: Path, content: bytes) -> None:
    """Replace one file atomically (for `--accept-anchors`, which updates a source file)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    """Replace `out` by `staging`; on any failure the old `out` is put back."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return relative
