"""The edition's releases: git tags, each a version of the edition that stays online.

A release is a tag that matches the `releases` setting (`v*` by default: `v1.0` is release
"1.0"). The build publishes each at its own path (`v/1.0/`), built from the tag's own
files, so a citation of version 1.0 can still be followed after 1.1 is out (the Endings
Project's rule: every release stays retrievable). Releases are read from git, never
guessed: a clone without tags (a shallow CI checkout) publishes none, and says so.
"""

from __future__ import annotations

import io
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, warning
from ..model import Release
from .config import CONFIG_FILE
from .history import git_bytes, git_text

# A version is one path segment of the site: letters, digits, '.', '-', '_', never '..'
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")
_FIELD = "\x1f"


@dataclass(frozen=True)
class Found:
    releases: tuple[Release, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    unknown: bool = False  # a shallow clone, whose tags git does not have


def find_releases(root: Path, pattern: str) -> Found:
    """Every tag matching `pattern`, oldest release first (by version, as people count:
    1.9 before 1.10). A tag whose version cannot be a path is left out (W004)."""
    if not pattern:
        return Found(())
    listed = git_text(root, "tag", "--list", pattern, "--format=" + _FIELD.join(
        ("%(refname:strip=2)", "%(objectname)", "%(*objectname)", "%(creatordate:short)")))
    if not listed:
        if git_text(root, "rev-parse", "--is-shallow-repository") == "true":
            return Found((), (warning(CONFIG_FILE, 1, "W005", "this clone is shallow: its "
                                      "release tags are not known, so no release is "
                                      "published beside the current edition",
                                      hint="fetch the tags (git fetch --tags --unshallow, "
                                           "or fetch-depth: 0 in CI)"),), unknown=True)
        return Found(())
    prefix = pattern.split("*", 1)[0] if pattern.count("*") == 1 and \
        pattern.endswith("*") else ""
    releases, problems = [], []
    for line in listed.splitlines():
        tag, obj, peeled, date = line.split(_FIELD)
        version = tag[len(prefix):]
        commit = git_text(root, "rev-parse", "--verify", "--quiet", f"{peeled or obj}^{{commit}}")
        if not _VERSION.match(version) or ".." in version or not commit:
            problems.append(warning(CONFIG_FILE, 1, "W004", f"tag {tag!r} is not published as "
                                    "a release: its version must be letters, digits, '.', "
                                    "'-' or '_', and it must name a commit",
                                    hint=f"tag releases as {prefix or 'v'}1.0"))
            continue
        day = git_text(root, "log", "-1", "--format=%cs", commit) or date
        releases.append(Release(version=version, tag=tag, commit=commit, date=day))
    releases.sort(key=lambda r: _version_order(r.version))
    return Found(tuple(releases), tuple(problems))


def _version_order(version: str) -> tuple[tuple[int, int | str], ...]:
    """'1.10' after '1.9': numbers compared as numbers, other parts as text."""
    return tuple((0, int(p)) if p.isdigit() else (1, p)
                 for p in re.split(r"[._-]", version))


def extract(root: Path, release: Release, into: Path) -> bool:
    """Put the edition's files as the release's commit has them into `into` (the edition's
    folder only, when the edition is a folder of a larger repository). Read from git's
    objects, never from the working tree; a member that would leave `into`, a link or a
    device is refused by tarfile's 'data' filter."""
    prefix = git_text(root, "rev-parse", "--show-prefix") or ""
    archive = git_bytes(root, "archive", "--format=tar", f"{release.commit}:{prefix}"
                        if prefix else release.commit)
    if archive is None:
        return False
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return True


def unchanged_since(root: Path, release: Release, paths: list[str]) -> bool:
    """Whether the edition's text, notes and settings are what the release has: then the
    current edition *is* that release, and is cited at the release's lasting address."""
    if git_text(root, "diff", "--quiet", release.commit, "--", *paths) is None:
        return False
    untracked = git_text(root, "ls-files", "--others", "--exclude-standard", "--", *paths)
    return not untracked
