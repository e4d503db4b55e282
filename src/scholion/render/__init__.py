"""Stage 4: HTML pages and data exports from the linked site plan.

Templates and assets live beside this file; the data exports are in `scholion.export`.
"""

from __future__ import annotations

from ..export import render_exports
from ..link import Site
from ..model import Page
from .pages import render_site as render_pages


def render_site(site: Site) -> list[Page]:
    """The pages, then the exports; the sitemap lists the HTML pages actually drawn, so a
    new page cannot be left out of it."""
    pages = render_pages(site)
    html = [p.path for p in pages if p.path.endswith(".html")]
    return [*pages, *render_exports(site, html)]


__all__ = ["render_site"]
