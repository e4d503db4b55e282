"""Drawing a collection's pages in several processes (`scholion build --jobs N`).

Rendering is a map over documents: each document's page, downloads and API files depend
only on the plan. The plan is made once; worker processes forked from the build inherit
it (no copy is sent to them) and each draws a share of the documents, while the build's
own process writes what they return. The site's own pages (the index, the About page)
are one more share. The HTML of every share comes first, then the other files, as
`write` needs for the search indexer; the bytes are the same as one process draws.

On a machine without `fork` (Windows, macOS's default), or for a small collection, or
when the edition brings templates of its own (an error in one must be reported with its
file and line, which a traceback from another process cannot give), the pages are drawn
in this process.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator

from ..cache import BuildCache
from ..export import Format
from ..link import Site
from ..model import Page, Share
from .pages import environment
from .reuse import KINDS, TALLY

# Below this many documents, starting the workers costs more than they save.
SMALLEST = 16
# Documents per task: small enough that every worker stays busy to the end, large enough
# that the pages of a task are worth sending back at once.
PER_TASK = 8

# What the workers draw from: set in the build's process just before they are forked.
_WORK: tuple[Site, BuildCache, tuple[Format, ...] | None, object] | None = None


def can_run_in_parallel(site: Site, jobs: int) -> bool:
    return (jobs > 1 and len(site.documents) >= SMALLEST and not site.theme.templates
            and "fork" in multiprocessing.get_all_start_methods())


def render_in_parallel(site: Site, cache: BuildCache, formats: tuple[Format, ...] | None,
                       jobs: int) -> Iterator[Page]:
    """Every page and file of the site, drawn by `jobs` workers: the HTML of every share,
    then the rest (`render_site` sends here only what `can_run_in_parallel`)."""
    global _WORK
    _WORK = (site, cache, formats, environment(site.theme, cache))
    parts = shares(site)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for kind in KINDS:
                yield from _in_order(pool, [(kind, share) for share in parts], 2 * jobs)
    finally:
        _WORK = None


def _in_order(pool, tasks: list[tuple[str, Share]], window: int) -> Iterator[Page]:
    """The pages of each task in order, with at most `window` tasks drawn ahead of the
    one being written: what the workers return waits in memory only that long, however
    slowly it is written."""
    pending: deque = deque()
    for task in tasks:
        pending.append(pool.apply_async(_draw, (task,)))
        if len(pending) >= window:
            yield from _counted(pending.popleft().get())
    while pending:
        yield from _counted(pending.popleft().get())


def _counted(done: tuple[list[Page], set[str], set[str]]) -> list[Page]:
    """A task's pages; what its worker drew and went through is added to this process's
    tally."""
    pages, drawn_, seen = done
    TALLY.drawn.update(drawn_)
    TALLY.seen.update(seen)
    return pages


def shares(site: Site) -> list[Share]:
    """The site's own pages, then the documents in tasks of PER_TASK, in order."""
    ids = [p.document.id for p in site.documents]
    return [Share(frozenset(), whole=True),
            *(Share(frozenset(ids[i:i + PER_TASK]), whole=False)
              for i in range(0, len(ids), PER_TASK))]


def _draw(task: tuple[str, Share]) -> tuple[list[Page], set[str], set[str]]:
    """In a worker: the pages of one share, of one kind, and which documents' files it
    drew and which it went through."""
    from . import drawn

    assert _WORK is not None, "a worker runs only inside render_in_parallel"
    site, cache, formats, env = _WORK
    kind, share = task
    TALLY.clear()  # a worker's tally is its task's alone
    pages = list(drawn(site, cache, formats, kind, share, env))
    return pages, set(TALLY.drawn), set(TALLY.seen)
