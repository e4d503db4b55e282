"""Stage 4: HTML pages and data exports from the linked site plan.

Templates and assets live beside this file; the data exports are in `scholion.export`.
"""

from __future__ import annotations

from ..export import render_exports
from ..link import Site
from ..model import Page
from .pages import render_site as render_pages


def render_site(site: Site) -> list[Page]:
    return [*render_pages(site), *render_exports(site)]


__all__ = ["render_site"]
