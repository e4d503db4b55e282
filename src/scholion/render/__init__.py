"""Stage 4: HTML pages (here) and data exports (`scholion.export`) from the site plan.

Templates and assets live beside this file. Both halves read only the plan's values; the
route table says which pages and files there are, and the sitemap lists its HTML pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..cache import NO_CACHE, BuildCache
from ..export import Format, render_exports
from ..link import Site
from ..model import Page
from .pages import render_site as render_pages


def render_site(site: Site, cache: BuildCache = NO_CACHE,
                formats: tuple[Format, ...] | None = None) -> Iterator[Page]:
    """The HTML pages, then the exports, one at a time (`write` takes them as they come,
    HTML first, so the search indexer can start on the HTML); `cache` keeps compiled
    templates between builds, `formats` are those the plan was made with (else the
    installed ones)."""
    yield from render_pages(site, cache)
    yield from render_exports(site, formats)


__all__ = ["render_site"]
