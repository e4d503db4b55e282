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

import hashlib
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import nh3

from ..common.markup import safe_html
from ..model import Entity, Share
from .index import Index
from .notes import Note
from .reading import Reading

if TYPE_CHECKING:  # the plan's own types; `link` imports this module
    from . import DocumentPage, Site

TEXT, NOTE, DATE = "text", "note", "date"  # the kinds of record beside the entity kinds
# A collection's documents are indexed in parts of about PART documents (`parts_of`): at
# least SHORTEST, at most LONGEST. Each part is its own Pagefind bundle, made by a Pagefind
# process of its own (whose memory is the part's, not the collection's), kept between
# builds under a digest of what it holds (`write.search`), and merged in the reader's
# browser, which loads each part's small files on its first search (about 60 kB a part).
PART = 500
SHORTEST = PART // 2
LONGEST = 4 * PART


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


@dataclass(frozen=True)
class Bundle:
    """One Pagefind index of the site: the main one (`folder` ""), which the search page
    loads first, or a part of the collection's documents, merged into it."""

    folder: str  # under the bundle's folder: "" for the main index, "1", "2", ... for parts
    records: tuple[SearchRecord, ...]
    pages: tuple[str, ...] = ()  # pages of the edition's own, indexed as they are written


def parts_of(ids: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """A collection's documents (in its order) cut into runs of about PART for its search
    index, or none, for an edition of at most PART documents (one index holds it all).
    Past SHORTEST documents, a run ends after a document whose id's checksum is a
    multiple of PART - SHORTEST (or at LONGEST): the cuts follow the documents, not their
    positions (content-defined chunking, as backup tools cut files), so that a letter
    changed changes its own run alone, and one added or removed that run and seldom the
    next, every other part being kept as it was."""
    if len(ids) <= PART:
        return ()
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    for document in ids:
        run.append(document)
        if (_cuts_after(document) and len(run) >= SHORTEST) or len(run) == LONGEST:
            runs.append(tuple(run))
            run = []
    if run and runs and len(run) < SHORTEST:  # a short end joins the run before it
        runs[-1] += tuple(run)
    elif run:
        runs.append(tuple(run))
    return tuple(runs)


def _cuts_after(document: str) -> bool:
    """One document in PART - SHORTEST, by a hash of its id (its bits evenly spread,
    which a CRC's are not for ids that differ in a digit or two)."""
    digest = hashlib.blake2b(document.encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big") % (PART - SHORTEST) == 0


def search_records(site: Site) -> tuple[SearchRecord, ...]:
    """Every record of the site, bundle by bundle (`search_bundles`)."""
    return tuple(record for bundle in search_bundles(site) for record in bundle.records)


def search_bundles(site: Site, pages: tuple[str, ...] = ()) -> tuple[Bundle, ...]:
    """The site's search indexes: one with every record and `pages`, or, for a collection
    cut into parts (`Site.search_parts`), a main index of the entries, dates and `pages`,
    and one per part with the blocks and notes of its documents (`part_folders`). An
    edition with no entry and no date has its first part in the main index: Pagefind's
    script needs the main index's language, which an empty index has not."""
    entries = tuple(entity_records(site.index, site.index.page_of))
    if not site.search_parts:
        return (Bundle("", (*_documents_records(site.documents), *entries), pages),)
    runs = [tuple(_documents_records(site.pages_of(Share(frozenset(ids)))))
            for ids in site.search_parts]
    main, *rest = [entries, *runs] if _has_entries(site.index) else runs
    return (Bundle("", main, pages),
            *(Bundle(folder, records)
              for folder, records in zip(part_folders(site), rest, strict=True)))


def part_folders(site: Site) -> tuple[str, ...]:
    """The folders of the search index's parts in its bundle's folder ("1", "2", ...),
    beside the main index: what the search page merges."""
    count = len(site.search_parts) - (0 if _has_entries(site.index) else 1)
    return tuple(str(n) for n in range(1, count + 1)) if site.search_parts else ()


def _has_entries(index: Index) -> bool:
    """Whether `entity_records` gives any record: an entry or a date."""
    return bool(index.dates) or any(index.by_kind.values())


def _documents_records(pages: Sequence[DocumentPage]) -> Iterator[SearchRecord]:
    for page in pages:
        yield from block_records(page.url, page.document.meta.title, page.readings,
                                 page.notes)
