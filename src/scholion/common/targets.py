"""What a note's `target` names: a block of one document, or a register entry.

Anchors are unique per document (`p1` in every letter), so a target is `DOC#ID` (`letter-a#p1`)
or, when the id is in one document only, the bare `ID`. `check` reports a target that names
nothing or several blocks; `link` and `scholion new` use the same reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Block, Document

SEPARATOR = "#"


def split(target: str) -> tuple[str, str]:
    """("letter-a", "p1") for "letter-a#p1"; ("", "p1") for "p1"."""
    document, _, anchor = target.rpartition(SEPARATOR)
    return document, anchor


def block_map(documents: Iterable[Document]) -> dict[tuple[str, str], Block]:
    """Every block of the collection by (document id, anchor); of two blocks with one id
    (E112), the first."""
    found: dict[tuple[str, str], Block] = {}
    for document in documents:
        for block in document.blocks:
            found.setdefault((document.id, block.id), block)
    return found


def candidates(target: str, blocks: Mapping[tuple[str, str], Block]
               ) -> list[tuple[str, str]]:
    """The (document, anchor) pairs a target may mean: one when it is clear."""
    document, anchor = split(target)
    if document:
        return [(document, anchor)] if (document, anchor) in blocks else []
    return sorted(key for key in blocks if key[1] == anchor)


def name(document: str, anchor: str, blocks: Mapping[tuple[str, str], Block]) -> str:
    """How a note names this block: the bare anchor when no other document has it."""
    shared = sum(1 for key in blocks if key[1] == anchor)
    return anchor if shared == 1 else f"{document}{SEPARATOR}{anchor}"
