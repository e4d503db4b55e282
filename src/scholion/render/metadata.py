"""schema.org JSON-LD for each page's head: what search engines and catalogues read."""

from __future__ import annotations

from typing import Any

from ..common.routes import canonical_url, data_url
from ..link import DocumentPage, Site


def json_ld(site: Site, path: str, doc_page: DocumentPage | None = None) -> dict[str, Any]:
    """What the page at `path` is, named by its canonical URL: a document page is an
    archive component, the landing page the edition itself, any other page a web page of
    the edition (it is not the edition, so it does not take the edition's URL)."""
    config = site.config
    url = canonical_url(config.base_url, path)
    edition = _clean({"@type": "CreativeWork", "name": config.title,
                      "url": canonical_url(config.base_url, "index.html"),
                      "editor": [{"@type": "Organization", "name": name}
                                 for name in config.editors],
                      "license": config.licence_url, "version": _version(site),
                      "datePublished": site.version_date})
    if doc_page is None and url == edition["url"]:
        return {"@context": "https://schema.org", **edition}
    if doc_page is None:
        return {"@context": "https://schema.org", "@type": "WebPage", "url": url,
                "isPartOf": edition}
    meta = doc_page.document.meta
    return _clean({
        "@context": "https://schema.org",
        "@type": "ArchiveComponent",
        "headline": meta.title,
        "name": meta.title,
        "url": url,
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
        "isPartOf": edition,
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
