"""The whole pipeline, one line per stage: load → check → link → render → write."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .anchors import LOCK_FILE, render_lock
from .cache import edition_cache
from .check import check_edition, unloaded_inputs
from .check.anchors import current_anchors
from .diagnostics import Diagnostic, error, has_errors, sort_key
from .link import link_edition
from .linkcheck import check_links
from .load import load_edition
from .model import Edition, Page
from .render import render_site
from .search import Indexer
from .write import previous_build, unsafe_output, write_file, write_site


@dataclass(frozen=True)
class Result:
    diagnostics: tuple[Diagnostic, ...]
    pages: tuple[Page, ...] = ()
    files: int = 0  # files written: the pages, the static files and the search index
    previous: bool = False  # a failed build: an earlier build is at `out`, left as it was

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(root: Path, out: Path, *, tei_all: bool = False, accept_anchors: bool = False,
          cache: bool = True) -> Result:
    """Check the edition and write the site; with `accept_anchors`, first record the
    current anchors (`accept_anchors` below), then build from the registry it wrote."""
    if accept_anchors:
        accepted = accept_anchors_of(root, tei_all=tei_all)
        if not accepted.ok:
            return _failed(accepted.diagnostics, out)
    edition, diagnostics = _load_and_check(root, tei_all)
    if edition is None or has_errors(diagnostics):
        return _failed(diagnostics, out)
    config = edition.config
    if reason := unsafe_output(out, root, [root / config.source_dir,
                                           root / config.annotations_dir]):
        return _failed((*diagnostics, error(str(out), 1, "E006", f"refusing to write the "
                                            f"site to {out}: {reason}",
                                            hint="choose a new or empty folder, e.g. "
                                                 "build/")), out)
    site = link_edition(edition, edition_cache(root, cache))
    pages = tuple(render_site(site))
    written = write_site(pages, out, after_html=Indexer)
    return Result(tuple(sorted((*diagnostics, *(written.finished or [])), key=sort_key)),
                  pages, files=written.files)


def accept_anchors_of(root: Path, *, tei_all: bool = False) -> Result:
    """`scholion anchors accept`: record every current anchor (and any text change) in
    source/anchors.lock, once the edition has no errors. Nothing published is dropped."""
    edition, diagnostics = _load_and_check(root, tei_all)
    # "there is no registry yet, accept the anchors": that is what runs now
    diagnostics = tuple(d for d in diagnostics if d.code not in ("W403", "W404"))
    if edition is None or has_errors(diagnostics):
        return Result(diagnostics)
    lock_path = root / edition.config.source_dir / LOCK_FILE
    text = render_lock(edition.anchor_lock, current_anchors(edition),
                       edition.version_date or date.today().isoformat())
    write_file(lock_path, text.encode("utf-8"))
    return Result(diagnostics, files=1)


def _failed(diagnostics: tuple[Diagnostic, ...], out: Path) -> Result:
    return Result(diagnostics, previous=previous_build(out))


def check(root: Path, *, tei_all: bool = False, links: bool = False) -> Result:
    """Every validation; with `links`, also build into a temporary folder and check every
    link and fragment of the result (nothing is written beside the edition)."""
    edition, diagnostics = _load_and_check(root, tei_all)
    if links and edition is not None and not has_errors(diagnostics):
        with tempfile.TemporaryDirectory(prefix="scholion-links-") as tmp:
            out = Path(tmp) / "build"
            write_site(render_site(link_edition(edition)), out)
            diagnostics += tuple(check_links(out))
    return Result(diagnostics)


def _load_and_check(root: Path, tei_all: bool) -> tuple[Edition | None, tuple[Diagnostic, ...]]:
    loaded = load_edition(root, tei_all=tei_all)
    found = list(loaded.diagnostics)
    if loaded.edition is not None:
        found += check_edition(loaded.edition, unloaded_inputs(loaded.edition, found))
    return loaded.edition, tuple(sorted(set(found), key=sort_key))
