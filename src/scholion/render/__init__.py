"""Stage 4: HTML pages (here) and data exports (`scholion.export`) from the site plan.

Templates and assets live beside this file. Both halves read only the plan's values; the
route table says which pages and files there are, and the sitemap lists its HTML pages.
A collection's pages are drawn by several processes side by side (`parallel`), each its
share of the documents.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import Environment

from ..cache import NO_CACHE, BuildCache
from ..export import Format, available_formats, render_exports
from ..link import Site
from ..model import EVERYTHING, Page, Share
from . import stamp
from .pages import environment, html_pages, static_files
from .reuse import KINDS, reusing


def render_site(site: Site, cache: BuildCache = NO_CACHE,
                formats: tuple[Format, ...] | None = None, jobs: int = 1) -> Iterator[Page]:
    """The HTML pages, then the exports, one at a time (`write` takes them as they come,
    HTML first, so the search indexer can start on the HTML); `cache` keeps compiled
    templates between builds, `formats` are those the plan was made with (else the
    installed ones); with `jobs` > 1, the documents' pages are drawn by that many worker
    processes, the same bytes in the same order. The pages are drawn with a mark where
    the revision goes, filled in here (`stamp`): a commit draws again only what it
    changed (but a commit on another day every page, whose dates change)."""
    for page in _drawn_marked(stamp.marked(site), cache, formats, jobs):
        yield stamp.filled(page, site.version)


def _drawn_marked(site: Site, cache: BuildCache, formats: tuple[Format, ...] | None,
                  jobs: int) -> Iterator[Page]:
    from .parallel import can_run_in_parallel, render_in_parallel, shares  # imports this

    if can_run_in_parallel(site, jobs):
        yield from render_in_parallel(site, cache, formats, jobs)
        return
    env = environment(site.theme, cache)
    for kind in KINDS:
        for share in shares(site):
            yield from drawn(site, cache, formats, kind, share, env)


def drawn(site: Site, cache: BuildCache, formats: tuple[Format, ...] | None, kind: str,
          share: Share, env: Environment | None = None) -> Iterator[Page]:
    """The files of one kind ("html": the pages; "data": the rest) of `share`, each
    document's reused from an earlier build when nothing it is drawn from changed."""
    offered = available_formats() if formats is None else formats
    if kind == "html":
        return reusing(site, cache, offered, kind, share,
                       lambda part: html_pages(site, cache, part, env))
    return reusing(site, cache, offered, kind, share,
                   lambda part: data_files(site, cache, formats, part))


def data_files(site: Site, cache: BuildCache = NO_CACHE,
               formats: tuple[Format, ...] | None = None,
               share: Share = EVERYTHING) -> Iterator[Page]:
    """Everything that is not an HTML page, of `share`: static files, then exports."""
    if share.whole:
        yield from static_files(site)
    yield from render_exports(site, formats, cache, share)


__all__ = ["data_files", "drawn", "html_pages", "render_site"]
