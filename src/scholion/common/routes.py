"""Every URL of the site, decided in one place.

`link` builds the table of routes (`Route`) from these rules: the nav, the sitemap, the
pages `render` draws and the files `export` writes all come from that table. `load` reads
`reserved_names` so that no document can take a name the site itself uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..model import BUILD_INFO
from .kinds import DATE, KINDS

T = TypeVar("T")

LANDING = "index.html"
DATA = "data"  # per-document downloads and the registers
API = "api/dts"  # the static DTS 1.0 interface (Level 0)
STATIC = "static"
IMAGES = "images"  # the image files of source/ the documents show, by their paths there
SEARCH_BUNDLE = "pagefind"  # written by Pagefind after the pages
RELEASES = "v"  # each release of the edition, at v/VERSION/ (`load.releases`)
# --- a large collection's lists, by year, correspondent and place (issue 17;
# `link.collection` plans them) ---
COLLECTION = "collection"
LIST_ALL = 100  # at most this many documents: the landing page lists them all, no lists

# Scholion's own assets, beside `render` in the package (a test keeps this in step)
STATIC_FILES = ("scholion.css", "scholion.js", "search.js", "search-hit.js", "facsimile.css",
                "facsimile.js", "favicon.svg", "figures.css", "collection.css")
# beside them, read by the build but not published: the PDF's print rules (render/pdf.py)
DRAWING_ONLY = ("pdf.css",)
SITEMAP, ROBOTS = "sitemap.xml", "robots.txt"
SITE_FILES = (BUILD_INFO, SITEMAP, ROBOTS)
SITEMAP_SIZE = 1000  # URLs of one sitemap; a site with more has an index of sitemaps


def sitemap_runs(pages: Sequence[T]) -> tuple[tuple[str, Sequence[T]], ...]:
    """The sitemaps that sitemap.xml indexes for a site's HTML pages, each with the pages
    it lists: none up to `SITEMAP_SIZE` pages (sitemap.xml lists them itself), else one a
    `SITEMAP_SIZE`, beside it (`sitemap-1.xml`, …: a sitemap may list only URLs at or
    below its own folder). `link` routes their names, `export` writes them."""
    if len(pages) <= SITEMAP_SIZE:
        return ()
    stem = SITEMAP.removesuffix(".xml")
    return tuple((f"{stem}-{n}.xml", pages[start:start + SITEMAP_SIZE])
                 for n, start in enumerate(range(0, len(pages), SITEMAP_SIZE), start=1))


REGISTERS = f"{DATA}/registers.xml"
EDITION_BOOK = "edition.epub"  # the whole edition as an EPUB, in data/ (render/epub.py)


@dataclass(frozen=True)
class Route:
    """One page or file of the site: its URL from the site root, what kind of thing it is,
    its title; HTML pages also name their template."""

    url: str
    kind: str  # landing, document, index, about, search, page (an edition's), download, ...
    title: str = ""
    template: str = ""
    nav: str = ""  # its label in the site navigation, if it has one
    document_id: str = ""

    @property
    def html(self) -> bool:
        return bool(self.template)


# The index pages by entity kind: (URL, heading), from `common.kinds`. Dates have a
# chronology of their own.
INDEX_PAGES = {
    **{kind.name: (kind.page, kind.heading) for kind in KINDS},
    DATE: ("dates.html", "Chronology"),
}

# The index hub (search branch): what "Index" in the navigation opens, every kind of index
# at a glance with its counts and its most mentioned entries. The kinds' own pages keep
# their URLs (`persons.html#id` is how an entry is cited).
HUB = "indexes.html"

# The site's own pages, in the order of the site navigation.
SITE_PAGES = (
    Route(LANDING, "landing", "Collection", "index.html", nav="Collection"),
    Route(HUB, "index", "Index", "indexes.html", nav="Index"),
    *(Route(url, "index", heading, "dates.html" if kind == DATE else "entities.html")
      for kind, (url, heading) in INDEX_PAGES.items()),
    Route("about.html", "about", "About", "about.html", nav="About"),
    Route("search.html", "search", "Search", "search.html", nav="Search"),
)


# --- the map of places and the timeline (issue 15, item 10) ---
# Planned only for an edition that has places with coordinates (the map) or dated things
# (the timeline), so they are not in SITE_PAGES: an edition's own page of one of these
# names (a map.html of its templates) is not refused, and takes the place of Scholion's.
# Reached from the landing page and the index pages, not from the site navigation.
MAP_PAGE = Route("map.html", "map", "Map of places", "map.html")
TIMELINE_PAGE = Route("timeline.html", "timeline", "Timeline", "timeline.html")
FIGURE_PAGES = (MAP_PAGE, TIMELINE_PAGE)  # in the order of `Site.place_map`, `.timeline`


def document_url(document_id: str) -> str:
    """A document's reading page: from its id, never from its position in the collection."""
    return f"{document_id}.html"


def entity_url(kind: str, anchor: str) -> str:
    return f"{INDEX_PAGES[kind][0]}#{anchor}"


def data_url(document_id: str, suffix: str) -> str:
    """Where a document's download lives."""
    return f"{DATA}/{document_id}{suffix}"


def api_url(*parts: str) -> str:
    """A file of the DTS-style interface: `api_url("navigation", "doc.json")`."""
    return "/".join((API, *parts))


# DTS 1.0 as static files (a Level 0 implementation): each request the URI templates
# allow is a file, named by RFC 6570 path expansion of its parameters. JSON-LD is
# `.jsonld` and TEI `.tei`, the extensions static hosts serve as application/ld+json and
# application/tei+xml, the media types DTS asks for.
DTS_ENTRY = f"{API}/index.jsonld"
DTS_ROOT = "index"  # the root collection's identifier: a name no document may take
DTS_NAV = ("", "children", "parents")  # the Collection endpoint's `nav`: none, or either
DTS_PER_PAGE = 100  # members of one answer of the Collection endpoint; more go on pages
DTS_TEMPLATES = {
    "collection": f"{API}/collection{{/id}}{{;nav,page}}.jsonld",
    "navigation": f"{API}/navigation/{{resource}}{{/ref}}{{;down}}.jsonld",
    "document": f"{API}/document/{{resource}}{{/ref}}.tei",
}


def dts_collection_url(collection: str = "", nav: str = "", page: int | None = None) -> str:
    """The Collection endpoint's answer for `id=collection` (none: the root collection),
    `nav` ("children", the default, or "parents") and `page`."""
    path = f"{API}/collection/{collection}" if collection else f"{API}/collection"
    return (path + (f";nav={nav}" if nav else "") + (f";page={page}" if page else "")
            + ".jsonld")


def dts_root_requests(documents: int) -> tuple[tuple[str, str, int | None], ...]:
    """Every call of the Collection endpoint on the root collection, as (id, nav, page):
    by no id and by its own, each `nav`, and, when it has more than `DTS_PER_PAGE`
    members, each page (the answer without `page` is the first; `nav=parents` lists
    none, on its one page)."""
    pages = -(-documents // DTS_PER_PAGE)
    numbers = (None, *range(1, pages + 1)) if pages > 1 else (None,)
    return tuple((root, nav, page) for root in ("", DTS_ROOT) for nav in DTS_NAV
                 for page in (numbers if nav != "parents" else numbers[:2]))


def dts_navigation_url(resource: str, ref: str = "", down: int | None = None) -> str:
    """The Navigation endpoint's answer for `resource`, `ref` and `down` (as the template
    expands them: `navigation/doc/p3;down=-1.jsonld`)."""
    return (f"{API}/navigation/{resource}" + (f"/{ref}" if ref else "")
            + (f";down={down}" if down is not None else "") + ".jsonld")


def dts_document_url(resource: str, ref: str = "") -> str:
    """The Document endpoint's answer: the whole TEI document, or one unit of it."""
    return f"{API}/document/{resource}" + (f"/{ref}" if ref else "") + ".tei"


def static_url(name: str) -> str:
    return f"{STATIC}/{name}"


def image_url(name: str) -> str:
    """Where an image of the edition is published: by its path inside `source/`, so that
    one file shown by several documents is copied once, and two files never meet."""
    return f"{IMAGES}/{name}"


def reserved_names(extra_pages: tuple[str, ...] = ()) -> frozenset[str]:
    """Names no document id may take: its page or its downloads would overwrite one of the
    site's own pages, folders or files (`registers` because of data/registers.xml,
    `edition` because of data/edition.epub, `collection` because a host that serves
    `/collection` for `collection.html` would meet a large collection's folder)."""
    pages = [r.url for r in (*SITE_PAGES, *FIGURE_PAGES)] + list(extra_pages) \
        + list(SITE_FILES) + [REGISTERS, f"{DATA}/{EDITION_BOOK}"]
    stems = {url.rsplit("/", 1)[-1].split(".", 1)[0] for url in pages}
    return frozenset(stems | {DATA, API.split("/")[0], STATIC, IMAGES, SEARCH_BUNDLE,
                              COLLECTION})


def release_path(version: str) -> str:
    """Where a release is published, from the site root: "v/1.0"."""
    return f"{RELEASES}/{version}"


def release_url(base_url: str, version: str) -> str:
    """The address a release is published at, on a site at `base_url`: ".../v/1.0/"."""
    return f"{base_url}{release_path(version)}/"


def canonical_url(base_url: str, path: str) -> str:
    """A page's one public URL, for its canonical link, the sitemap and its JSON-LD. The
    landing page's is the site root: the URL the edition is cited by, so that readers,
    search engines and catalogues all name the edition one way."""
    if path == LANDING or path.endswith("/" + LANDING):
        path = path.removesuffix(LANDING)
    return base_url + path
