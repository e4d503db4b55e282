"""The index: every mention of a person, place, organization or date, by entry.

The mentions themselves are found once, in `reading`; here they are grouped under their
register entry or date, so that each index entry links to the exact ¶ anchors.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..common.dates import DateValue
from ..model import Entity, Registers
from .reading import Mention, Reading


@dataclass(frozen=True)
class EntityEntry:
    entity: Entity
    occurrences: tuple[Mention, ...]


@dataclass(frozen=True)
class DateEntry:
    value: DateValue
    occurrences: tuple[Mention, ...]


@dataclass(frozen=True)
class Index:
    persons: tuple[EntityEntry, ...] = ()
    places: tuple[EntityEntry, ...] = ()
    orgs: tuple[EntityEntry, ...] = ()
    dates: tuple[DateEntry, ...] = ()


def build_index(readings: Iterable[Reading], registers: Registers | None) -> Index:
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    by_date: dict[DateValue, list[Mention]] = defaultdict(list)
    for reading in readings:
        for mention in reading.mentions:
            if mention.pointer.date is not None:
                by_date[mention.pointer.date].append(mention)
            else:  # `ref="#p1 #p2"`: the words mention both
                for key in mention.pointer.keys:
                    by_entity[key].append(mention)
    entities = registers.entities if registers else ()

    def entries(kind: str) -> tuple[EntityEntry, ...]:
        chosen = [EntityEntry(e, tuple(by_entity.get(e.id, ()))) for e in entities
                  if e.kind == kind]
        return tuple(sorted(chosen, key=lambda entry: sort_name(entry.entity.name)))

    return Index(persons=entries("person"), places=entries("place"), orgs=entries("org"),
                 dates=tuple(DateEntry(v, tuple(o)) for v, o in sorted(by_date.items())))


def sort_name(name: str) -> str:
    """Sort key ignoring case and diacritics (Ōshima sorts with Oshima)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
