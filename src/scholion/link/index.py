"""The index: every mention of a person, place, organization, event or date, by entry.

The mentions themselves are found once, in `reading`; here they are grouped under their
register entry or date, so that each index entry links to the exact ¶ anchors.

Entries are filed by their sort key (`filing_key`): the entry's @sortKey, else its name
with the surname first when the name marks one, else its name as shown; case and
diacritics aside. Each other name of an entry (`Entity.other_names`) is filed too, under
its own letter, as a cross-reference to the entry (`SeeEntry`: "Saint Petersburg, see
Leningrad"), and the A–Z navigation (`Index.letters`) follows the same filing.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..common.dates import DateValue
from ..common.kinds import KINDS, NAMES
from ..common.routes import INDEX_PAGES
from ..model import Entity, OtherName, Registers
from .reading import Mention, Reading


@dataclass(frozen=True)
class EntityEntry:
    entity: Entity
    occurrences: tuple[Mention, ...]

    see = False  # a template tells the two kinds of filed item apart by this

    @property
    def anchor(self) -> str:
        return self.entity.id

    @property
    def key(self) -> str:
        return filing_key(self.entity.sort_key or self.entity.name)


@dataclass(frozen=True)
class SeeEntry:
    """A cross-reference filed under another name of an entry: "Saint Petersburg, see
    Leningrad"."""

    other: OtherName
    entity: Entity
    number: int  # which of the entry's other names, for a fragment id of its own

    see = True

    @property
    def anchor(self) -> str:
        return f"see-{self.number}-{self.entity.id}"

    @property
    def key(self) -> str:
        return filing_key(self.other.sort_key or self.other.name)


Filed = EntityEntry | SeeEntry


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
    # the entries of each kind with the cross-references, in the order an index page
    # files them
    filing: Mapping[str, tuple[Filed, ...]] = field(default_factory=dict)

    def of(self, kind: str) -> tuple[EntityEntry, ...]:
        return self.by_kind.get(kind, ())

    def filed(self, kind: str) -> tuple[Filed, ...]:
        return self.filing.get(kind, ())

    def letters(self, kind: str) -> list[tuple[str, str]]:
        """(letter, fragment id of the first item filed under it) for the A–Z navigation;
        '#' for what files under no letter."""
        found: dict[str, str] = {}
        for item in self.filed(kind):
            letter = item.key[:1].upper()
            found.setdefault(letter if letter.isalpha() else "#", item.anchor)
        return sorted(found.items())

    def page_of(self, kind: str, entity_id: str) -> str:
        """The index page that holds an entry."""
        return INDEX_PAGES[kind][0]

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
        return tuple(sorted(chosen, key=lambda entry: (entry.key, entry.entity.name)))

    by_kind = {kind: entries(kind) for kind in NAMES}
    return Index(by_kind=by_kind,
                 dates=tuple(DateEntry(v, tuple(o)) for v, o in sorted(by_date.items())),
                 filing={kind: _filing(found) for kind, found in by_kind.items()})


def _filing(entries: tuple[EntityEntry, ...]) -> tuple[Filed, ...]:
    """The entries and a cross-reference for each of their other names, in filing order:
    an entry before a cross-reference of the same key."""
    see = [SeeEntry(other, entry.entity, number) for entry in entries
           for number, other in enumerate(entry.entity.other_names, 1)
           if filing_key(other.sort_key or other.name) != entry.key]
    items: list[Filed] = [*entries, *see]
    return tuple(sorted(items, key=lambda item: (item.key, item.see)))


def filing_key(name: str) -> str:
    """What an index files a name by, ignoring case and diacritics (Ōshima files with
    Oshima); '_' in a @sortKey (a token: TEI allows no spaces in it) is a space, so
    that "Kistanov_V_O" files as "Kistanov V O" does."""
    decomposed = unicodedata.normalize("NFKD", name.replace("_", " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
