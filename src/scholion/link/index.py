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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..common.dates import DateValue
from ..common.kinds import DATE, KINDS, NAMES
from ..common.routes import INDEX_PAGES
from ..model import Entity, OtherName, Registers
from .notes import Note
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

    @property
    def anchor(self) -> str:
        return self.value.anchor


# filed items an index page holds at most; a kind with more is split by letter. With
# `SHOWN` mentions each, 500 made pages of 1.5 MB for 10,000 synthetic letters (#17)
SPLIT = 100
SHOWN = 20  # mentions an entry shows on its index page; the rest are on pages of its own
PER_PAGE = 500  # mentions a page of an entry's mentions holds


@dataclass(frozen=True)
class MentionPage:
    """One page of the mentions of an entry or a date mentioned more than `SHOWN` times:
    `places/shanghai-mentions.html`, `-2.html`, ... (#17: Shanghai has 37 mentions in one
    report, 37,000 in a thousand; its index entry shows the first `SHOWN`)."""

    url: str
    kind: str
    anchor: str  # the entry's (or date's) fragment id on its index page
    name: str
    number: int
    of: int  # how many pages its mentions take
    occurrences: tuple[Mention, ...]
    # the notes on passages of these mentions (an entry's index page shows its first
    # `SHOWN` notes: a note a mention, they would grow with the collection as they do)
    notes: tuple[NoteRef, ...] = ()


@dataclass(frozen=True)
class IndexPart:
    """One page of a split index: the items filed under one letter (or, past `SPLIT`
    items under one letter, a run of them): `persons/a.html`, `persons/s-2.html`."""

    url: str
    kind: str
    letter: str  # as the A–Z navigation shows it: "A", "#" for what files under none
    items: tuple[Filed, ...]
    number: int = 1  # which run of its letter

    @property
    def label(self) -> str:
        return self.letter if self.number == 1 else f"{self.letter} ({self.number})"


@dataclass(frozen=True)
class NoteRef:
    """A note on a passage that mentions an entry: the entry lists it ("notes on its
    mentions"), linked to the note itself."""

    url: str  # the document's page
    anchor: str  # the note's fragment id
    number: int
    block_n: str
    quote: str
    block_id: str = ""  # the passage's, to find its mentions by


@dataclass(frozen=True)
class Index:
    """The entries of each kind (`common.kinds`) with their mentions, and the dates.
    Templates read a kind's entries by its `attribute` (`site.index.places`)."""

    by_kind: Mapping[str, tuple[EntityEntry, ...]] = field(default_factory=dict)
    dates: tuple[DateEntry, ...] = ()
    # the entries of each kind with the cross-references, in the order an index page
    # files them
    filing: Mapping[str, tuple[Filed, ...]] = field(default_factory=dict)
    # the pages of each kind that has more than `SPLIT` items, in filing order (none: the
    # kind's page holds them all), and the page of each item filed on one of them
    parts: Mapping[str, tuple[IndexPart, ...]] = field(default_factory=dict)
    pages: Mapping[str, str] = field(default_factory=dict)  # item anchor -> part URL
    # the notes on passages that mention each entry, by entity id, in reading order
    notes: Mapping[str, tuple[NoteRef, ...]] = field(default_factory=dict)
    # the pages of the mentions of each entry or date mentioned more than `SHOWN` times,
    # by its anchor
    mention_pages: Mapping[str, tuple[MentionPage, ...]] = field(default_factory=dict)

    def of(self, kind: str) -> tuple[EntityEntry, ...]:
        return self.by_kind.get(kind, ())

    def filed(self, kind: str) -> tuple[Filed, ...]:
        return self.filing.get(kind, ())

    def letters(self, kind: str) -> list[tuple[str, str]]:
        """(letter, fragment id of the first item filed under it) for the A–Z navigation;
        '#' for what files under no letter."""
        found: dict[str, str] = {}
        for item in self.filed(kind):
            found.setdefault(letter_of(item), item.anchor)
        return sorted(found.items())

    def page_of(self, kind: str, anchor: str) -> str:
        """The index page that holds an entry (or a cross-reference, by its anchor): its
        letter's when the kind is split, else the kind's page."""
        return self.pages.get(anchor) or INDEX_PAGES[kind][0]

    def mention_page(self, url: str) -> MentionPage | None:
        return self._by_url.get(url) if isinstance(self._by_url.get(url), MentionPage) \
            else None

    def part(self, url: str) -> IndexPart | None:
        return self._by_url.get(url) if isinstance(self._by_url.get(url), IndexPart) \
            else None

    @cached_property
    def _by_url(self) -> dict[str, MentionPage | IndexPart]:
        """Every page of the index by its address: each page asks for its own, and a scan
        per page made a collection's index pages quadratic."""
        found: dict[str, MentionPage | IndexPart] = {
            p.url: p for pages in self.mention_pages.values() for p in pages}
        found |= {p.url: p for parts in self.parts.values() for p in parts}
        return found

    def mentions(self, kind: str) -> int:
        return sum(len(entry.occurrences) for entry in self.of(kind))

    def most_mentioned(self, kind: str, count: int = 8) -> tuple[EntityEntry, ...]:
        """The entries mentioned most often (and at all), for the index hub."""
        ranked = sorted((e for e in self.of(kind) if e.occurrences),
                        key=lambda e: (-len(e.occurrences), e.key, e.entity.name))
        return tuple(ranked[:count])

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
    filing = {kind: _filing(found) for kind, found in by_kind.items()}
    parts = {kind: split(kind, items) for kind, items in filing.items() if len(items) > SPLIT}
    dates = tuple(DateEntry(v, tuple(by_date[v])) for v in sorted(by_date, key=DateValue.order))
    if len(dates) > SPLIT:  # the chronology of a large collection: a page a year
        parts[DATE] = split_dates(dates)
    many = [(kind, e.entity.id, e.entity.name, e.occurrences)
            for kind, found in by_kind.items() for e in found if len(e.occurrences) > SHOWN]
    many += [(DATE, d.value.anchor, d.value.label, d.occurrences) for d in dates
             if len(d.occurrences) > SHOWN]
    return Index(by_kind=by_kind, dates=dates, filing=filing, parts=parts,
                 mention_pages={anchor: mention_pages(kind, anchor, name, found)
                                for kind, anchor, name, found in many},
                 pages={item.anchor: part.url for kind_parts in parts.values()
                        for part in kind_parts for item in part.items})


def split(kind: str, items: tuple[Filed, ...], size: int = SPLIT) -> tuple[IndexPart, ...]:
    """A kind's filed items as pages by letter, none longer than `size` items: bounded
    pages however large the registers grow (10,000 persons make some 26 pages, not one of
    many megabytes). Each page lives in a folder named after the kind's page
    (`persons/a.html`), where no document's page can be (a document id has no '/')."""
    by_letter: dict[str, list[Filed]] = {}
    for item in items:
        by_letter.setdefault(letter_of(item), []).append(item)
    folder = INDEX_PAGES[kind][0].removesuffix(".html")
    parts = []
    for letter, filed in sorted(by_letter.items()):
        for number, start in enumerate(range(0, len(filed), size), start=1):
            name = _slug(letter) + ("" if number == 1 else f"-{number}")
            parts.append(IndexPart(f"{folder}/{name}.html", kind, letter,
                                   tuple(filed[start:start + size]), number))
    return tuple(parts)


def split_dates(dates: tuple[DateEntry, ...], size: int = SPLIT) -> tuple[IndexPart, ...]:
    """The chronology as pages by year (`dates/1850.html`, a year of more than `size`
    dates in runs: `dates/1850-2.html`), in time order; what has no year of four digits
    (a BCE date) on `dates/other.html`. Its own page becomes the overview, one line a
    date under its own id, so that a date's address stays what it was."""
    by_year: dict[str, list[DateEntry]] = {}
    for entry in dates:
        year = (entry.value.start or entry.value.end)[:4]  # "until 1850": its end's
        by_year.setdefault(year if year.isdigit() else "#", []).append(entry)
    folder = INDEX_PAGES[DATE][0].removesuffix(".html")
    parts = []
    for year, found in by_year.items():
        for number, start in enumerate(range(0, len(found), size), start=1):
            name = _slug(year) + ("" if number == 1 else f"-{number}")
            parts.append(IndexPart(f"{folder}/{name}.html", DATE, year,
                                   tuple(found[start:start + size]), number))  # type: ignore[arg-type]
    return tuple(parts)


def mention_pages(kind: str, anchor: str, name: str, occurrences: tuple[Mention, ...],
                  size: int = 0) -> tuple[MentionPage, ...]:
    """An entry's mentions on pages of `size` (`PER_PAGE`), in a folder named after its
    index page."""
    size = size or PER_PAGE
    folder = INDEX_PAGES[kind][0].removesuffix(".html")
    runs = range(0, len(occurrences), size)
    return tuple(MentionPage(f"{folder}/{anchor}-mentions{'' if n == 1 else f'-{n}'}.html",
                             kind, anchor, name, n, len(runs),
                             occurrences[start:start + size])
                 for n, start in enumerate(runs, start=1))


def letter_of(item: Filed) -> str:
    """The letter an item is filed under in the A–Z navigation; '#' for none."""
    letter = item.key[:1].upper()
    return letter if letter.isalpha() else "#"


def _slug(letter: str) -> str:
    """A letter as a file name: 'a'; 'other' for '#'; a letter beyond ASCII by its code
    point ('u5927' for 大), so that every name is plain in any file system."""
    if letter == "#":
        return "other"
    return letter.lower() if letter.isascii() else f"u{ord(letter):04x}"


def passage_notes(documents: Iterable[tuple[str, Iterable[Reading], Iterable[Note]]]
                  ) -> dict[str, tuple[NoteRef, ...]]:
    """For each entity, the notes whose quote overlaps one of its mentions: (page URL,
    readings, notes) of each document. A note on "Y. Osima" is a note about Ōshima."""
    found: dict[str, list[NoteRef]] = defaultdict(list)
    for url, readings, notes in documents:
        by_block = {r.block.id: r for r in readings}
        for note in notes:
            reading = by_block.get(note.block_id)
            if reading is None:
                continue
            keys = {key for m in reading.mentions if m.pointer.date is None
                    and m.start < note.offset and note.raw_start < m.end
                    for key in m.pointer.keys}
            ref = NoteRef(url, note.anchor, note.number, note.block_n, note.annotation.quote,
                          note.block_id)
            for key in sorted(keys):
                found[key].append(ref)
    return {k: tuple(v) for k, v in found.items()}


def with_notes(pages: Mapping[str, tuple[MentionPage, ...]],
               notes: Mapping[str, tuple[NoteRef, ...]],
               url_of: Callable[[str], str]) -> dict[str, tuple[MentionPage, ...]]:
    """Each entry's pages of mentions with the notes (of `passage_notes`) on the passages
    of their own mentions: `url_of(document_id)` is a document's page."""
    found = {}
    for anchor, runs in pages.items():
        about = notes.get(anchor, ())
        if about:
            runs = tuple(replace(run, notes=_on(run.occurrences, about, url_of))
                         for run in runs)
        found[anchor] = runs
    return found


def _on(occurrences: tuple[Mention, ...], notes: tuple[NoteRef, ...],
        url_of: Callable[[str], str]) -> tuple[NoteRef, ...]:
    places = {(url_of(m.document_id), m.block_id) for m in occurrences}
    return tuple(n for n in notes if (n.url, n.block_id) in places)


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
