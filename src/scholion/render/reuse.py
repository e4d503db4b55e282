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
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..cache import BuildCache
from ..link import DocumentPage, Site
from ..model import Page, Share

NAMESPACE = "drawn"
KINDS = ("html", "data")
# The plan's collection-wide values: a document's files read only their own part of each
# (its page, its neighbours and mention counts, which `DocumentPage` holds, and the
# entries its text names), so they are left out of the site's digest and the document's
# own part goes into its key instead.
COLLECTION_WIDE = frozenset({"documents", "index", "registers", "routes", "copies",
                             "correspondents", "place_map", "timeline", "collection",
                             "entity_notes"})


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
_SITE_DIGEST: dict[int, tuple[weakref.ref, str]] = {}


def site_digest(site: Site, formats: Iterable[object]) -> str:
    """What every document's files read of the site as a whole, worked out once a plan."""
    kept = _SITE_DIGEST.get(id(site))
    if kept is not None and kept[0]() is site:
        return kept[1]
    parts = [repr(getattr(site, f.name)) for f in fields(site) if f.name not in COLLECTION_WIDE]
    parts += [repr(site.nav), repr(site.collection.paged), repr(len(site.documents) == 1),
              repr(tuple(getattr(f, "download", f) for f in formats))]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    _SITE_DIGEST.clear()  # one plan at a time (a build with releases makes several)
    _SITE_DIGEST[id(site)] = (weakref.ref(site), digest)
    return digest


def document_key(cache: BuildCache, site: Site, formats: Iterable[object], kind: str,
                 page: DocumentPage) -> str:
    registers = site.registers
    named = sorted({key for reading in page.readings for mention in reading.mentions
                    for key in mention.pointer.keys})
    entries = [repr(registers.get(key)) for key in named] if registers is not None else []
    own = hashlib.sha256("\n".join([repr(page), *entries]).encode("utf-8", "surrogatepass"))
    return cache.key(NAMESPACE, kind, site_digest(site, formats), own.hexdigest())


def reusing(site: Site, cache: BuildCache, formats: Iterable[object], kind: str,
            share: Share, draw: Callable[[Share], Iterator[Page]]) -> Iterator[Page]:
    """The files of `kind` of `share`: the site's own drawn every time, each document's
    reused from the cache when its key is the one it was drawn under."""
    if share.whole or cache.folder is None:
        yield from draw(share)
        return
    formats = tuple(formats)
    for page in site.documents:
        if not share.has(page.document.id):
            continue
        slot = _slot(cache, kind, page.document.id)
        key = document_key(cache, site, formats, kind, page)
        kept = _recall(slot, key)
        if kept is None:
            kept = list(draw(Share(frozenset({page.document.id}), whole=False)))
            TALLY.drawn.add(page.document.id)
            if cache.writable:
                _remember(slot, key, kept)
        TALLY.seen.add(page.document.id)
        yield from kept


def _slot(cache: BuildCache, kind: str, document_id: str) -> Path:
    assert cache.folder is not None
    return cache.folder / NAMESPACE / kind / f"{document_id}.drawn"


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
