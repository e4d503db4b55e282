"""Place each note's marker in the text and number the notes in reading order.

The quote was already checked to occur exactly once (by the same `quotes.find`); here it
becomes its span in the block's text, for the exports' TextQuoteSelector, and an offset
into the block's raw text, which is where `render` puts the marker, right after it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..common import quotes
from ..model import HEADNOTE, Annotation
from .reading import Reading


@dataclass(frozen=True)
class Note:
    number: int  # display only: the anchor comes from the slug, so it never shifts
    annotation: Annotation
    block_id: str
    block_n: str
    start: int  # the quote in the block's normalized text (`Reading.text`)
    end: int
    offset: int  # in the block's raw reading text (`Reading.raw`), just after the quote
    raw_start: int = 0  # ... and where the quote begins there (the index's notes read it)

    @property
    def anchor(self) -> str:
        return f"note-{self.annotation.slug}"

    @property
    def marker(self) -> str:
        return f"ref-{self.annotation.slug}"


def place_notes(readings: tuple[Reading, ...],
                annotations: tuple[tuple[Annotation, str], ...]) -> tuple[Note, ...]:
    """`annotations`: the notes on this document, each with the anchor its target names
    (`common.targets`, as `check` read it)."""
    order = {r.block.id: (i, r) for i, r in enumerate(readings)}
    placed: list[tuple[int, int, int, tuple[int, int], Annotation, str]] = []
    for annotation, anchor in annotations:
        if anchor not in order:
            continue
        position, reading = order[anchor]
        starts = quotes.find(reading.text, annotation.quote, annotation.prefix,
                             annotation.suffix)
        if len(starts) == 1:  # `check` has said so; anything else is not placed
            start, end = starts[0], starts[0] + len(annotation.quote)
            # where the quote begins in the raw text, and just after its last character
            first, last = quotes.raw_offsets(reading.raw, start, end - 1)
            placed.append((position, start, end, (first, last + 1), annotation, anchor))
    placed.sort(key=lambda p: (p[0], p[1], p[4].slug))
    return tuple(Note(number=i, annotation=a, block_id=anchor,
                      block_n=order[anchor][1].block.n, start=start, end=end,
                      offset=raw[1], raw_start=raw[0])
                 for i, (_, start, end, raw, a, anchor) in enumerate(placed, start=1))


def entity_notes(annotations: tuple[Annotation, ...], entity_ids: set[str]
                 ) -> dict[str, tuple[Annotation, ...]]:
    """Notes whose target is a register entry, shown on that entry in the index."""
    found: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in sorted(annotations, key=lambda a: a.slug):
        if annotation.type != HEADNOTE and annotation.target in entity_ids:
            found[annotation.target].append(annotation)
    return {k: tuple(v) for k, v in found.items()}
