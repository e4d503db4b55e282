"""A static, DTS-style interface: the Distributed Text Services idea as plain JSON files.

A program can list the collection, walk a document down to its anchored blocks, and fetch
one block's text by its anchor — without scraping HTML and without a server:

    api/dts/index.json                      entry point
    api/dts/collection.json                 the documents
    api/dts/navigation/<doc>.json           the citable blocks of a document, in order
    api/dts/document/<doc>/<anchor>.json    one block: its text, ¶ number and URL
"""

from __future__ import annotations

from typing import Any

from ..common.routes import api_url, data_url
from ..link import DocumentPage, Site
from ..model import Page
from .encode import dump


def dts_pages(site: Site) -> list[Page]:
    base = site.config.base_url
    pages = [Page(api_url("index.json"), dump(_entry(base))),
             Page(api_url("collection.json"), dump(_collection(site)))]
    for doc_page in site.documents:
        pages.append(Page(api_url("navigation", f"{doc_page.document.id}.json"),
                          dump(_navigation(site, doc_page))))
        pages += [Page(api_url("document", doc_page.document.id, f"{block.id}.json"),
                       dump(_block(site, doc_page, block)))
                  for block in doc_page.document.blocks]
    return pages


def _entry(base: str) -> dict[str, Any]:
    return {"@context": "https://distributed-text-services.github.io/specifications/"
                        "context/1-alpha1.json",
            "@id": base + api_url("index.json"), "@type": "EntryPoint",
            "collection": base + api_url("collection.json"),
            "navigation": base + api_url("navigation", "{id}.json"),
            "document": base + api_url("document", "{id}", "{ref}.json"),
            "note": "A static rendering of the DTS idea: files, not query parameters."}


def _collection(site: Site) -> dict[str, Any]:
    base = site.config.base_url
    return {"@id": base + api_url("collection.json"), "@type": "Collection",
            "title": site.config.title, "totalItems": len(site.documents),
            "member": [{"@id": p.document.id, "@type": "Resource",
                        "title": p.document.meta.title,
                        "dublinCore": {"date": p.document.meta.date,
                                       "language": p.document.lang,
                                       "creator": list(p.document.meta.authors)},
                        "url": base + p.url,
                        "navigation": base + api_url("navigation", f"{p.document.id}.json"),
                        "download": base + data_url(p.document.id, ".xml")}
                       for p in site.documents]}


def _navigation(site: Site, doc_page: DocumentPage) -> dict[str, Any]:
    base = site.config.base_url
    document = doc_page.document
    return {"@id": base + api_url("navigation", f"{document.id}.json"), "@type": "Navigation",
            "resource": document.id, "citationType": "block",
            "member": [{"ref": b.id, "n": b.n, "citeType": b.tag,
                        **({"provisional": True} if b.provisional else {}),
                        "url": f"{base}{doc_page.url}#{b.id}",
                        "document": base + api_url("document", document.id, f"{b.id}.json")}
                       for b in document.blocks],
            "aliases": [{"ref": old, "current": new} for old, new in doc_page.aliases]}


def _block(site: Site, doc_page: DocumentPage, block) -> dict[str, Any]:
    base = site.config.base_url
    return {"resource": doc_page.document.id, "ref": block.id, "n": block.n,
            "citeType": block.tag, "text": block.text,
            "url": f"{base}{doc_page.url}#{block.id}",
            "version": site.config.version or site.version}
