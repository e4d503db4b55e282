"""The edition's data, given back in open formats (part of stage 4, beside `render`).

Every export is a `Page` like the HTML pages, so `write` puts them on disk atomically
with the rest. JSON is written with sorted keys and no timestamps but the version's, so
two builds of one commit are byte-identical. Which formats there are is `formats`'s
list; where each file goes is the site plan's routes.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..cache import NO_CACHE, BuildCache
from ..common.routes import data_url
from ..link import Site
from ..model import EVERYTHING, Page, Share
from .dts import dts_pages
from .files import site_files
from .formats import Format, available_formats

__all__ = ["Format", "available_formats", "render_exports"]


def render_exports(site: Site, formats: tuple[Format, ...] | None = None,
                   cache: BuildCache = NO_CACHE,
                   share: Share = EVERYTHING) -> Iterator[Page]:
    """Every export of the plan that `share` holds: the files of each format it planned
    (`Site.downloads`), the DTS files, the site files; one at a time. A format that keeps
    its work in the build cache (`Format.cached`) is given `cache`."""
    documents = site.pages_of(share)
    for export in available_formats() if formats is None else formats:
        download = export.download
        if download not in site.downloads:
            continue
        if download.per_document:
            kept = (cache,) if export.cached else ()
            for page in documents:
                yield Page(data_url(page.document.id, download.suffix),
                           export.make(site, page, *kept))
        elif share.whole:
            yield Page(data_url("", download.suffix), export.make(site, None))
    yield from dts_pages(site, share)
    if share.whole:
        yield from site_files(site)
