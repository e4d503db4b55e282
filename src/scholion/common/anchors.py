"""The anchor contract: every published anchor keeps working, forever.

`source/anchors.lock` lists every anchor the edition has published, with a hash of its
block's text, the aliases that keep renamed anchors alive, and a log of text changes:

    kansai-1987 p3 5d41402abc4b2a76
    kansai-1987 p3-old -> p3
    changed 2026-11-28 kansai-1987 p3 5d41402abc4b2a76 7c211433f0207159

This module reads and writes that file's format; `check` compares it with the sources and
`scholion anchors accept` records the current state.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..diagnostics import Diagnostic, error
from ..model import XML_NAME

LOCK_FILE = "anchors.lock"
HEADER = """\
# Scholion anchor registry: every anchor this edition has published.
# Readers cite these; they must never break. Lines: "DOCUMENT ID HASH" (the hash is of
# the block's text), "DOCUMENT OLD-ID -> NEW-ID  # why" (an alias for a renamed or split
# block, written by hand), "changed DATE DOCUMENT ID OLD-HASH NEW-HASH" (a log of text changes).
# Update with `scholion anchors accept` after reviewing `scholion check`.
"""
_DOC = r"(?P<doc>[a-z0-9][a-z0-9-]*)"
_ENTRY = re.compile(rf"^{_DOC}\s+(?P<id>{XML_NAME})\s+(?P<hash>[0-9a-f]{{16}})$")
_ALIAS = re.compile(rf"^{_DOC}\s+(?P<old>{XML_NAME})\s+->\s+(?P<new>{XML_NAME})"
                    r"(?P<why>\s+#.*)?$")
_CHANGE = re.compile(rf"^changed\s+(?P<date>\d{{4}}-\d{{2}}-\d{{2}})\s+{_DOC}\s+"
                     rf"(?P<id>{XML_NAME})\s+(?P<old>[0-9a-f]{{16}})\s+(?P<new>[0-9a-f]{{16}})$")


@dataclass(frozen=True)
class Change:
    date: str
    document: str
    id: str
    old: str
    new: str


@dataclass(frozen=True)
class AnchorLock:
    path: str
    entries: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # hash, line
    aliases: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # new, line
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)  # an alias's comment
    changes: tuple[Change, ...] = ()

    def published(self, document: str) -> frozenset[str]:
        """Every anchor of `document` the registry lists, as an entry or as the old name
        of an alias. From a table made once: a scan of the whole registry for each
        document made loading a collection quadratic (1.1 s of 1,000 letters' load)."""
        return self._published.get(document, frozenset())

    @cached_property
    def _published(self) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for document, anchor in (*self.entries, *self.aliases):
            found.setdefault(document, set()).add(anchor)
        return {document: frozenset(anchors) for document, anchors in found.items()}


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


def parse_lock(text: str, path: str) -> tuple[AnchorLock, list[Diagnostic]]:
    entries: dict[tuple[str, str], tuple[str, int]] = {}
    aliases: dict[tuple[str, str], tuple[str, int]] = {}
    reasons: dict[tuple[str, str], str] = {}
    changes: list[Change] = []
    problems: list[Diagnostic] = []
    # lines end at "\n" only: splitlines() also breaks at \f, \x1c or \x85, and would
    # number the lines after one differently from an editor (and from E007)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if match := _ENTRY.match(line):
            entries[(match["doc"], match["id"])] = (match["hash"], number)
        elif match := _ALIAS.match(line):
            aliases[(match["doc"], match["old"])] = (match["new"], number)
            if match["why"]:
                reasons[(match["doc"], match["old"])] = match["why"].strip()
        elif match := _CHANGE.match(line):
            changes.append(Change(match["date"], match["doc"], match["id"], match["old"],
                                  match["new"]))
        else:
            shown = line if len(line) <= 60 else line[:57] + "..."
            problems.append(error(path, number, "E403", f"cannot read this line: {shown!r}",
                                  hint='expected "DOCUMENT ID HASH", "DOCUMENT OLD -> NEW" '
                                       'or a "changed …" line'))
    return AnchorLock(path=path, entries=entries, aliases=aliases, reasons=reasons,
                      changes=tuple(changes)), problems


def render_lock(lock: AnchorLock | None, current: dict[tuple[str, str], str], date: str
                ) -> str:
    """The lock after accepting the current anchors: nothing published is ever dropped,
    text changes are logged, aliases are kept."""
    old = lock.entries if lock else {}
    entries = {key: value[0] for key, value in old.items()}
    changes = list(lock.changes) if lock else []
    for key, digest in current.items():
        if key in entries and entries[key] != digest:
            changes.append(Change(date, key[0], key[1], entries[key], digest))
        entries[key] = digest
    lines = [HEADER]
    lines += [f"{doc} {anchor} {digest}" for (doc, anchor), digest in entries.items()]
    aliases = lock.aliases if lock else {}
    if aliases:
        lines += ["", "# aliases: old id -> new id"]
        reasons = lock.reasons if lock else {}
        lines += [f"{doc} {old_id} -> {new}" + (f"  {reasons[(doc, old_id)]}"
                                                 if (doc, old_id) in reasons else "")
                  for (doc, old_id), (new, _) in aliases.items()]
    if changes:
        lines += ["", "# text changes"]
        lines += [f"changed {c.date} {c.document} {c.id} {c.old} {c.new}" for c in changes]
    return "\n".join(lines) + "\n"
