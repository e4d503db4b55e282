"""The edition's data, given back in open formats (part of stage 4, `render`).

Every export is a `Page` like the HTML pages, so `write` puts them on disk atomically
with the rest. JSON is written with sorted keys and no timestamps but the version's, so
two builds of one commit are byte-identical.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..link import Site
from ..model import Page
from .dts import dts_pages
from .files import document_files, site_files


def render_exports(site: Site, html_pages: Sequence[str]) -> list[Page]:
    """Every export; `html_pages` are the site's HTML pages, for the sitemap."""
    pages: list[Page] = []
    for doc_page in site.documents:
        pages += document_files(site, doc_page)
    pages += dts_pages(site)
    pages += site_files(site, html_pages)
    return pages
