"""Stage 3: resolve references and decide where everything goes in the site.

Pure: it takes the checked `Edition` and returns a `Site`, the complete plan of what
`render` has to draw. Every URL of the site is decided here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..anchors import AnchorLock, Change
from ..cache import NO_CACHE, BuildCache
from ..model import Annotation, Config, Document, Edition, Registers, Theme
from .citing import document_citations, edition_citations
from .index import Index, build_index
from .notes import Note, entity_notes, place_notes

# Index pages by entity kind: (URL, heading). Dates have a chronology of their own.
INDEX_PAGES = {
    "person": ("persons.html", "Persons"),
    "place": ("places.html", "Places"),
    "org": ("organizations.html", "Organizations"),
    "date": ("dates.html", "Chronology"),
}


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    url: str  # relative to the site root; derived from the document id, never its position
    notes: tuple[Note, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (old anchor, current anchor)
    cite: dict[str, Any] = field(default_factory=dict)  # see citing.document_citations


@dataclass(frozen=True)
class Site:
    config: Config
    documents: tuple[DocumentPage, ...]
    index: Index
    registers: Registers | None = None
    entity_notes: dict[str, tuple[Annotation, ...]] = field(default_factory=dict)
    version: str = "unversioned"
    version_date: str = ""
    anchor_changes: tuple[Change, ...] = ()
    edition_cite: dict[str, Any] = field(default_factory=dict)
    theme: Theme = field(default_factory=Theme)

    def document_url(self, document_id: str) -> str:
        return next(p.url for p in self.documents if p.document.id == document_id)


def document_url(document: Document) -> str:
    return f"{document.id}.html"


def entity_url(kind: str, anchor: str) -> str:
    return f"{INDEX_PAGES[kind][0]}#{anchor}"


def canonical_url(base_url: str, path: str) -> str:
    """A page's one public URL, for its canonical link, the sitemap and its JSON-LD. The
    landing page's is the site root: the URL the edition is cited by, so that readers,
    search engines and catalogues all name the edition one way."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return base_url + path


def link_edition(edition: Edition, cache: BuildCache = NO_CACHE) -> Site:
    lock = edition.anchor_lock
    config, version, day = edition.config, edition.version, edition.version_date
    pages = tuple(DocumentPage(document=d, url=document_url(d),
                               notes=place_notes(d, edition.annotations),
                               aliases=_aliases(d, lock),
                               cite=document_citations(config, version, day, d,
                                                       document_url(d), cache))
                  for d in edition.documents)
    entity_ids = set(edition.registers.by_id) if edition.registers else set()
    return Site(config=edition.config, documents=pages, registers=edition.registers,
                index=build_index(edition.documents, edition.registers),
                entity_notes=entity_notes(edition.annotations, entity_ids),
                version=edition.version, version_date=edition.version_date,
                anchor_changes=lock.changes if lock else (),
                edition_cite=edition_citations(config, version, day, cache),
                theme=edition.theme)


def _aliases(document: Document, lock: AnchorLock | None) -> tuple[tuple[str, str], ...]:
    """Old anchors of this document that must keep working, with the block they moved to."""
    if lock is None:
        return ()
    live = {b.id for b in document.blocks}
    return tuple(sorted((old, new) for (doc, old), (new, _) in lock.aliases.items()
                        if doc == document.id and new in live and old not in live))
