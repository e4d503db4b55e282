"""Stage 3: resolve references and decide where everything goes in the site.

Pure: it takes the checked `Edition` and returns a `Site`, the complete plan of what
`render` has to draw: one entry per page, with its URL fixed here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Block, Config, Document, Edition


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    url: str  # relative to the site root; derived from the document id, never its position

    def anchor_url(self, block: Block, base_url: str) -> str:
        return f"{base_url}{self.url}#{block.id}"


@dataclass(frozen=True)
class Site:
    config: Config
    documents: tuple[DocumentPage, ...]


def document_url(document: Document) -> str:
    return f"{document.id}.html"


def link_edition(edition: Edition) -> Site:
    pages = tuple(DocumentPage(document=d, url=document_url(d)) for d in edition.documents)
    return Site(config=edition.config, documents=pages)
