"""The index: every mention of a person, place, organization, event or date, by entry.

The mentions themselves are found once, in `reading`; here they are grouped under their
register entry or date, so that each index entry links to the exact ¶ anchors.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..common.dates import DateValue
from ..common.kinds import KINDS, NAMES
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
    """The entries of each kind (`common.kinds`) with their mentions, and the dates.
    Templates read a kind's entries by its `attribute` (`site.index.places`)."""

    by_kind: Mapping[str, tuple[EntityEntry, ...]] = field(default_factory=dict)
    dates: tuple[DateEntry, ...] = ()

    def of(self, kind: str) -> tuple[EntityEntry, ...]:
        return self.by_kind.get(kind, ())

    def __getattr__(self, name: str) -> tuple[EntityEntry, ...]:
        """`persons`, `places`, `orgs`, `events`: one name per kind, from its table."""
        kind = next((k.name for k in KINDS if k.attribute == name), None)
        if kind is None:
            raise AttributeError(name)
        return self.of(kind)


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

    return Index(by_kind={kind: entries(kind) for kind in NAMES},
                 dates=tuple(DateEntry(v, tuple(o)) for v, o in sorted(by_date.items())))


def sort_name(name: str) -> str:
    """Sort key ignoring case and diacritics (Ōshima sorts with Oshima)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
