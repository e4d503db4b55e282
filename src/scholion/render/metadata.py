"""schema.org JSON-LD for each page's head: what search engines and catalogues read.

Each page describes itself, named by its canonical URL (`@id` and `url`): the landing page
is the edition, a CreativeWork; a document page the document it presents; the index pages,
the About page, the search page and an edition's own pages are web pages of the edition.
The edition is described once, on the landing page, with the `@id` `EDITION`; every other
page refers to it by that `@id` alone, so that no two pages say different things of it.
"""

from __future__ import annotations

from typing import Any

from ..common.kinds import BY_NAME
from ..common.routes import INDEX_PAGES, LANDING, canonical_url, data_url
from ..link import DocumentPage, Site

CONTEXT = "https://schema.org"
EDITION = "#edition"  # after the landing page's URL: the edition, not the page that shows it
# what each kind of page is, in schema.org's words (an edition's own pages: a WebPage)
PAGE_TYPES = {"index": "CollectionPage", "about": "AboutPage", "search": "SearchResultsPage",
              "collection": "CollectionPage"}


def json_ld(site: Site, path: str, doc_page: DocumentPage | None = None) -> dict[str, Any]:
    """What the page at `path` is. (Its signature is what templates call, an edition's
    own `_head_meta.html` too.)"""
    if doc_page is not None:
        return {"@context": CONTEXT, **_document(site, doc_page)}
    if path == LANDING:
        return {"@context": CONTEXT, **edition(site)}
    return {"@context": CONTEXT, **_web_page(site, path)}


def edition_id(site: Site) -> str:
    return canonical_url(site.config.base_url, LANDING) + EDITION


def edition(site: Site) -> dict[str, Any]:
    """The whole edition, from the settings: its editors are persons when the settings
    list them one by one, an organization when they give one collective name."""
    config = site.config
    base = config.base_url
    editor = "Organization" if config.editors_collective else "Person"
    return _clean({
        "@type": "CreativeWork", "@id": edition_id(site),
        "url": canonical_url(base, LANDING), "name": config.title,
        "description": config.description, "inLanguage": config.language,
        "editor": [{"@type": editor, "name": name} for name in config.editors],
        "license": config.licence_url, "version": _version(site),
        "datePublished": site.version_date,
        "hasPart": _parts(site),
    })


def _parts(site: Site) -> list[dict[str, str]]:
    """What the edition is made of: its documents; for a large collection, whose landing
    page must keep a bounded size (issue 17), its year pages, each of which names its
    documents."""
    base = site.config.base_url
    if site.collection.paged:
        return [{"@id": canonical_url(base, p.url)} for p in site.collection.listings
                if p.kind in ("year", "undated")]
    return [{"@id": canonical_url(base, p.url)} for p in site.documents]


def _web_page(site: Site, path: str) -> dict[str, Any]:
    """A page of the edition that is not a document: what kind of page, and for an index
    what its entries are (the schema.org class of a register's entries)."""
    route = next((r for r in site.html_pages if r.url == path), None)
    kind = route.kind if route else "page"
    listed = next((k for k, (url, _) in INDEX_PAGES.items() if url == path), "")
    schema_class = BY_NAME[listed].schema_org if listed in BY_NAME else ""
    url = canonical_url(site.config.base_url, path)
    return _clean({
        "@type": PAGE_TYPES.get(kind, "WebPage"), "@id": url, "url": url,
        "name": route.title if route else "", "inLanguage": site.config.language,
        "about": {"@id": f"{CONTEXT}/{schema_class}"} if schema_class else None,
        "isPartOf": {"@id": edition_id(site)},
        "hasPart": _listed(site, path) if kind == "collection" else None,
    })


def _listed(site: Site, path: str) -> list[dict[str, str]] | None:
    """A list page of a large collection: the documents it lists (a page of names: none)."""
    listing = site.collection.page(path)
    documents = getattr(listing, "documents", ())
    return [{"@id": canonical_url(site.config.base_url, d.url)} for d in documents] or None


def _document(site: Site, doc_page: DocumentPage) -> dict[str, Any]:
    """A document page: the archival document it presents, from its header."""
    config = site.config
    meta = doc_page.document.meta
    url = canonical_url(config.base_url, doc_page.url)
    return _clean({
        "@type": "ArchiveComponent", "@id": url, "url": url,
        "headline": meta.title,
        "name": meta.title,
        "dateCreated": meta.date,
        "inLanguage": doc_page.document.lang,
        "author": [{"@type": "Organization", "name": a} for a in meta.authors],
        "translator": {"@type": "Person", "name": meta.translator} if meta.translator else None,
        "funder": {"@type": "Organization", "name": meta.funder} if meta.funder else None,
        "holdingArchive": {"@type": "ArchiveOrganization", "name": meta.repository}
        if meta.repository else None,
        "identifier": meta.archival_id,
        "sameAs": meta.source_url,
        "description": meta.summary,
        "isPartOf": {"@id": edition_id(site)},
        "license": config.licence_url,
        "version": _version(site),
        "datePublished": site.version_date,
        "encoding": {"@type": "MediaObject", "encodingFormat": "application/tei+xml",
                     "contentUrl": config.base_url + data_url(doc_page.document.id, ".xml")},
    })


def _version(site: Site) -> str:
    """The version a reader names (`[tool.scholion] version`), as citations do; the
    commit built when the editors name none."""
    return site.config.version or site.version


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}
