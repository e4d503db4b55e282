"""The build cache: one folder, declared in one place, that a build may write besides its
output (`.scholion-cache/` in the edition; `--no-cache` turns it off).

What is kept there is work whose result depends only on its input and on the code that
did it: the citations, compiled templates, what `load` reads from each TEI file. Every
key includes a fingerprint of Scholion's own code and of the libraries that did the work,
so a change to either can never serve a stale result — there is no version number to
remember to bump.
Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

CACHE_DIR = ".scholion-cache"
# Libraries whose output is cached: a new release may format differently.
_LIBRARIES = ("Jinja2",)


class BuildCache:
    """Values by key in `folder`; with no folder, a cache that keeps nothing. One that is
    not `writable` only reads what builds kept (`scholion check` writes nothing)."""

    def __init__(self, folder: Path | None, writable: bool = True) -> None:
        self.folder = folder
        self.writable = writable

    def key(self, namespace: str, *parts: Any) -> str:
        payload = json.dumps([namespace, fingerprint(), parts], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()

    def get(self, namespace: str, key: str) -> Any | None:
        if self.folder is None:
            return None
        try:
            return json.loads(self._path(namespace, key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Best effort, and atomic: a read-only folder only means no cache, and a reader
        never sees half a file."""
        if self.folder is None or not self.writable:
            return
        path = self._path(namespace, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out)  # key order is meaningful (style order)
            os.replace(temporary, path)
        except OSError:
            pass

    def subfolder(self, namespace: str) -> Path | None:
        """A folder of its own for a library that manages its files itself (Jinja)."""
        if self.folder is None:
            return None
        folder = self.folder / namespace / fingerprint()[:16]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return folder

    def _path(self, namespace: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / namespace / f"{key}.json"


NO_CACHE = BuildCache(None)


def edition_cache(root: Path, enabled: bool = True, writable: bool = True) -> BuildCache:
    return BuildCache(root / CACHE_DIR if enabled else None, writable)


@cache
def fingerprint() -> str:
    """A digest of Scholion's code (every module and template of the package) and of the
    versions of the libraries whose results are cached."""
    digest = hashlib.sha256()
    package = resources.files("scholion")
    for path in sorted(_package_files(Path(str(package)))):
        digest.update(path.relative_to(Path(str(package))).as_posix().encode())
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()


def _package_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in PACKAGE_SUFFIXES
            and "__pycache__" not in p.parts]


# every kind of file of the package that a build's output is made from: its code, its
# templates (HTML, and the EPUB's XHTML, OPF and XML), its styles, scripts and data
PACKAGE_SUFFIXES = (".py", ".html", ".xhtml", ".opf", ".xml", ".css", ".js", ".json",
                    ".svg", ".rng", ".txt")
