"""Find every mention of a person, place, organization or date, and index it.

Each mention is attributed to the innermost citable block that holds it, with a short
snippet of context, so that an index entry can link to the exact ¶ anchor.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..dates import DateValue, date_value
from ..model import Document, Entity, Node, Registers
from ..refs import entity_kind_of, parse_ref

SNIPPET = 60  # characters of context on each side


@dataclass(frozen=True)
class Occurrence:
    document_id: str
    block_id: str
    block_n: str
    text: str  # the words of the mention, as written
    before: str  # context, already trimmed
    after: str
    cert: str = ""


@dataclass(frozen=True)
class EntityEntry:
    entity: Entity
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class DateEntry:
    value: DateValue
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Index:
    persons: tuple[EntityEntry, ...] = ()
    places: tuple[EntityEntry, ...] = ()
    orgs: tuple[EntityEntry, ...] = ()
    dates: tuple[DateEntry, ...] = ()


def build_index(documents: tuple[Document, ...], registers: Registers | None) -> Index:
    by_entity: dict[str, list[Occurrence]] = defaultdict(list)
    by_date: dict[DateValue, list[Occurrence]] = defaultdict(list)
    for document in documents:
        for node, occurrence in occurrences(document):
            if node.tag == "date":
                if (value := date_value(node)) is not None:
                    by_date[value].append(occurrence)
            elif (entity_id := parse_ref(node.get("ref"))) is not None:
                by_entity[entity_id].append(occurrence)
    entities = registers.entities if registers else ()

    def entries(kind: str) -> tuple[EntityEntry, ...]:
        chosen = [EntityEntry(e, tuple(by_entity.get(e.id, ()))) for e in entities
                  if e.kind == kind]
        return tuple(sorted(chosen, key=lambda entry: sort_name(entry.entity.name)))

    return Index(persons=entries("person"), places=entries("place"), orgs=entries("org"),
                 dates=tuple(DateEntry(v, tuple(o)) for v, o in sorted(by_date.items())))


def occurrences(document: Document) -> Iterator[tuple[Node, Occurrence]]:
    """Every mention (a name with @ref, or a date) with its block and context."""
    blocks = {b.id: b for b in document.blocks}
    for block_node in document.body.iter():
        block = blocks.get(block_node.id)
        if block is None:
            continue
        raw = block_node.reading_text()
        for node, start, end in _positions(block_node, blocks):
            yield node, Occurrence(
                document_id=document.id, block_id=block.id, block_n=block.n,
                text=_squash(raw[start:end]).strip(),
                before=_trim_left(raw[max(0, start - SNIPPET * 2):start]),
                after=_trim_right(raw[end:end + SNIPPET * 2]),
                cert=node.get("cert"))


def _positions(block_node: Node, blocks: dict) -> Iterator[tuple[Node, int, int]]:
    """Mentions directly in this block (not in a nested block), with their text offsets."""
    def walk(node: Node, position: int) -> Iterator[tuple[Node, int, int]]:
        for child in node.reading_parts():  # the text as read: no hidden `corr`
            if isinstance(child, str):
                position += len(child)
                continue
            length = len(child.reading_text())
            if child.id not in blocks:
                if _is_mention(child):
                    yield child, position, position + length
                yield from walk(child, position)
            position += length

    yield from walk(block_node, 0)


def _is_mention(node: Node) -> bool:
    return node.tag == "date" or bool(node.get("ref") and entity_kind_of(node))


def sort_name(name: str) -> str:
    """Sort key ignoring case and diacritics (Ōshima sorts with Oshima)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _squash(text: str) -> str:
    """Collapse runs of white space, keeping one at either end if there was one."""
    return re.sub(r"\s+", " ", text)


def _trim_left(text: str) -> str:
    text = _squash(text).lstrip()
    if len(text) <= SNIPPET:
        return text
    cut = text[-SNIPPET:]
    return "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut


def _trim_right(text: str) -> str:
    text = _squash(text).rstrip()
    if len(text) <= SNIPPET:
        return text
    cut = text[:SNIPPET]
    return (cut[:cut.rfind(" ")] if " " in cut else cut) + "…"
