"""Credit for notes from the repository's history: who added a file, who last revised it.

One `git log` call for the whole folder keeps this cheap. Outside a git checkout, or
without git, notes simply carry no history credit; that is not an error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..model import Credit

_FIELD = "\x1f"


def credits(root: Path, folder: str) -> dict[str, Credit]:
    """Map each file path (relative to root, POSIX) to its Credit."""
    git = shutil.which("git")
    if git is None or not (root / folder).is_dir():
        return {}
    try:
        proc = subprocess.run(
            [git, "-C", str(root), "log", "--no-renames", "--format=" + _FIELD + "%an"
             + _FIELD + "%as", "--name-only", "--", folder],
            capture_output=True, text=True, timeout=20, check=False,
            env={"GIT_TERMINAL_PROMPT": "0", "PATH": os.environ.get("PATH", ""),
                 "HOME": "/nonexistent", "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if proc.returncode != 0:
        return {}
    return _parse(proc.stdout)


def _parse(log: str) -> dict[str, Credit]:
    """`git log` runs newest first: the first sighting is the last revision, the last the
    addition."""
    newest: dict[str, tuple[str, str]] = {}
    oldest: dict[str, tuple[str, str]] = {}
    current = ("", "")
    for line in log.splitlines():
        if line.startswith(_FIELD):
            _, author, date = line.split(_FIELD)
            current = (author, date)
        elif line.strip():
            newest.setdefault(line.strip(), current)
            oldest[line.strip()] = current
    return {path: Credit(added_by=oldest[path][0], added_on=oldest[path][1],
                         revised_by=newest[path][0], revised_on=newest[path][1])
            for path in newest}
