"""Stage 5: put the rendered pages on disk, all or nothing.

Pages are written into a fresh temporary folder beside the output folder, with the image
files of the edition copied beside them (`FileCopy`: the one thing `write` reads, a file
`load` checked), then swapped in with renames. If anything fails before the swap, the
temporary folder is removed and the previous output is left exactly as it was; readers
never see a half-built site.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Generic, Protocol, TypeVar

from ..model import BUILD_INFO, FileCopy, Page

T = TypeVar("T")


class UnsafePath(ValueError):
    """A page path that would leave the output folder (a bug upstream, never user input)."""


class Finisher(Protocol[T]):
    """Work started on the finished HTML (the search indexer), ended before the swap."""

    def finish(self) -> T: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a build put in place: `files` counts what is on disk, pages and static files
    and whatever `after_html` added (the search index), not only the rendered pages."""

    files: int
    finished: T | None = None  # what `after_html(...).finish()` returned


def write_site(pages: Iterable[Page], out: Path,
               after_html: Callable[[Path], Finisher[T]] | None = None,
               copies: Iterable[FileCopy] = (),
               trees: Iterable[tuple[str, Path]] = ()) -> Written[T]:
    """Write every page and copy every file of `copies`, then swap the result in for `out`.
    `pages` may be a generator: each is written as it comes, HTML pages first.

    `after_html(staging)` is started once the HTML pages are on disk and finished (or, if
    anything fails, cancelled) before the swap; the result of its `finish` is returned.
    `trees` are finished sites of their own (the releases, each with its search index),
    moved in at their paths after the indexer is done, so it never indexes them.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    copies = sorted(copies, key=lambda c: c.path)
    earlier = out if previous_build(out) else None
    written: set[str] = set()
    folders: set[Path] = set()  # made in staging: a collection's files share few folders
    started: Finisher[T] | None = None
    try:
        for page in pages:  # as render draws them, HTML first: none is held
            html = page.path.endswith(".html")
            if page.path in written:
                raise UnsafePath(f"two pages would be written to {page.path}")
            if html and started is not None:
                raise UnsafePath(f"an HTML page after the indexer started: {page.path}")
            if after_html and started is None and not html:
                started = after_html(staging)
            written.add(page.path)
            _write(staging, page, earlier, folders)
        if written & {c.path for c in copies}:
            raise UnsafePath("a page and a copied file would be written to the same path")
        if after_html and started is None:
            started = after_html(staging)
        for copy in copies:
            _copy(staging, copy)
        result = started.finish() if started is not None else None
        started = None
        for path, tree in trees:
            target = staging / safe_relative(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            tree.rename(target)
        files = sum(len(names) for _, _, names in os.walk(staging))
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except BaseException:
        if started is not None:
            started.cancel()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Written(files, result)


def _write(staging: Path, page: Page, earlier: Path | None, folders: set[Path]) -> None:
    """Write a page; where the earlier build has the same bytes at that path, link that
    file instead. A collection's rebuild changes few of its tens of thousands of files,
    and a link costs a third of a write; the earlier build's files then also go without
    their blocks being freed one by one (on this machine's disk, a hundred
    microseconds a file). The bytes are compared, never assumed."""
    relative = safe_relative(page.path)
    target = staging / relative
    if target.parent not in folders:  # `folders`: those made so far, each once a build
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
    if earlier is not None and _same(earlier / relative, page.content):
        try:
            os.link(earlier / relative, target, follow_symlinks=False)
            return
        except OSError:  # another file system, or no links: a copy of its own
            pass
    target.write_bytes(page.content)


def _same(path: Path, content: bytes) -> bool:
    """Whether `path` is a regular file (never a link put there) holding `content`. Read
    with the system's own calls: Python's file objects took three times as long, and a
    collection's rebuild compares tens of thousands of files."""
    try:
        if not hasattr(os, "O_NOFOLLOW") and not stat.S_ISREG(os.lstat(path).st_mode):
            return False  # where a link cannot be refused by the open itself
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:  # none there, or a link (O_NOFOLLOW)
        return False
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(content):
            return False
        chunks, size = [], 0
        while size <= len(content):  # to the end: one byte past the size says it grew
            chunk = os.read(handle, len(content) + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) == content
    except OSError:
        return False
    finally:
        os.close(handle)


def _copy(staging: Path, copy: FileCopy) -> None:
    """Copy a file of the edition as `load` found it: a regular file, never through a
    link (that could have been put in its place since), never a pipe that would block."""
    target = staging / safe_relative(copy.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(copy.source, flags), "rb") as source:
        if not stat.S_ISREG(os.fstat(source.fileno()).st_mode):
            raise UnsafePath(f"refusing to copy what is not a regular file: {copy.source}")
        with target.open("wb") as written:
            shutil.copyfileobj(source, written)



def unsafe_output(out: Path, root: Path, protected: Iterable[Path]) -> str:
    """Why `out` must not be replaced by a build ('' if it may). The swap deletes the old
    output, so it must never be the edition, its sources, or someone else's folder."""
    out, root = out.resolve(), root.resolve()
    if out == root or root.is_relative_to(out):
        return "it is (or contains) the edition itself"
    for folder in [*protected, root / ".git"]:
        folder = folder.resolve()
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            return f"it is (or overlaps) {folder.relative_to(root).as_posix()}/"
    if out.exists() and not out.is_dir():
        return "it is a file"
    if out.is_dir() and any(out.iterdir()) and not (out / BUILD_INFO).is_file():
        return f"it is not empty and is not a previous build (it has no {BUILD_INFO})"
    return ""


def previous_build(out: Path) -> bool:
    """Whether `out` holds an earlier build (which a failed build leaves as it was)."""
    return (out / BUILD_INFO).is_file()


def write_file(path: Path, content: bytes) -> None:
    """Write or replace one file atomically, making its folder if need be: for the
    commands that change the edition itself (`scholion anchors accept`, `scholion new`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the lock is an ordinary file
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


def safe_relative(path: str) -> PurePosixPath:
    """`path` as a path inside a folder, or UnsafePath (absolute, `..`, empty): for
    every file a build writes, a page's or the search index's."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return relative
