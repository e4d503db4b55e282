"""The whole pipeline, one line per stage: load → check → link → render → write."""

from __future__ import annotations

import tempfile
import traceback
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from jinja2 import TemplateError

from .cache import NO_CACHE, BuildCache, edition_cache
from .check import check_edition, unloaded_inputs
from .check.anchors import check_anchors, current_anchors
from .check.links import check_links
from .commands.mint import insert_ids
from .common import progress
from .common.anchors import LOCK_FILE, parse_lock, render_lock
from .diagnostics import Diagnostic, error, has_errors, sort_key
from .export import Format, available_formats
from .link import Site, link_edition
from .link.search import search_records
from .load import load_edition
from .load.minting import mint_points
from .load.tei import citable_of, kept_clear, read_document, reanchored
from .load.xml import parse_xml
from .model import Document, Edition, Page
from .render import render_site
from .write import previous_build, unsafe_output, write_file, write_site
from .write.search import Indexer


@dataclass(frozen=True)
class Result:
    diagnostics: tuple[Diagnostic, ...]
    pages: tuple[Page, ...] = ()
    files: int = 0  # files written: the pages, the static files and the search index
    previous: bool = False  # a failed build: an earlier build is at `out`, left as it was
    drafts: int = 0  # draft notes checked but not published (build with drafts=True)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(root: Path, out: Path, *, tei_all: bool = False, accept_anchors: bool = False,
          cache: bool = True, drafts: bool = False) -> Result:
    """Check the edition and write the site; with `accept_anchors`, record the current
    anchors first (as `scholion anchors accept` does) and build with the registry written,
    from what was loaded once. Draft notes (`status: draft`) are checked like any other,
    so a pull request gets its verdict, but published only with `drafts`, as a static
    site generator leaves drafts out of a build unless asked."""
    edition, diagnostics = _load_and_check(root, tei_all)
    if edition is not None and (reason := unsafe_output(
            out, root, [root / edition.config.source_dir,
                        root / edition.config.annotations_dir])):
        # before anything is accepted: a refused build changes nothing, the registry too
        return _failed((*diagnostics, error(str(out), 1, "E006", f"refusing to write the "
                                            f"site to {out}: {reason}",
                                            hint="choose a new or empty folder, e.g. "
                                                 "build/")), out)
    if accept_anchors and edition is not None:
        edition, diagnostics = _accepted(root, edition, diagnostics)
    if edition is None or has_errors(diagnostics):
        return _failed(diagnostics, out)
    kept = edition_cache(root, cache and not edition.cache_committed)
    edition, left_out = published(edition, drafts)
    try:
        formats = available_formats()  # the entry points are read once a build
        site = plan(edition, kept, formats)
        pages = tuple(render_site(site, kept, formats))
    except TemplateError as exc:  # only an edition's own template can fail here
        return _failed((*diagnostics, _template_failed(edition, exc)), out)
    records = search_records(site)
    own = tuple(r.url for r in site.routes if r.kind == "page")  # the edition's own pages
    written = write_site(pages, out, copies=site.copies,
                         after_html=lambda staging: Indexer(staging, records, own,
                                                            site.config.language))
    return Result(tuple(sorted((*diagnostics, *(written.finished or [])), key=sort_key)),
                  pages, files=written.files, drafts=left_out)


def published(edition: Edition, drafts: bool = False) -> tuple[Edition, int]:
    """The edition as it is published: without its draft notes, unless `drafts`; and how
    many were left out."""
    if drafts:
        return edition, 0
    kept = tuple(a for a in edition.annotations if a.status != "draft")
    return replace(edition, annotations=kept), len(edition.annotations) - len(kept)


def _template_failed(edition: Edition, exc: TemplateError) -> Diagnostic:
    """An edition template that compiled (check saw to that) but failed while drawing a
    page: a name it uses that the page does not have, or what the sandbox forbids."""
    paths = {t.path for t in edition.theme.templates}
    frame = next((f for f in reversed(traceback.extract_tb(exc.__traceback__))
                  if f.filename in paths), None)
    where = frame.filename if frame else "templates"
    return error(where, frame.lineno or 1 if frame else 1, "E008", f"the template failed while "
                 f"drawing {progress.current() or 'a page'}: {exc}",
                 hint="a page's template gets the names the default one uses; see "
                      "src/scholion/render/templates/")


def accept_anchors_of(root: Path, *, tei_all: bool = False) -> Result:
    """`scholion anchors accept`: record every current anchor (and any text change) in
    source/anchors.lock, once the edition has no errors. Nothing published is dropped."""
    edition, diagnostics = _load_and_check(root, tei_all)
    if edition is None:
        return Result(diagnostics)
    accepted, diagnostics = _accepted(root, edition, diagnostics)
    return Result(diagnostics, files=0 if accepted is None else 1)


def mint_anchors(root: Path) -> Result:
    """`scholion anchors mint`: write every provisional anchor into its TEI file as an
    xml:id (nothing else of the file changes), then record the anchors in the registry.
    Every file is minted and read back in memory first; nothing is written unless all of
    them give exactly the anchors the site already uses."""
    edition, diagnostics = _load_and_check(root, False)
    if edition is None or has_errors(diagnostics):
        return Result(diagnostics)
    minted = []
    citable = citable_of(edition.config)
    for document in edition.documents:
        if not any(b.provisional for b in document.blocks):
            continue
        parsed, _ = parse_xml(document.source_bytes, document.path, as_written=True)
        text = document.source_bytes.decode("utf-8")
        clear = kept_clear(document.id, edition.anchor_lock, edition.registers)
        data = insert_ids(text, mint_points(parsed, citable, clear)).encode("utf-8")
        if (problem := _read_back(data, document, (citable, edition.config.readings),
                                  clear)) is not None:
            return Result((*diagnostics, problem))
        minted.append((root / document.path, data))
    for path, data in minted:
        write_file(path, data)
    accepted = accept_anchors_of(root)
    return Result(accepted.diagnostics, files=len(minted) + accepted.files)


def _read_back(data: bytes, document: Document, rules: tuple[frozenset[str], str],
               clear: frozenset[str]) -> Diagnostic | None:
    """Why the minted file is not the document with its anchors made permanent, if it is
    not (a bug of Scholion's, never the editor's: then nothing is written)."""
    parsed, _ = parse_xml(data, document.path)
    minted = read_document(parsed, document.path, *rules)[0] if parsed else None
    if minted is not None:
        minted = reanchored(minted, clear, rules[0])
    before = [(b.id, b.n, b.text) for b in document.blocks]
    after = [(b.id, b.n, b.text) for b in minted.blocks] if minted else []
    if minted is None or before != after or any(b.provisional for b in minted.blocks):
        return error(document.path, 1, "E118", "minting the anchors would change the "
                     "document; nothing was written", hint="please report this file to "
                     "Scholion's maintainers: it is a bug")
    return None


def _accepted(root: Path, edition: Edition, diagnostics: tuple[Diagnostic, ...]
              ) -> tuple[Edition | None, tuple[Diagnostic, ...]]:
    """Write the registry with the current anchors (through `write`), and the edition as
    it is with that registry: the anchor rules (E4xx/W4xx) are checked again in memory,
    nothing is read again."""
    # "there is no registry yet, accept the anchors": that is what runs now
    diagnostics = tuple(d for d in diagnostics if d.code not in ("W403", "W404"))
    if has_errors(diagnostics):
        return None, diagnostics
    lock_path = root / edition.config.source_dir / LOCK_FILE
    text = render_lock(edition.anchor_lock, current_anchors(edition),
                       edition.version_date or date.today().isoformat())
    write_file(lock_path, text.encode("utf-8"))
    lock, problems = parse_lock(text, lock_path.relative_to(root).as_posix())
    edition = replace(edition, anchor_lock=lock)
    others = tuple(d for d in diagnostics if not d.code[1:].startswith("4"))
    found = (*others, *problems, *check_anchors(edition))
    return edition, tuple(sorted(set(found), key=sort_key))


def plan(edition: Edition, cache: BuildCache = NO_CACHE,
         formats: tuple[Format, ...] | None = None) -> Site:
    """The site plan of a checked edition, with a route for every export format
    (`formats`, else those installed: `export.available_formats`)."""
    formats = available_formats() if formats is None else formats
    return link_edition(edition, cache, tuple(f.download for f in formats))


def _failed(diagnostics: tuple[Diagnostic, ...], out: Path) -> Result:
    return Result(diagnostics, previous=previous_build(out))


def check(root: Path, *, tei_all: bool = False, links: bool = False) -> Result:
    """Every validation; with `links`, also build into a temporary folder and check every
    link and fragment of the result (nothing is written beside the edition)."""
    edition, diagnostics = _load_and_check(root, tei_all)
    if links and edition is not None and not has_errors(diagnostics):
        with tempfile.TemporaryDirectory(prefix="scholion-links-") as tmp:
            out = Path(tmp) / "build"
            site = plan(edition)
            write_site(render_site(site), out, copies=site.copies)
            diagnostics += tuple(check_links(out))
    return Result(diagnostics)


def _load_and_check(root: Path, tei_all: bool) -> tuple[Edition | None, tuple[Diagnostic, ...]]:
    loaded = load_edition(root, tei_all=tei_all)
    found = list(loaded.diagnostics)
    if loaded.edition is not None:
        found += check_edition(loaded.edition, unloaded_inputs(loaded.edition, found))
    return loaded.edition, tuple(sorted(set(found), key=sort_key))
