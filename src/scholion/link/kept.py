"""A document's own part of the plan, kept in the build cache between builds (issue 17).

Most of `link`'s time goes to what one document gives by itself: each block's reading text
and mentions (`reading.read_blocks`), its table of contents, its DTS citation tree, the
views a reader may switch between, and the words a `ptr` to each of its elements shows
(`hrefs.labels_of`). That depends on the document's text, on the registers its pointers
reach (`refs.scope_of`) and on the `readings` setting, and on nothing else, so it is kept
under a key of exactly these, with Scholion's code (`cache.key`): a digest of the
document's id, path, prefixes, blocks and body (their `repr`, as `render.reuse` digests a
page), of the registers, all of them (an entry the text does not name changes nothing it
reaches, but a key may cover more than its value reads, never less), and the settings
`readings` and `citable`. A rebuild after one changed letter works out that letter's part
again, and reads the others'.

It is stored as JSON by load's codec (`load.stored.Codec`), with the plan's own plain
frozen dataclasses besides the model's, never pickled. The blocks are not stored: each
reading is given back its block from the document itself. An entry that does not read
back whole, or does not fit the document, is worked out again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..cache import BuildCache
from ..common import hrefs
from ..common.refs import Pointer, scope_of
from ..load.stored import MODEL, Codec, Unstorable
from ..model import (
    DIPLOMATIC,
    NORMALISED,
    VIEWS,
    Config,
    Document,
    Node,
    Registers,
    normalize_space,
)
from .contents import Part, contents
from .reading import Mention, Reading, read_blocks
from .units import CitationTree, Unit, citation_tree

NAMESPACE = "linked"  # the build cache's namespace of documents' own parts of the plan
CODEC = Codec((*MODEL, Mention, Pointer, Part, Unit, CitationTree))


@dataclass(frozen=True)
class Own:
    """What the plan holds of one document that the document alone decides."""

    readings: tuple[Reading, ...]  # each block's text and mentions, in reading order
    contents: tuple[Part, ...]
    citation: CitationTree
    views: tuple[str, ...]  # see `views_of`
    labels: dict[str, str] = field(default_factory=dict)  # see `hrefs.labels_of`


def settings_key(registers: Registers | None, config: Config) -> str:
    """What every document's part reads besides the document: worked out once a plan."""
    text = repr((registers, config.readings, config.citable))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def own_part(document: Document, registers: Registers | None, config: Config,
             located: dict[str, tuple[Node, ...]], cache: BuildCache,
             settings: str = "") -> Own:
    """The document's own part of the plan, from the cache when it has it; `located`: its
    apparatus entries that refer to a place (`model.apparatus_places`); `settings`: the
    `settings_key` of these registers and settings."""
    key = _key(cache, document, settings or settings_key(registers, config)) \
        if cache.folder is not None else ""
    kept = _recalled(cache, key, document)
    if kept is not None:
        return kept
    made = Own(read_blocks(document, scope_of(document, registers), located),
               contents(document), citation_tree(document),
               views_of(document.body, config.readings),
               hrefs.labels_of(document.body, document.blocks))
    _remember(cache, key, made)
    return made


def views_of(body: Node, default: str) -> tuple[str, ...]:
    """Both views, `default` first, if some `choice` has a reading of each kind, or the
    text keeps the witness's line breaks (`lb`: lines in the diplomatic view, running
    text in the normalised one)."""
    for node in body.iter():
        if node.tag == "lb":
            return tuple(sorted(VIEWS, key=lambda view: view != default))
        if node.tag == "choice":
            tags = {r.tag for r in node.readings()}
            if tags & set(DIPLOMATIC) and tags & set(NORMALISED):
                return tuple(sorted(VIEWS, key=lambda view: view != default))
    return ()


def _key(cache: BuildCache, document: Document, settings: str) -> str:
    text = repr((document.id, document.path, document.prefixes, document.blocks,
                 document.body))
    return cache.key(NAMESPACE, hashlib.sha256(text.encode("utf-8", "surrogatepass"))
                     .hexdigest(), settings)


def _recalled(cache: BuildCache, key: str, document: Document) -> Own | None:
    stored = cache.get(NAMESPACE, key) if key else None
    if stored is None:
        return None
    try:
        readings, parts, citation, views, labels = (CODEC.decode(part) for part in stored)
        if len(readings) != len(document.blocks) or not isinstance(citation, CitationTree) \
                or not isinstance(labels, dict):
            return None
        return Own(tuple(Reading(block, raw, normalize_space(raw) if own is None else own,
                                 mentions, hidden)
                         for block, (raw, own, mentions, hidden)
                         in zip(document.blocks, readings, strict=True)),
                   parts, citation, views, labels)
    except (TypeError, ValueError, KeyError):
        return None


def _remember(cache: BuildCache, key: str, own: Own) -> None:
    if not key or not cache.writable:
        return
    # a block's own text is most often its reading text, white space normalized: then
    # it is not stored twice
    readings: tuple[Any, ...] = tuple(
        (r.raw, None if r.own == normalize_space(r.raw) else r.own, r.mentions, r.hidden)
        for r in own.readings)
    try:
        stored = [CODEC.encode(part) for part in (readings, own.contents, own.citation,
                                                  own.views, own.labels)]
    except Unstorable:  # a value the cache cannot hold: worked out again next time
        return
    cache.put(NAMESPACE, key, stored)
