"""What the search index holds: one record per citable block, per note and per index entry.

Pagefind indexing whole pages gave one result per page ("Shanghai": 5 results for 37
mentions), labelled by the page, and the index pages repeated every mention's snippet (37%
of the HTML, the build's memory peak at 1,000 documents). Records made here from the plan
are what a reader looks for: a paragraph, with its ¶ number and its own words; a note; an
entity by its names and gloss; a date. `write.search` hands them to Pagefind as they are.

Pagefind's own filters are not used: its filter files differ from build to build (hash-map
order), and two builds of a commit must be byte-identical. What a filter needs (the kind
of record, the document) is in each record's metadata instead, which `search.js` reads.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import nh3

from ..common.markup import safe_html
from ..model import Entity
from .index import Index
from .notes import Note
from .reading import Reading

if TYPE_CHECKING:  # the plan's own types; `link` imports this module
    from . import Site

TEXT, NOTE, DATE = "text", "note", "date"  # the kinds of record beside the entity kinds


@dataclass(frozen=True)
class SearchRecord:
    """One search result as Pagefind stores it: where it leads, what it is called, the
    words it is found by, and what the search page filters and labels it by."""

    url: str  # from the site root, with the fragment of the block, note or entry
    title: str  # "Report on sister-city ties ¶ 6", "Shanghai", "18 April 1974"
    content: str
    kind: str  # TEXT, NOTE, DATE or an entity kind (`common.kinds`)
    document: str = ""  # the document's page, for a block or a note
    n: str = ""  # the block's ¶ number
    count: int = 0  # an entry's or a date's mentions

    @property
    def meta(self) -> dict[str, str]:
        meta = {"title": self.title, "kind": self.kind}
        if self.document:
            meta["document"] = self.document
        if self.n:
            meta["n"] = self.n
        if self.count:
            meta["count"] = str(self.count)
        return meta


def block_records(url: str, title: str, readings: tuple[Reading, ...],
                  notes: tuple[Note, ...]) -> Iterator[SearchRecord]:
    """A document's blocks and its notes, in reading order. A block's words are its own
    (not those of the blocks nested in it, which have records of their own), followed by
    the readings the page holds but does not show (a `choice`'s other reading, an
    apparatus variant), so that either reading is found, as it was on the page."""
    for reading in readings:
        words = " ".join(filter(None, (reading.own, reading.hidden)))
        if words:
            yield SearchRecord(f"{url}#{reading.block.id}", f"{title} ¶ {reading.block.n}",
                               words, TEXT, url, reading.block.n)
    for note in notes:
        yield SearchRecord(f"{url}#{note.anchor}", f"{title}, note {note.number} (¶ "
                           f"{note.block_n})", note_text(note.annotation.body), NOTE, url,
                           note.block_n)


def note_text(markdown: str) -> str:
    """A note's Markdown as the plain words a reader sees."""
    text = nh3.clean(safe_html(markdown), tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def entity_records(index: Index, page_of: Callable[[str, str], str]) -> Iterator[SearchRecord]:
    """Each entry of the index, found by its names and its gloss; `page_of(kind, id)` is
    the page that holds the entry (its letter's page when the index is split)."""
    for kind, entries in index.by_kind.items():
        for entry in entries:
            entity = entry.entity
            yield SearchRecord(f"{page_of(kind, entity.id)}#{entity.id}", entity.name,
                               entity_words(entity), kind, count=len(entry.occurrences))
    for date in index.dates:
        value = date.value  # found by its words and by its ISO form ("1974-04-18")
        words = " ".join(dict.fromkeys((value.label, value.key)))
        yield SearchRecord(f"{page_of(DATE, value.anchor)}#{value.anchor}", value.label,
                           words, DATE,
                           count=len(date.occurrences))


def entity_words(entity: Entity) -> str:
    """An entry's names (the main one, the other names, the original-script forms, the
    forms the text uses) and its gloss, each once."""
    names = [entity.name, *(o.name for o in entity.other_names),
             *(name for _, name in entity.original), *entity.variants]
    unique = list(dict.fromkeys(n for n in names if n))
    return " · ".join([*unique, *(t for t in (str(entity.description),) if t)])


def search_records(site: Site) -> tuple[SearchRecord, ...]:
    """Every record of the site: the documents' blocks and notes in the collection's
    order, then the index entries and the dates."""
    found = [record for page in site.documents for record in
             block_records(page.url, page.document.meta.title, page.readings, page.notes)]
    return (*found, *entity_records(site.index, site.index.page_of))
