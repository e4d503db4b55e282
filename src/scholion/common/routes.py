"""Every URL of the site, decided in one place.

`link` builds the table of routes (`Route`) from these rules: the nav, the sitemap, the
pages `render` draws and the files `export` writes all come from that table. `load` reads
`reserved_names` so that no document can take a name the site itself uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BUILD_INFO
from .kinds import DATE, KINDS

LANDING = "index.html"
DATA = "data"  # per-document downloads and the registers
API = "api/dts"  # the static DTS-style interface
STATIC = "static"
IMAGES = "images"  # the image files of source/ the documents show, by their paths there
SEARCH_BUNDLE = "pagefind"  # written by Pagefind after the pages

# Scholion's own assets, beside `render` in the package (a test keeps this in step)
STATIC_FILES = ("scholion.css", "scholion.js", "search.js", "search-hit.js", "facsimile.css",
                "facsimile.js", "favicon.svg")
SITEMAP, ROBOTS = "sitemap.xml", "robots.txt"
SITE_FILES = (BUILD_INFO, SITEMAP, ROBOTS)
REGISTERS = f"{DATA}/registers.xml"


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


def static_url(name: str) -> str:
    return f"{STATIC}/{name}"


def image_url(name: str) -> str:
    """Where an image of the edition is published: by its path inside `source/`, so that
    one file shown by several documents is copied once, and two files never meet."""
    return f"{IMAGES}/{name}"


def reserved_names(extra_pages: tuple[str, ...] = ()) -> frozenset[str]:
    """Names no document id may take: its page or its downloads would overwrite one of the
    site's own pages, folders or files (`registers` because of data/registers.xml)."""
    pages = [r.url for r in SITE_PAGES] + list(extra_pages) + list(SITE_FILES) + [REGISTERS]
    stems = {url.rsplit("/", 1)[-1].split(".", 1)[0] for url in pages}
    return frozenset(stems | {DATA, API.split("/")[0], STATIC, IMAGES, SEARCH_BUNDLE})


def canonical_url(base_url: str, path: str) -> str:
    """A page's one public URL, for its canonical link, the sitemap and its JSON-LD. The
    landing page's is the site root: the URL the edition is cited by, so that readers,
    search engines and catalogues all name the edition one way."""
    if path == LANDING or path.endswith("/" + LANDING):
        path = path.removesuffix(LANDING)
    return base_url + path
