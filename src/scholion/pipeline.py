"""The whole pipeline, one line per stage: load → check → link → render → write."""

from __future__ import annotations

import gc
import json
import shutil
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
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
from .common.routes import RELEASES, release_path, release_url
from .diagnostics import Diagnostic, error, has_errors, sort_key, warning
from .export import Format, available_formats
from .export.formats import PDF
from .link import Site, link_edition
from .link.search import search_bundles
from .load import load_edition
from .load.config import CONFIG_FILE
from .load.minting import mint_points
from .load.releases import extract, find_releases, unchanged_since
from .load.tei import citable_of, kept_clear, read_document, reanchored
from .load.theme import STATIC_DIR, TEMPLATES_DIR
from .load.xml import parse_xml
from .model import BUILD_INFO, Config, Document, Edition, Release, Releases
from .render import render_site
from .render.pdf import offered
from .render.reuse import TALLY
from .write import previous_build, unsafe_output, write_file, write_site
from .write.search import SEARCH_CACHE, Indexer


@dataclass(frozen=True)
class Result:
    diagnostics: tuple[Diagnostic, ...]
    files: int = 0  # files written: the pages, the static files and the search index
    previous: bool = False  # a failed build: an earlier build is at `out`, left as it was
    drafts: int = 0  # draft notes checked but not published (build with drafts=True)
    # documents whose files were drawn, and reused from an earlier build (`render.reuse`)
    drawn: int = 0
    reused: int = 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(root: Path, out: Path, *, tei_all: bool = False, accept_anchors: bool = False,
          cache: bool = True, drafts: bool = False, jobs: int = 1) -> Result:
    """Check the edition and write the site; with `accept_anchors`, record the current
    anchors first (as `scholion anchors accept` does) and build with the registry written,
    from what was loaded once. Draft notes (`status: draft`) are checked like any other,
    so a pull request gets its verdict, but published only with `drafts`, as a static
    site generator leaves drafts out of a build unless asked. With `jobs` > 1, that many
    processes draw the pages of a collection (`render.parallel`): the same bytes."""
    with _collecting_less():
        return _build(root, out, tei_all=tei_all, accept_anchors=accept_anchors,
                      cache=cache, drafts=drafts, jobs=jobs)


# How many new objects the cyclic collector lets pass before it looks at them (Python's
# default, 700, made it look 1,300 times in a 1,000-letter link, and each look at the young
# moves them on to be looked at again, then with everything older)
YOUNG = 10_000


@contextmanager
def _collecting_less() -> Iterator[None]:
    """A build makes values by the hundred thousand and keeps nearly all of them, frozen
    and free of reference cycles: the cyclic collector, which frees only cycles, finds
    nothing to free in them. It is asked to look less often (`YOUNG`), and what the
    build has made so far is set aside from it (`_settled`); both as they were when the
    build ends, so that nothing frozen can stay behind (about a tenth of load, check
    and link)."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], YOUNG), *threshold[1:])
    try:
        yield
    finally:
        gc.unfreeze()  # what `_settled` set aside is the collector's again
        gc.set_threshold(*threshold)


def _settled() -> None:
    """What the build has made so far lives until it ends (the edition, then the plan):
    the collector is told to leave it alone (`gc.freeze`), where it walked all of it again
    at each full collection (0.6 s of the 3.3 s `link` took for 1,000 letters, and as much
    again while pages were drawn). It is still freed as usual when its last reference
    goes. Only within `_collecting_less`."""
    gc.freeze()


def _build(root: Path, out: Path, *, tei_all: bool, accept_anchors: bool, cache: bool,
           drafts: bool, jobs: int) -> Result:
    edition, diagnostics = _load_and_check(root, tei_all, edition_cache(root, cache))
    _settled()
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
    edition, found = _with_releases(root, edition)
    diagnostics = (*diagnostics, *found)
    # the entry points are read once a build; the PDF is left out if it cannot be made
    formats, unmade = offered(available_formats(), edition.config,
                             len(edition.documents))
    diagnostics += unmade
    site = plan(edition, kept, formats)
    _settled()
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.releases-",
                                     dir=_made(out.resolve().parent)) as work:
        # a release has the formats of its own size: the current edition's may have lost
        # the PDF by growing past a small edition's (`render.pdf.offered`)
        every = offered(available_formats(), edition.config)[0] \
            if edition.releases.known else formats
        trees, found = _release_builds(root, site, kept, every, out, Path(work), jobs)
        if (same_as := edition.releases.same_as) and release_path(same_as) not in dict(trees):
            # the release the text is cannot be published: cite the text here, not there
            edition = replace(edition, releases=replace(edition.releases, same_as=""))
            site = plan(edition, kept, formats)
        TALLY.clear()  # the current edition's, not its releases'
        try:  # pages are drawn as they are written: a failure leaves `out` as it was
            written = write_site(render_site(site, kept, formats, jobs), out,
                                 after_html=indexer(site, kept),
                                 copies=site.copies, trees=trees)
        except TemplateError as exc:  # only an edition's own template can fail here
            return _failed((*diagnostics, _template_failed(edition, exc)), out)
    return Result(tuple(sorted((*diagnostics, *found, *(written.finished or [])),
                               key=sort_key)),
                  files=written.files, drafts=left_out,
                  drawn=len(TALLY.drawn), reused=len(TALLY.seen - TALLY.drawn))


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _with_releases(root: Path, edition: Edition) -> tuple[Edition, tuple[Diagnostic, ...]]:
    """The edition with what its pages say of its releases: which exist, and whether its
    text is still that of the release its version names (then citations point there)."""
    found = find_releases(root, edition.config.releases)
    problems = list(found.diagnostics)
    version = edition.config.version
    named = next((r for r in found.releases if r.version == version), None)
    same_as = ""
    if named is not None:
        config = edition.config
        inputs = [config.source_dir, config.annotations_dir, CONFIG_FILE, TEMPLATES_DIR,
                  STATIC_DIR, *([config.principles] if config.principles else [])]
        if unchanged_since(root, named, inputs):
            same_as = named.version
        else:
            problems.append(warning(CONFIG_FILE, 1, "W006", f"the edition has changed since "
                                    f"release {version} (tag {named.tag}), but its version "
                                    f"is still {version!r}: citations would name a release "
                                    "whose text is not this one",
                                    hint="raise `version` in [tool.scholion] (the next "
                                         "release's number)"))
    releases = Releases(known=found.releases, same_as=same_as, unknown=found.unknown)
    return replace(edition, releases=releases), tuple(problems)


def _release_builds(root: Path, site: Site, cache: BuildCache, formats: tuple[Format, ...],
                    out: Path, work: Path, jobs: int = 1
                    ) -> tuple[tuple[tuple[str, Path], ...], tuple[Diagnostic, ...]]:
    """Each release built from its tag's files into `work`, for `write` to put at
    v/VERSION/ beside the current edition. A release that cannot be built now is a warning,
    never the current edition's failure: its previous build, if `out` has one, is kept."""
    known = site.releases.known
    current = Releases(known=known, same_as=site.releases.same_as,
                       current_url=site.config.base_url,
                       current_paths=frozenset(r.url for r in site.html_pages))
    trees, problems = [], []
    if site.releases.unknown:  # a shallow clone: an earlier build's releases are kept
        return _earlier_releases(out, work), ()
    for release in known:
        built = work / "out" / release.version
        releases = replace(current, this=release.version)
        releases = replace(releases, stamp=_stamp(cache, release, releases, formats))
        earlier = out / release_path(release.version)
        if cache.folder is not None and _stamp_of(earlier) == releases.stamp:
            shutil.copytree(earlier, built, symlinks=True)  # built by this very Scholion
            trees.append((release_path(release.version), built))
            continue
        try:
            problem = _build_release(root, release, releases, site.config, cache, formats,
                                     work, built, jobs)
        except TemplateError as exc:  # the release's own templates
            problem = warning(CONFIG_FILE, 1, "W007", f"release {release.version} (tag "
                              f"{release.tag}) is not published: its template failed: {exc}")
        if problem is not None:
            problems.append(problem)
            shutil.rmtree(built, ignore_errors=True)
            if not (earlier / BUILD_INFO).is_file():
                continue
            shutil.copytree(earlier, built, symlinks=True)
        trees.append((release_path(release.version), built))
    return tuple(trees), tuple(problems)


def _stamp(cache: BuildCache, release: Release, releases: Releases,
           formats: tuple[Format, ...]) -> str:
    """What a release's build depends on besides its commit's files: this Scholion (the
    cache key holds its code's digest), the other releases, the current edition's address
    and pages (the banner links there), the formats. (Recorded in every build of a
    release, with or without the cache, so that both give the same bytes.)"""
    return cache.key("release", release.commit, [(r.version, r.commit) for r in
                                                  releases.known],
                     releases.current_url, sorted(releases.current_paths),
                     [f.download.suffix for f in formats])


def _earlier_releases(out: Path, work: Path) -> tuple[tuple[str, Path], ...]:
    """The releases an earlier build in `out` published, copied as they are."""
    kept = []
    folder = out / RELEASES
    for earlier in sorted(folder.iterdir()) if folder.is_dir() else ():
        if (earlier / BUILD_INFO).is_file() and not earlier.is_symlink():
            shutil.copytree(earlier, work / "kept" / earlier.name, symlinks=True)
            kept.append((release_path(earlier.name), work / "kept" / earlier.name))
    return tuple(kept)


def _stamp_of(build: Path) -> str:
    """The stamp a release's earlier build recorded in its build-info.json ('' if none)."""
    try:
        return str(json.loads((build / BUILD_INFO).read_text(encoding="utf-8"))
                   .get("release_stamp", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def _build_release(root: Path, release: Release, releases: Releases, current: Config,
                   cache: BuildCache, formats: tuple[Format, ...], work: Path,
                   built: Path, jobs: int = 1) -> Diagnostic | None:
    """Build one release into `built` with this Scholion, from the files its commit has:
    at the current edition's address plus v/VERSION/, citing its own version."""
    files = work / "files" / release.version
    if not extract(root, release, files):
        return warning(CONFIG_FILE, 1, "W007", f"release {release.version} (tag "
                       f"{release.tag}) is not published: git could not give its files")
    edition, found = _load_and_check(files, False, cache, history=(root, release.commit))
    errors = [d for d in found if d.is_error]
    if edition is None or errors:
        first = errors[0] if errors else None
        return warning(CONFIG_FILE, 1, "W007", f"release {release.version} (tag "
                       f"{release.tag}) is not published: its files have "
                       f"{len(errors)} error(s) with this Scholion"
                       + (f"; the first: {first.path}:{first.line}: {first.message}"
                          if first else ""),
                       hint="its previous build is kept if there is one; fix the check "
                            "that fails, or build it with the Scholion it was made with")
    config = replace(edition.config, version=release.version,
                     base_url=release_url(current.base_url, release.version))
    edition = replace(edition, config=config, version=release.tag,
                      version_date=release.date, releases=releases)
    edition, _ = published(edition)
    site = plan(edition, cache, formats)
    write_site(render_site(site, cache, formats, jobs), built, after_html=indexer(site, cache),
               copies=site.copies)
    return None


def indexer(site: Site, cache: BuildCache = NO_CACHE):
    """The search indexer for a site's pages, started once its HTML is written: given
    the plan's records (a block, a note, an entry or a date each; `link.search`) and the
    edition's own pages, to read as they are, in bundles (a collection's parts); each
    kept in the build cache, by its edition or release, and made again only when what
    it holds changed."""
    own = tuple(r.url for r in site.routes if r.kind == "page")
    bundles = search_bundles(site, own)
    variant = f"release-{site.releases.this}" if site.releases.this else "current"
    kept = cache.folder / SEARCH_CACHE / variant \
        if cache.folder is not None and cache.writable else None
    return lambda staging: Indexer(staging, bundles, site.config.language, kept)


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
    (`formats`, else those installed: `export.available_formats`) that can be made (the
    PDF's settings and WeasyPrint permitting: `render.pdf.offered`)."""
    formats = available_formats() if formats is None else formats
    # no PDF where it cannot be made
    formats, _ = offered(formats, edition.config, len(edition.documents))
    return link_edition(edition, cache, tuple(f.download for f in formats))


def _failed(diagnostics: tuple[Diagnostic, ...], out: Path) -> Result:
    return Result(diagnostics, previous=previous_build(out))


def check(root: Path, *, tei_all: bool = False, links: bool = False) -> Result:
    """Every validation; with `links`, also build into a temporary folder and check every
    link and fragment of the result (nothing is written beside the edition)."""
    # what builds kept of the TEI files is read, nothing is written
    with _collecting_less():
        edition, diagnostics = _load_and_check(root, tei_all,
                                               edition_cache(root, writable=False))
    if links and edition is not None and not has_errors(diagnostics):
        with tempfile.TemporaryDirectory(prefix="scholion-links-") as tmp:
            out = Path(tmp) / "build"
            # the links of the pages: no PDF is drawn for that (it would take seconds)
            formats = tuple(f for f in available_formats() if f.download != PDF)
            site = plan(edition, formats=formats)
            write_site(render_site(site, formats=formats), out, copies=site.copies)
            diagnostics += tuple(check_links(out))
    return Result(diagnostics)


def _load_and_check(root: Path, tei_all: bool, cache: BuildCache = NO_CACHE,
                    history: tuple[Path, str] | None = None
                    ) -> tuple[Edition | None, tuple[Diagnostic, ...]]:
    loaded = load_edition(root, tei_all=tei_all, cache=cache, history=history)
    found = list(loaded.diagnostics)
    if loaded.edition is not None:
        found += check_edition(loaded.edition, unloaded_inputs(loaded.edition, found))
    return loaded.edition, tuple(sorted(set(found), key=sort_key))
