"""Rules of the anchor contract (see `scholion.anchors`): what was published stays."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from ..common.anchors import LOCK_FILE, text_hash
from ..diagnostics import Diagnostic, error, warning
from ..model import Edition
from .unloaded import NOTHING, Unloaded


def check_anchors(edition: Edition, unloaded: Unloaded = NOTHING) -> list[Diagnostic]:
    lock = edition.anchor_lock
    if lock is None:
        if unloaded.lock:  # it exists; E403 says why it cannot be read
            return []
        return [warning(f"{edition.config.source_dir}/anchors.lock", 1, "W404",
                        "no anchor registry yet: anchors are not protected",
                        hint="run `scholion anchors accept` and commit "
                             "source/anchors.lock")]
    return [*_gone(edition, bool(unloaded.documents)), *_changed(edition)]


def current_anchors(edition: Edition) -> dict[tuple[str, str], str]:
    """The anchors the source gives, with their texts' hashes. Provisional anchors are not
    among them: they move with the text, so they are never promised (W110 says so)."""
    return {(d.id, b.id): text_hash(b.text) for d in edition.documents for b in d.blocks
            if not b.provisional}


def _gone(edition: Edition, some_unloaded: bool) -> Iterator[Diagnostic]:
    """Every document that loaded is judged. A published document that is not there is
    gone only if every source loaded: otherwise it may be the one that failed."""
    lock = edition.anchor_lock
    current = current_anchors(edition)
    loaded = {d.id for d in edition.documents}
    reported: set[str] = set()
    for (doc, anchor), (_, line) in lock.entries.items():
        if (doc, anchor) in current or (doc not in loaded and some_unloaded):
            continue
        if doc not in loaded:
            if doc not in reported:
                reported.add(doc)
                yield error(lock.path, line, "E404", f"published document '{doc}' is gone",
                            hint="documents are cited too: restore its source file (its "
                                 "<idno type=\"scholion\"> names it)")
            continue
        alias = lock.aliases.get((doc, anchor))
        if alias is None:
            yield error(lock.path, line, "E401",
                        f"published anchor '{anchor}' of {doc} is gone from the source",
                        hint=f"restore xml:id=\"{anchor}\", or if the block was renamed or "
                             f"split, add the line \"{doc} {anchor} -> NEW-ID\" to "
                             f"{lock.path}")
    for (doc, old), (new, line) in lock.aliases.items():
        if (doc, old) in current:
            yield error(lock.path, line, "E402",
                        f"alias '{old}' of {doc} is still a live anchor in the source",
                        hint="an alias is only for an id that no longer exists")
        elif (doc, new) not in current:
            yield error(lock.path, line, "E402",
                        f"alias '{old} -> {new}' of {doc} points to no anchor",
                        hint=f"'{new}' must be the xml:id of a block of {doc}")


def _changed(edition: Edition) -> Iterator[Diagnostic]:
    lock = edition.anchor_lock
    for document in edition.documents:
        for block in document.blocks:
            if block.provisional:  # never promised (W110); minting makes it an anchor
                continue
            known = lock.entries.get((document.id, block.id))
            if known is None:
                yield warning(document.path, block.line, "W403",
                              f"new anchor '{block.id}' is not in {lock.path} yet",
                              hint="run `scholion anchors accept` to publish it")
            elif known[0] != text_hash(block.text):
                yield warning(document.path, block.line, "W402",
                              f"the text of ¶ {block.n} ('{block.id}') has changed since it "
                              "was published: citations of it now point at changed text",
                              hint="if intended, run `scholion anchors accept`; the "
                                   "change is then listed on the About page")



def summarised(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The new anchors (W403) as one line per document, in place of its first, instead
    of two lines per block on every command: they are expected while a text is being
    edited, and `--verbose` lists each. Everything else is kept, in its order."""
    diagnostics = list(diagnostics)
    new: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        if diagnostic.code == "W403":
            new[diagnostic.path].append(diagnostic)
    return [_new_anchors(new[d.path]) if d.code == "W403" else d for d in diagnostics
            if d.code != "W403" or d is new[d.path][0]]


def _new_anchors(found: list[Diagnostic]) -> Diagnostic:
    count = len(found)
    lock = (PurePosixPath(found[0].path).parent / LOCK_FILE).as_posix()  # beside the TEI
    return warning(found[0].path, found[0].line, "W403",
                   f"{count} new anchor{'s are' if count > 1 else ' is'} not in {lock} yet: "
                   f"`scholion anchors accept` publishes {'them' if count > 1 else 'it'}"
                   " (-v lists each)")
