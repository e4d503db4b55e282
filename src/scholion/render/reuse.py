"""Reusing a document's files from an earlier build, when nothing they are drawn from changed.

Each document's files come in two kinds, its HTML page and the rest (its downloads, EPUB,
PDF and DTS files: `render.data_files`). Both are drawn from the plan only: the
document's own part of it (`DocumentPage`, with its notes, cards, neighbours and
citations), the register entries its text names, and the site's own settings, theme,
releases and navigation. A digest of exactly that, with Scholion's code (`cache.key`) and
the formats offered, is the key; what was drawn under it is kept in the build cache, one
slot (one file) per document and kind, and given back instead of being drawn again.

Correctness comes before reuse: a key covers more than a page may read (the whole
`DocumentPage`, every setting), never less, and `tests/test_reuse.py` changes each kind
of input and compares the rebuild with a build from an empty cache, byte for byte. A slot
holds only its latest drawing, so the cache does not grow with every edit; a slot
that is missing, unreadable or cut short means the document is drawn again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..cache import BuildCache
from ..common.memo import per_plan
from ..common.refs import NAME_POINTERS, SPEECH_POINTERS, mention_of, scope_of
from ..link import DocumentPage, Images, Site
from ..model import Document, Page, Registers, Share

NAMESPACE = "drawn"
KINDS = ("html", "data")
# what else draws a document's files: its notes' Markdown and their sanitizer, the XML of
# its EPUB, the CSS parser and the PDF's drawing
LIBRARIES = ("Markdown", "nh3", "lxml", "Jinja2", "tinycss2", "weasyprint", "pydyf")
# The plan's collection-wide values: a document's files read only their own part of each
# (its page, its neighbours and mention counts, which `DocumentPage` holds, and the
# entries its text names), so they are left out of the site's digest and the document's
# own part goes into its key instead.
COLLECTION_WIDE = frozenset({"documents", "index", "registers", "routes", "copies",
                             "correspondents", "place_map", "timeline", "collection",
                             "entity_notes", "search_parts"})


@dataclass
class Tally:
    """Which documents a build drew files of (of either kind), and which it went
    through: the others' files were all reused."""

    drawn: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    def clear(self) -> None:
        self.drawn.clear()
        self.seen.clear()


TALLY = Tally()


@per_plan
def site_digest(site: Site, formats: tuple[object, ...]) -> str:
    """What every document's files read of the site as a whole, worked out once a plan:
    its own values (the theme's files by their bytes, which their `repr` leaves out), the
    navigation, whether it is one document, a large collection, and how many documents
    it has (a document's DTS answers give the count), and the libraries and fonts its
    files are drawn with."""
    parts = [_stable(getattr(site, f.name)) for f in fields(site)
             if f.name not in COLLECTION_WIDE]
    parts += [hashlib.sha256(a.content).hexdigest()
              for a in (*site.theme.templates, *site.theme.assets)]
    parts += [repr(site.nav), repr(site.collection.paged), repr(len(site.documents)),
              repr(tuple(getattr(f, "download", f) for f in formats)), _libraries()]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _stable(value: object) -> str:
    """A value's `repr`, with a set's members in order: the same in every process (a
    frozenset's order follows the string hashes, which each interpreter seeds anew)."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(map(repr, value))) + "}"
    if is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(f"{f.name}={_stable(getattr(value, f.name))}" for f in fields(value)
                          if f.repr)
        return f"{type(value).__name__}({inner})"
    if isinstance(value, tuple):
        return "(" + ", ".join(_stable(v) for v in value) + ")"
    return repr(value)


@lru_cache(maxsize=1)
def _libraries() -> str:
    """The libraries a document's files are drawn with, and the fonts a PDF is drawn
    in: an upgrade, or a font installed, draws every document again."""
    from .pdf import _fonts

    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return ";".join(versions) + ";" + _fonts()


def document_key(cache: BuildCache, site: Site, formats: tuple[object, ...], kind: str,
                 page: DocumentPage) -> str:
    """The key of a document's files of `kind`: the site's digest, the document's part of
    the plan, its file's bytes (the TEI download and the DTS answers give them as they
    are), and every register entry a pointer of its text names (not only those of its
    citable blocks: a name in a hidden reading, or outside any block, is drawn too)."""
    return cache.key(NAMESPACE, kind, site_digest(site, formats), _own_digest(site, page))


def _own_digest(site: Site, page: DocumentPage) -> str:
    """What a document's files read of their own: worked out once a plan and document,
    for both kinds (its `repr` was a sixth of a collection's rebuild, twice over)."""
    known = _own_digests(site)
    digest = known.get(page.document.id)
    if digest is None:
        registers = site.registers
        named = sorted(_named(page.document, registers)) if registers is not None else []
        entries = [repr(registers.get(k)) for k in named] if registers is not None else []
        own = hashlib.sha256("\n".join([repr(page), *entries]).encode("utf-8",
                                                                      "surrogatepass"))
        own.update(page.document.source_bytes)
        digest = known[page.document.id] = own.hexdigest()
    return digest


@per_plan
def _own_digests(site: Site) -> dict[str, str]:
    """Each document's `_own_digest` by its id, filled in as documents are drawn."""
    return {}


def _named(document: Document, registers: Registers) -> set[str]:
    """The register keys every pointer of a text names, as the text's drawing resolves
    them (`common.refs.mention_of` in the document's scope)."""
    scope = scope_of(document, registers)
    pointing = {*NAME_POINTERS, *SPEECH_POINTERS}
    found: set[str] = set()
    for node in document.body.iter():
        if node.tag != "date" and any(name in pointing for name, _ in node.attrs):
            pointer = mention_of(node, scope)
            if pointer is not None:
                found.update(pointer.keys)
    return found


def reusing(site: Site, cache: BuildCache, formats: Iterable[object], kind: str,
            share: Share, draw: Callable[[Share], Iterator[Page]]) -> Iterator[Page]:
    """The files of `kind` of `share`: the site's own drawn every time, each document's
    reused from the cache when its key is the one it was drawn under. Not for an edition
    with templates of its own (they may read anything of the plan, which no document's
    key can cover), nor for a document's other files when it shows images (a scan
    replaced under its name must be drawn anew; its PDF's own cache reads the files)."""
    if share.whole or cache.folder is None or site.theme.templates:
        for page in () if share.whole else site.pages_of(share):
            TALLY.drawn.add(page.document.id)
            TALLY.seen.add(page.document.id)
        yield from draw(share)
        return
    formats = tuple(formats)
    variant = site.releases.this or "current"  # a release's drawings beside the edition's
    for page in site.pages_of(share):
        if kind == "data" and (page.page_images or page.images != Images()):
            TALLY.drawn.add(page.document.id)
            TALLY.seen.add(page.document.id)
            yield from draw(Share(frozenset({page.document.id}), whole=False))
            continue
        slot = _slot(cache, variant, kind, page.document.id)
        key = document_key(cache, site, formats, kind, page)
        kept = _recall(slot, key)
        if kept is None:
            kept = list(draw(Share(frozenset({page.document.id}), whole=False)))
            TALLY.drawn.add(page.document.id)
            if cache.writable:
                _remember(slot, key, kept)
        TALLY.seen.add(page.document.id)
        yield from kept


def _slot(cache: BuildCache, variant: str, kind: str, document_id: str) -> Path:
    assert cache.folder is not None
    return cache.folder / NAMESPACE / variant / kind / f"{document_id}.drawn"


def _recall(slot: Path, key: str) -> list[Page] | None:
    """A slot is one file: a line of JSON (the key, and each file's path and length),
    then the files' bytes one after another. One file a document, not one per file it
    has, since a collection's documents have tens of files each."""
    try:
        data = slot.read_bytes()
        end = data.index(b"\n")
        head = json.loads(data[:end])
        if head["key"] != key:
            return None
        pages, at = [], end + 1
        for path, length in head["files"]:
            pages.append(Page(path, data[at:at + length]))
            at += length
        return pages if at == len(data) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(slot: Path, key: str, pages: list[Page]) -> None:
    """Best effort, and atomic: a reader sees the slot's earlier drawing or this one."""
    head = json.dumps({"key": key, "files": [(p.path, len(p.content)) for p in pages]})
    try:
        slot.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=slot.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(head.encode("utf-8") + b"\n")
            for page in pages:
                out.write(page.content)
        os.replace(temporary, slot)
    except OSError:
        pass
