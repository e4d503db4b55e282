"""Stage 3: resolve references and decide where everything goes in the site.

Pure: it takes the checked `Edition` and returns a `Site`, the complete plan of what
`render` (the pages) and `export` (the data) draw, as frozen values: every block's reading
text with its mentions and notes, every route, each document's table of contents and
citations. Both read the plan; neither works anything out again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from ..cache import NO_CACHE, BuildCache
from ..common import hrefs, targets
from ..common.anchors import AnchorLock, Change
from ..common.kinds import DATE, NAMES
from ..common.routes import (
    DTS_ENTRY,
    DTS_NAV,
    FIGURE_PAGES,
    INDEX_PAGES,
    LANDING,
    LIST_ALL,
    REGISTERS,
    SEARCH_BUNDLE,
    SITE_FILES,
    SITE_PAGES,
    STATIC_FILES,
    Route,
    canonical_url,
    data_url,
    document_url,
    dts_collection_url,
    dts_document_url,
    dts_navigation_url,
    dts_root_requests,
    release_url,
    sitemap_runs,
    static_url,
)
from ..model import (
    DTS_DOCUMENTS,
    DTS_NONE,
    DTS_UNITS,
    HEADNOTE,
    Annotation,
    Config,
    Document,
    Edition,
    FileCopy,
    Node,
    Registers,
    Releases,
    Share,
    Theme,
    apparatus_places,
)
from .apparatus import Witness, witnesses
from .cards import Card, page_cards
from .citing import (
    citing_config,
    citing_date,
    document_citations,
    document_item,
    edition_citations,
)
from .collection import Collection, plan_collection
from .contents import Part
from .images import Images, page_images, plan_images
from .index import Index, build_index, passage_notes, with_notes
from .kept import Own, own_part, settings_key
from .maps import PlaceMap, Timeline, place_map, timeline
from .notes import Note, entity_notes, place_notes
from .reading import Reading
from .search import part_folders, parts_of
from .units import CitationTree, Unit, published

__all__ = ["CitationTree", "DocumentPage", "Download", "Images", "NavItem", "Route", "Site",
           "Unit", "link_edition"]


@dataclass(frozen=True)
class Download:
    """A data format the site offers: per document (`data/<id><suffix>`) or once for the
    whole site (`data/<name>`). Declared by `export.formats`, planned here."""

    suffix: str  # ".xml", or the file name of a site-wide file
    label: str
    media_type: str
    per_document: bool = True
    # it holds every document's text (the edition as one e-book): a large collection's
    # build leaves it out (it would grow without bound, and be drawn again on every build)
    whole_text: bool = False
    # a second or so a document (the PDF): a large collection has it only if its settings
    # ask for it (`pdf = true`)
    costly: bool = False


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    covers: tuple[str, ...]  # the pages on which this item is the current one


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    url: str  # relative to the site root; derived from the document id, never its position
    readings: tuple[Reading, ...] = ()  # each block's text and mentions, in reading order
    notes: tuple[Note, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (old anchor, current anchor)
    cite: dict[str, Any] = field(default_factory=dict)  # see citing.document_citations
    cite_item: dict[str, Any] = field(default_factory=dict)  # see citing.document_item
    contents: tuple[Part, ...] = ()
    previous: tuple[str, str] | None = None  # (URL, title) of the document before, in order
    following: tuple[str, str] | None = None  # ... and after: letters read in sequence
    # the views a reader may switch between, the edition's own first; empty when no
    # `choice` of the document sets a witness's form against an editor's
    views: tuple[str, ...] = ()
    # where each pointer of its `ref`s and `ptr`s goes (`common.hrefs`), by pointer
    links: dict[str, hrefs.Link] = field(default_factory=dict)
    images: Images = field(default_factory=Images)  # what each image reference shows
    # (page number, URL) of each page break whose image is a file of the site, in order:
    # the facsimile view beside the text (none: no view)
    page_images: tuple[tuple[str, str], ...] = ()
    witnesses: tuple[Witness, ...] = ()  # of its apparatus (listWit), as readings name them
    headnote: Annotation | None = None  # the note that introduces the document, if any
    # the apparatus entries that refer to a place of the text, by its anchor: their markers
    # go there (`model.apparatus_places`; the index reads their names at that place too)
    located: dict[str, tuple[Node, ...]] = field(default_factory=dict)
    citation: CitationTree = field(default_factory=CitationTree)  # its DTS citable units
    # an entity card for each entry the text mentions, in the order of first mention
    cards: tuple[Card, ...] = ()


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
    routes: tuple[Route, ...] = ()  # every page and file of the site
    downloads: tuple[Download, ...] = ()
    copies: tuple[FileCopy, ...] = ()  # the image files of source/ published as they are
    principles: str = ""  # the editorial principles for readers, in Markdown
    # who wrote and received the collection's letters: (name, letters from, letters to),
    # most letters first (`correspondents`)
    correspondents: tuple[tuple[str, int, int], ...] = ()
    releases: Releases = field(default_factory=Releases)
    # --- the map of places and the timeline (`link.maps`; issue 15, item 10) ---
    place_map: PlaceMap = field(default_factory=PlaceMap)  # empty: no place has coordinates
    timeline: Timeline = field(default_factory=Timeline)  # empty: nothing is dated
    # --- a large collection's bounded landing page and its lists (`link.collection`;
    # issue 17): not `paged` for a small one, whose landing page lists every document ---
    collection: Collection = field(default_factory=Collection)
    # what the static DTS API publishes (`dts_setting`): every call, each citable unit's
    # too (`DTS_UNITS`); the documents whole (`DTS_DOCUMENTS`); nothing (`DTS_NONE`)
    dts: str = DTS_UNITS
    # the documents' ids in the parts of the search index (`search.parts_of`): none for an
    # edition that one index holds
    search_parts: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def search_folders(self) -> tuple[str, ...]:
        """The folders of the search index's parts, which the search page merges."""
        return part_folders(self)

    def dts_tree(self, page: DocumentPage) -> CitationTree:
        """The citable units of `page` that the DTS API publishes (`units.published`)."""
        return published(page.citation, self.dts)

    def cite_as(self, path: str) -> str:
        """The lasting address of a page (RFC 8574 `cite-as`): a release's own; for the
        current edition, the same page of the release it still is, else its canonical one
        (a text that is not released yet has no lasting address but this)."""
        if self.releases.same_as and not self.releases.this:
            return canonical_url(release_url(self.config.base_url, self.releases.same_as),
                                 path)
        return canonical_url(self.config.base_url, path)

    def in_current(self, path: str) -> str:
        """In a release's pages: this page in the current edition, if it has it, else the
        current edition's landing page ("" in the current edition itself)."""
        if not self.releases.this:
            return ""
        return self.releases.current_url + (path if path in self.releases.current_paths
                                            else LANDING)

    def release_url(self, version: str) -> str:
        """Where a release of the edition is, from any of its builds."""
        return release_url(self.releases.current_url or self.config.base_url, version)

    def document_url(self, document_id: str) -> str:
        """The page of a document, by its id: a lookup, since the index asks it for every
        mention (a scan per mention made the index pages quadratic in the collection)."""
        return self._document_urls[document_id]

    @cached_property
    def _document_urls(self) -> dict[str, str]:
        return {p.document.id: p.url for p in self.documents}

    def pages_of(self, share: Share) -> tuple[DocumentPage, ...]:
        """The documents of `share`, in the collection's order: found by id, since a
        build asks this for every document alone, and a scan each time made a large
        collection's cold build quadratic."""
        if share.documents is None:
            return self.documents
        found = [self._positions[i] for i in share.documents if i in self._positions]
        return tuple(self.documents[n] for n in sorted(found))

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {p.document.id: n for n, p in enumerate(self.documents)}

    @cached_property
    def html_pages(self) -> tuple[Route, ...]:
        """Worked out once a plan: every page asks (its JSON-LD, its navigation), and a
        scan of the routes per page made a collection's build quadratic."""
        return tuple(r for r in self.routes if r.html)

    @cached_property
    def figure_routes(self) -> tuple[Route, ...]:
        """The map's and the timeline's pages, those the edition has: every index page
        links them, and a scan of every route per page (a collection's documents have
        several each) was a tenth of a collection's rebuild."""
        return tuple(r for r in self.routes if r.kind in ("map", "timeline"))

    @cached_property
    def nav(self) -> tuple[NavItem, ...]:
        """The site navigation, from the routes: the index item covers every index page,
        and the map and the timeline, which the index pages lead to."""
        indexes = tuple(r.url for r in self.routes if r.kind in ("index", "map", "timeline"))
        lists = tuple(r.url for r in self.routes if r.kind in ("landing", "collection"))
        return tuple(NavItem(r.nav, r.url, indexes if r.kind == "index"
                             else lists if r.kind == "landing" else (r.url,))
                     for r in self.routes if r.nav)

    @property
    def document_downloads(self) -> tuple[Download, ...]:
        return tuple(d for d in self.downloads if d.per_document)


def link_edition(edition: Edition, cache: BuildCache = NO_CACHE,
                 downloads: tuple[Download, ...] = ()) -> Site:
    lock = edition.anchor_lock
    config, version, day = edition.config, edition.version, edition.version_date
    citing, citing_day = citing_config(edition), citing_date(edition)
    on = _notes_by_document(edition)
    heads = {a.target: a for a in reversed(edition.annotations) if a.type == HEADNOTE}
    located = {d.id: apparatus_places(d.body) for d in edition.documents}
    settings = settings_key(edition.registers, config) if cache.folder is not None else ""
    own = {d.id: own_part(d, edition.registers, config, located[d.id], cache, settings)
           for d in edition.documents}
    where = hrefs.Collection(tuple(hrefs.place_of(d, own[d.id].labels)
                                   for d in edition.documents), edition.registers)
    images = {d.id: plan_images(d, edition.root) for d in edition.documents}
    pages = _in_sequence(tuple(_document_page(edition, d, own[d.id], located[d.id],
                                              on.get(d.id, ()), cache, here, where,
                                              images[d.id][0], heads.get(d.id))
                               for d, here in zip(edition.documents, where.places,
                                                  strict=True)))
    entity_ids = set(edition.registers.by_id) if edition.registers else set()
    copies = _copies(c for _, planned in images.values() for c in planned)
    index = build_index((r for p in pages for r in p.readings), edition.registers)
    index = replace(index, notes=passage_notes((p.url, p.readings, p.notes) for p in pages))
    counts = {e.entity.id: len(e.occurrences) for kind in NAMES for e in index.of(kind)}
    made: dict[str, Card] = {}
    pages = tuple(replace(p, cards=page_cards(p.readings, edition.registers, counts, made))
                  for p in pages)
    urls = {p.document.id: p.url for p in pages}
    index = replace(index, mention_pages=with_notes(index.mention_pages, index.notes,
                                                    urls.__getitem__))
    collection = plan_collection(pages)
    years = tuple((y.year, y.url, y.total) for y in collection.calendar.years)
    figures = {"place_map": place_map(index, edition.registers),
               "timeline": timeline(index, pages, urls.__getitem__, years,
                                    collection.noun)}
    if collection.paged:
        downloads = tuple(d for d in downloads if not d.whole_text
                          and not (d.costly and costly_left_out(config, len(pages))))
    dts = dts_setting(config, collection)
    return Site(config=config, documents=pages, registers=edition.registers, index=index,
                entity_notes=entity_notes(edition.annotations, entity_ids),
                version=version, version_date=day,
                anchor_changes=lock.changes if lock else (),
                edition_cite=edition_citations(citing, citing_day, cache),
                theme=edition.theme,
                routes=_routes(edition, pages, downloads, copies, index, _drawn(figures),
                               collection.routes, dts),
                downloads=downloads, copies=copies, principles=edition.principles,
                correspondents=correspondents(pages), releases=edition.releases,
                collection=collection, dts=dts,
                search_parts=parts_of(tuple(urls)), **figures)


def costly_left_out(config: Config, documents: int) -> bool:
    """Whether a site of `documents` leaves its costly downloads (the PDFs, about half a
    second a document) out: a large collection (more than `LIST_ALL`, the size past
    which it is paged) does, unless its settings ask for them (`pdf = true`)."""
    return config.pdf is None and documents > LIST_ALL


def dts_setting(config: Config, collection: Collection) -> str:
    """What the DTS API publishes: the edition's `dts` setting, else by the collection's
    size. A small edition gets every call, each citable unit's too (Level 0 with citation
    trees); a paged one (more than `LIST_ALL` documents) the collections and each document
    whole, since its units' answers would be most of its files (five to seven a unit:
    45,230 of 75,224 for 1,000 synthetic letters), and writing them much of its build."""
    if config.dts:
        return config.dts
    return DTS_DOCUMENTS if collection.paged else DTS_UNITS


def _drawn(figures: dict[str, Any]) -> tuple[Route, ...]:
    """The map and the timeline pages, each only when it has something to show."""
    return tuple(route for route, figure in zip(FIGURE_PAGES, figures.values(), strict=True)
                 if figure)


def _copies(planned: Iterable[FileCopy]) -> tuple[FileCopy, ...]:
    """Every image file to publish, once each (documents may share one), in path order."""
    found = {c.path: c for c in planned}
    return tuple(found[path] for path in sorted(found))


def correspondents(pages: tuple[DocumentPage, ...]) -> tuple[tuple[str, int, int], ...]:
    """Each name the letters' headers give as sender or addressee, with how many letters it
    wrote and received: most letters first, then by name."""
    sent: dict[str, int] = {}
    received: dict[str, int] = {}
    for page in pages:
        for name in page.document.meta.senders:
            sent[name] = sent.get(name, 0) + 1
        for name in page.document.meta.addressees:
            received[name] = received.get(name, 0) + 1
    names = sorted({*sent, *received}, key=lambda n: (-sent.get(n, 0) - received.get(n, 0),
                                                       n.casefold()))
    return tuple((n, sent.get(n, 0), received.get(n, 0)) for n in names)


def _in_sequence(pages: tuple[DocumentPage, ...]) -> tuple[DocumentPage, ...]:
    """Each page with its neighbours in the collection's order (by date, as load sorts)."""
    def link(page: DocumentPage | None) -> tuple[str, str] | None:
        return (page.url, page.document.meta.title) if page is not None else None

    return tuple(replace(page, previous=link(pages[i - 1] if i else None),
                         following=link(pages[i + 1] if i + 1 < len(pages) else None))
                 for i, page in enumerate(pages))


def _notes_by_document(edition: Edition) -> dict[str, tuple[tuple[Annotation, str], ...]]:
    """Each note on a block, under the document its target names (see `common.targets`)."""
    blocks = targets.block_map(edition.documents)
    found: dict[str, list[tuple[Annotation, str]]] = {}
    for annotation in edition.annotations:
        if annotation.type == HEADNOTE:
            continue  # above the text, not at a place of it (`DocumentPage.headnote`)
        places = targets.candidates(annotation.target, blocks)
        if len(places) == 1:  # `check` reported any other case
            document, anchor = places[0]
            found.setdefault(document, []).append((annotation, anchor))
    return {k: tuple(v) for k, v in found.items()}


def _document_page(edition: Edition, document: Document, own: Own,
                   located: dict[str, tuple[Node, ...]],
                   notes: tuple[tuple[Annotation, str], ...], cache: BuildCache,
                   here: hrefs.Place, where: hrefs.Collection, images: Images,
                   headnote: Annotation | None = None) -> DocumentPage:
    """`own`: the part of the page the document alone decides (`link.kept`)."""
    url = document_url(document.id)
    item = document_item(citing_config(edition), citing_date(edition), document, url)
    return DocumentPage(
        document=document, url=url, readings=own.readings,
        notes=place_notes(own.readings, notes),
        aliases=_aliases(document, edition.anchor_lock),
        cite=document_citations(item, cache), cite_item=item,
        contents=own.contents, views=own.views,
        links=hrefs.plan(document.body, here, where), images=images,
        page_images=page_images(document.body, images),
        witnesses=witnesses(document.header, document.body), headnote=headnote,
        located=located, citation=own.citation)


def _routes(edition: Edition, pages: tuple[DocumentPage, ...],
            downloads: tuple[Download, ...], copies: tuple[FileCopy, ...],
            index: Index, figures: tuple[Route, ...] = (),
            lists: tuple[Route, ...] = (), dts: str = DTS_UNITS) -> tuple[Route, ...]:
    """Every page and file, in a stable order: the site's own pages (the landing page
    first), the documents, a large collection's lists, the edition's own pages, then the
    data, API, image and static files."""
    own, landing = SITE_PAGES[1:], SITE_PAGES[0]
    routes = [landing]
    routes += [Route(p.url, "document", p.document.meta.title, "document.html",
                     document_id=p.document.id) for p in pages]
    routes += lists  # by year, correspondent and place (issue 17)
    routes += own
    # the map and the timeline, unless the edition has a page of that name of its own
    taken = {url for url, *_ in edition.config.pages}
    routes += [route for route in figures if route.url not in taken]
    # search branch: the pages of a split index, by letter (`link.index.split`)
    routes += [Route(part.url, "index", f"{INDEX_PAGES[kind][1]}: {part.label}",
                     "dates.html" if kind == DATE else "entities.html")
               for kind, parts in index.parts.items() for part in parts]
    routes += [Route(p.url, "index", f"Mentions of {p.name}" + (f" ({p.number} of {p.of})"
                                                                 if p.of > 1 else ""),
                     "mentions.html") for pages in index.mention_pages.values() for p in pages]
    routes += [Route(url, "page", title, template, nav=nav)
               for url, template, title, nav, _ in edition.config.pages]
    for download in downloads:
        if download.per_document:
            routes += [Route(data_url(p.document.id, download.suffix), "download",
                             download.label, document_id=p.document.id) for p in pages]
        else:
            routes.append(Route(data_url("", download.suffix), "download", download.label))
    if edition.registers is not None and edition.registers.path:  # registers.xml itself
        routes.append(Route(REGISTERS, "download", "The registers (TEI)"))
    routes += _dts_routes(pages, dts)
    routes += [Route(copy.path, "image") for copy in copies]
    assets = {*STATIC_FILES, *(a.name for a in edition.theme.assets)}
    routes += [Route(static_url(name), "static") for name in sorted(assets)]
    parts = [name for name, _ in sitemap_runs([route for route in routes if route.html])]
    routes += [Route(name, "site") for name in (*SITE_FILES, *parts)]
    routes.append(Route(SEARCH_BUNDLE + "/", "search-index"))
    return tuple(routes)


def _dts_routes(pages: tuple[DocumentPage, ...], dts: str = DTS_UNITS) -> list[Route]:
    """The files of the static DTS API (see `export.dts`): the entry point, the root
    collection (by no id and by its own), and for each document its collection entry, its
    whole TEI, and the navigation and unit files of the citation tree it publishes
    (`units.published`: none of a unit with `DTS_DOCUMENTS`). None with `DTS_NONE`."""
    if dts == DTS_NONE:
        return []
    routes = [Route(DTS_ENTRY, "api")]
    routes += [Route(dts_collection_url(root, nav, page), "api")
               for root, nav, page in dts_root_requests(len(pages))]
    for p in pages:
        doc, tree = p.document.id, published(p.citation, dts)
        routes += [Route(dts_collection_url(doc, nav), "api", document_id=doc)
                   for nav in DTS_NAV]
        routes.append(Route(dts_document_url(doc), "api", document_id=doc))
        routes += [Route(dts_navigation_url(doc, unit.anchor if unit else "", down), "api",
                         document_id=doc) for unit, down in tree.requests]
        routes += [Route(dts_document_url(doc, unit.anchor), "api", document_id=doc)
                   for unit in tree.units]
    return routes


def _aliases(document: Document, lock: AnchorLock | None) -> tuple[tuple[str, str], ...]:
    """Old anchors of this document that must keep working, with the block they moved to."""
    if lock is None:
        return ()
    live = {b.id for b in document.blocks}
    return tuple(sorted((old, new) for (doc, old), (new, _) in lock.aliases.items()
                        if doc == document.id and new in live and old not in live))
