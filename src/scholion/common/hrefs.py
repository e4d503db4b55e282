"""Where a `ref` or a `ptr` of the text goes: its `@target`, read pointer by pointer.

Shared by `check` (a pointer that reaches nothing is said, at its line), `link` (each
document's pointers are resolved once, for its page) and `render` (which draws what link
planned), so that the page links exactly what check passed. A target holds one pointer or
several, separated by white space; each is

- `#id`: an element of this document (or an entry of a list in this file);
- `file.xml#id`, `file.xml`: an element, or the page, of another document of the edition,
  relative to this file (or an entry of a register file);
- `DOC#ID`: an element of the document whose id is DOC, as notes name blocks
  (`common.targets`);
- `prefix:value`: expanded by the file's `prefixDef`; `reg:ID` is an entry of
  `source/registers.xml`;
- an `http(s)://` or `mailto:` address: a plain link out (the page requests nothing from it).

Anything else — `javascript:`, `data:`, `file:`, a scheme of no prefixDef — is never a
link. A `ptr` has no words of its own: it shows what it points at, by the words
`Place.labels` gives (`¶ 3`, a division's head, an entry's name, the address itself).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote

from ..model import XML_NAME, Block, Document, Node, PrefixDef, Registers, normalize_space
from .refs import REF_PREFIX, expand
from .routes import document_url, entity_url

LINKING = frozenset({"ref", "ptr"})
_WEB = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_MAIL = re.compile(r"mailto:[^\s<>\"'`/:]+@[^\s<>\"'`]+", re.IGNORECASE)
_SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):(?P<rest>.*)")
_ID = re.compile(XML_NAME)
# schemes that run, embed or read something instead of going somewhere
DANGEROUS = frozenset({"javascript", "vbscript", "data", "file", "blob", "filesystem"})
MAX_EXPANSIONS = 3  # a prefixDef may expand to another prefixed pointer, but not for ever


@dataclass(frozen=True)
class Link:
    """What one pointer of a `@target` becomes: a link (`href`, relative to the site root,
    as every page of a document lies there), or why not (`problem`). `refused`: the pointer
    is no address Scholion links (W125); otherwise it reaches nothing (W124)."""

    href: str = ""
    label: str = ""  # what a ptr shows for it
    external: bool = False
    problem: str = ""
    refused: bool = False
    path: str = ""  # the file it points into, when it names one


@dataclass(frozen=True)
class Place:
    """One document as pointers reach it: its page, and every element drawn there that
    has an xml:id of the source, with the words a `ptr` to it shows."""

    id: str
    path: str
    title: str
    url: str
    labels: Mapping[str, str] = field(default_factory=dict)
    prefixes: tuple[PrefixDef, ...] = ()


@dataclass(frozen=True)
class Collection:
    """Every document of the edition as pointers reach it, and the registers."""

    places: tuple[Place, ...] = ()
    registers: Registers | None = None

    @cached_property
    def by_path(self) -> dict[str, Place]:
        return {p.path: p for p in self.places}

    @cached_property
    def by_id(self) -> dict[str, Place]:
        return {p.id: p for p in reversed(self.places)}  # of two with one id, the first


def collection(documents: Iterable[Document], registers: Registers | None) -> Collection:
    return Collection(tuple(place_of(d) for d in documents), registers)


def place_of(document: Document, labels: Mapping[str, str] | None = None) -> Place:
    """`labels`: the document's `labels_of`, when the caller has them already (`link`
    keeps them with the rest of a document's own part of the plan)."""
    return Place(document.id, document.path, document.meta.title, document_url(document.id),
                 labels_of(document.body, document.blocks) if labels is None else labels,
                 document.prefixes)


def alone(body: Node, blocks: tuple[Block, ...], path: str = "",
          prefixes: tuple[PrefixDef, ...] = (), registers: Registers | None = None
          ) -> dict[str, Link]:
    """The links of a text drawn outside a build (a fragment, a header's paragraph): its
    pointers into itself, the registers and the web reach; other documents are unknown."""
    here = Place("", path, "", "", labels_of(body, blocks), prefixes)
    return plan(body, here, Collection((here,), registers))


def plan(body: Node, here: Place, where: Collection) -> dict[str, Link]:
    """Every pointer of every `ref` and `ptr` in `body`, resolved once."""
    return {token: resolve(token, here, where)
            for node in body.iter() if node.tag in LINKING
            for token in node.get("target").split()}


def labels_of(body: Node, blocks: tuple[Block, ...]) -> dict[str, str]:
    """xml:id -> what a `ptr` to it shows, for every element drawn with its xml:id: a
    citable block its ¶ number, an element with a head its head, a page break its page,
    anything else the ¶ of the block that holds it (else its id). A provisional anchor is
    no id of the source (W110), and what the page does not draw (the hidden reading of a
    `choice`, MathML) cannot be pointed at."""
    numbers = {b.id: b.n for b in blocks if not b.provisional}
    provisional = {b.id for b in blocks if b.provisional}
    found: dict[str, str] = {}

    def walk(node: Node, within: str) -> None:
        if node.tag.startswith("mml:"):
            return
        if node.id and node.id not in provisional:
            found.setdefault(node.id, _label(node, numbers, within))
        inner = f"¶ {numbers[node.id]}" if node.id in numbers else within
        shown = node.shown_reading() if node.tag == "choice" else None
        for child in (shown,) if shown is not None else node.children:
            if isinstance(child, Node):
                walk(child, inner)

    walk(body, "")
    return found


def _label(node: Node, numbers: Mapping[str, str], within: str) -> str:
    if node.id in numbers:
        return f"¶ {numbers[node.id]}"
    head = next((c for c in node.children if isinstance(c, Node) and c.tag == "head"), None)
    if head is not None and (words := normalize_space(head.reading_text())):
        return words
    if node.tag == "pb" and node.get("n"):
        return f"p. {node.get('n')}"
    return within or node.id


def resolve(token: str, here: Place, where: Collection, depth: int = 0) -> Link:
    """What one pointer, written in the document `here`, links to."""
    if _WEB.fullmatch(token):
        return Link(token, token, external=True)
    if _MAIL.fullmatch(token):
        return Link(token, token.split(":", 1)[1], external=True)
    if scheme := _SCHEME.fullmatch(token):
        return _prefixed(scheme["scheme"], scheme["rest"], token, here, where, depth)
    file, hash_, fragment = token.partition("#")
    if not file:
        return _in(here, fragment, here, where)
    if "/" not in file and not file.endswith(".xml") and hash_ and file in where.by_id:
        return _in(where.by_id[file], fragment, here, where)  # DOC#ID
    path = posixpath.normpath(posixpath.join(posixpath.dirname(here.path), unquote(file)))
    if path.startswith("../") or path in ("..", "/") or file.startswith("/"):
        return Link(problem=f"{file} is outside the edition", path=path)
    if path in where.by_path:
        return _in(where.by_path[path], fragment, here, where)
    if where.registers is not None and (where.registers.path == path or any(
            e.path == path for e in where.registers.entities)):
        return _entry(path, fragment, where)
    return Link(problem=f"no document of the edition is at {path}", path=path)


def _prefixed(scheme: str, value: str, token: str, here: Place, where: Collection,
              depth: int) -> Link:
    declared = next((p for p in here.prefixes if p.ident == scheme), None)
    if declared is not None and depth < MAX_EXPANSIONS:
        expanded = expand(declared, value)
        if expanded is None:
            return Link(problem=f"'{value}' does not match the matchPattern of the prefixDef "
                                f"'{scheme}' (line {declared.line})")
        return resolve(expanded, here, where, depth + 1)
    if declared is None and scheme + ":" == REF_PREFIX and where.registers is not None:
        return _entry(where.registers.path, value, where)
    if scheme.lower() in DANGEROUS:
        return Link(problem=f"a {scheme.lower()}: address runs or embeds something instead "
                            "of going somewhere", refused=True)
    if scheme.lower() in ("http", "https", "mailto"):
        return Link(problem=f"{token!r} is not a well-formed {scheme.lower()} address",
                    refused=True)
    return Link(problem=f"'{scheme}:' is neither a web address nor a prefix declared by a "
                        "<prefixDef> of the teiHeader", refused=True)


def _in(place: Place, fragment: str, here: Place, where: Collection) -> Link:
    """An element of a document (its page when there is no fragment), or an entry of a
    list in its file."""
    same = place.path == here.path
    page = "" if same else place.url
    if not fragment:
        if same:
            return Link(problem="it names this document itself, not a place in it")
        return Link(page, place.title or place.id, path=place.path)
    if not _ID.fullmatch(fragment):
        return Link(problem=f"'#{fragment}' is not an xml:id", path=place.path)
    if fragment in place.labels:
        label = place.labels[fragment]
        return Link(f"{page}#{fragment}", label if same else
                    f"{place.title or place.id}, {label}", path=place.path)
    entry = _entry(place.path, fragment, where)
    if entry.href:
        return entry
    return Link(problem=f"no element of {place.path or 'this document'} that the page "
                        f"draws has xml:id '{fragment}'", path=place.path)


def _entry(path: str, xml_id: str, where: Collection) -> Link:
    """An entry of the registers listed in `path` under `xml_id`: its index entry."""
    registers = where.registers
    entity = registers.by_place.get((path, xml_id)) if registers else None
    if entity is None:
        return Link(problem=f"no entry with xml:id '{xml_id}' is listed in "
                            f"{path or 'the registers'}", path=path)
    return Link(entity_url(entity.kind, entity.id), entity.name, path=path)
