"""Credit for notes from the repository's history: who added a file, who last revised it.

One `git log` call for the whole folder keeps this cheap. Outside a git checkout, or
without git, notes simply carry no history credit; that is not an error. Names are git's
mailmapped ones (`%aN`): a `.mailmap` at the repository's top maps an identity to the name
its owner wants to be credited by.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..model import Credit

_FIELD = "\x1f"
# No user configuration, no prompts, no pager: the same answer on every machine.
_ENV = {"GIT_TERMINAL_PROMPT": "0", "PATH": os.environ.get("PATH", ""),
        "HOME": "/nonexistent", "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1"}


def credits(root: Path, folder: str, commit: str = "") -> dict[str, Credit]:
    """Map each file path (relative to root, POSIX) to its Credit: in the history up to
    `commit` (a release's), else up to the checkout's."""
    git = shutil.which("git")
    if git is None or not (root / folder).is_dir():
        return {}
    try:
        proc = subprocess.run(
            [git, "-C", str(root), "log", "--no-renames", "--relative",
             "--format=" + _FIELD + "%as" + _FIELD + "%aN", "--name-only",
             *([commit] if commit else []), "--", folder],
            capture_output=True, text=True, timeout=20, check=False,
            env=_ENV,
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
            _, date, author = line.split(_FIELD, 2)  # a name may hold anything; a date not
            current = (author, date)
        elif line.strip():
            newest.setdefault(line.strip(), current)
            oldest[line.strip()] = current
    return {path: Credit(added_by=oldest[path][0], added_on=oldest[path][1],
                         revised_by=newest[path][0], revised_on=newest[path][1])
            for path in newest}


def revision(root: Path) -> tuple[str, str]:
    """The edition's version (release tag, else short commit) and that commit's date.

    SOURCE_DATE_EPOCH, when set, fixes the date (reproducible-builds.org convention).
    """
    version, date = _git(root, "describe", "--tags", "--always"), ""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit() and len(epoch) <= 12:
        import datetime

        date = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    else:
        date = _git(root, "log", "-1", "--format=%cs")
    return version or "unversioned", date


def _git(root: Path, *args: str) -> str:
    return git_text(root, *args) or ""


def git_text(root: Path, *args: str) -> str | None:
    """What `git -C root ARGS` printed, stripped; None if git is missing or failed."""
    out = git_bytes(root, *args)
    return None if out is None else out.decode("utf-8", "replace").strip()


def git_bytes(root: Path, *args: str) -> bytes | None:
    """What `git -C root ARGS` wrote (an archive, say); None if git is missing or failed.
    No user configuration, prompt or pager (`_ENV`): the same answer on every machine."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        proc = subprocess.run([git, "-C", str(root), *args], capture_output=True,
                              timeout=120, check=False, env=_ENV)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def user_name(root: Path) -> str:
    """The name git would sign a commit with here ('' without git or a name): what
    `scholion new` puts as the note's author."""
    git = shutil.which("git")
    if git is None:
        return ""
    try:
        proc = subprocess.run([git, "-C", str(root), "config", "user.name"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def committed(root: Path, path: str) -> bool:
    """Whether git tracks anything under `path`: the build cache must never come from the
    repository, since a pull request could then put anything in it."""
    git = shutil.which("git")
    if git is None:
        return False
    try:
        proc = subprocess.run([git, "-C", str(root), "ls-files", "--", path],
                              capture_output=True, text=True, timeout=20, check=False,
                              env=_ENV)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0 and bool(proc.stdout.strip())
