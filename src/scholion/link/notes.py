"""Place each note's marker in the text and number the notes in reading order.

The quote was already checked to occur exactly once; here it becomes an offset into the
block's raw text, which is where `render` puts the marker, right after the quoted words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .. import anchoring
from ..model import Annotation, Document, Node


@dataclass(frozen=True)
class Note:
    number: int  # display only: the anchor comes from the slug, so it never shifts
    annotation: Annotation
    block_id: str
    block_n: str
    offset: int  # in the raw text of the block's TEI element, just after the quote

    @property
    def anchor(self) -> str:
        return f"note-{self.annotation.slug}"

    @property
    def marker(self) -> str:
        return f"ref-{self.annotation.slug}"


def place_notes(document: Document, annotations: tuple[Annotation, ...]) -> tuple[Note, ...]:
    blocks = {b.id: (i, b) for i, b in enumerate(document.blocks)}
    nodes = {n.id: n for n in document.body.iter() if n.id in blocks}
    placed: list[tuple[int, int, Annotation]] = []
    for annotation in annotations:
        if annotation.target not in nodes:
            continue
        offset = _offset(nodes[annotation.target], annotation)
        if offset is not None:
            placed.append((blocks[annotation.target][0], offset, annotation))
    placed.sort(key=lambda p: (p[0], p[1], p[2].slug))
    return tuple(Note(number=i, annotation=a, block_id=a.target,
                      block_n=blocks[a.target][1].n, offset=offset)
                 for i, (_, offset, a) in enumerate(placed, start=1))


def _offset(node: Node, annotation: Annotation) -> int | None:
    text, index = anchoring.normalize(node.reading_text())
    starts = anchoring.find(text, annotation.quote, annotation.prefix, annotation.suffix)
    if len(starts) != 1:
        return None
    end = starts[0] + len(annotation.quote)
    return index[end - 1] + 1


def entity_notes(annotations: tuple[Annotation, ...], entity_ids: set[str]
                 ) -> dict[str, tuple[Annotation, ...]]:
    """Notes whose target is a register entry, shown on that entry in the index."""
    found: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in sorted(annotations, key=lambda a: a.slug):
        if annotation.target in entity_ids:
            found[annotation.target].append(annotation)
    return {k: tuple(v) for k, v in found.items()}
