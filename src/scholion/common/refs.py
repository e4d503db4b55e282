"""How the text points at register entries, and what counts as a mention.

Shared by `load` (which authorities the text names), `check` (does it resolve?), `link`
(which index entry?) and `render` (which link?), so the rule for reading a reference lives
in one place. A pointer is one token of `@ref`, `@key`, `@corresp` or `@sameAs` on a name
(or of `@who` on a speech), read in the scope of the file that holds it:

- `#id`: an entry of a list in the same file (particDesc, settingDesc, back, standOff…);
- `file.xml#id`, `../x/file.xml#id`: an entry in another file, relative to this one;
- `prefix:value`: expanded by the file's `prefixDef` of that ident; `reg:ID` names an
  entry of `source/registers.xml` even where no prefixDef declares it, and an undeclared
  authority's name (`gnd:118540238`, `wikidata:Q42`, `wd:Q42`) that authority's identifier;
- an authority URI (Wikidata, GeoNames, VIAF, GND, ISNI, ROR, or any URI an entry gives):
  the entry that carries it; with none, an entry of its own (see `authority_entity_id`);
- a bare name (what `@key` usually holds): an entry with that xml:id, in this file, in
  `registers.xml`, then in the first file that lists it.

Entry ids are unique in the edition and stable (see `entity_id`): they are the anchors of
the index pages and what notes target.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from ..model import Document, Entity, Node, PrefixDef, Registers
from .dates import DateValue, date_value
from .kinds import DATE, NAME_ELEMENTS, TYPES, UNTYPED

REF_PREFIX = "reg:"  # the built-in prefix of source/registers.xml
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_PREFIXED = re.compile(r"(?P<ident>[A-Za-z][A-Za-z0-9_.+-]*):(?P<value>.*)")
NAME_KINDS = NAME_ELEMENTS  # persName -> person, ... (common.kinds)
RS_KINDS = TYPES  # rs/name @type -> kind
# Elements that name an entry whatever they point at: with no @type of a kind, what their
# pointers reach says the kind, if it is one that has no name element (`Kind.untyped`).
UNTYPED_NAMES = ("name", "rs")
# The attributes a name points with, in the order they are read; a speech names its
# speakers with @who.
NAME_POINTERS = ("ref", "key", "corresp", "sameAs")
SPEECH_POINTERS = ("who",)

# Authorities whose URIs are recognised however they are spelt: (kind, pattern of a URI,
# pattern of a bare identifier, canonical URI with {} for the identifier).
AUTHORITIES = (
    ("wikidata", r"https?://(?:www\.|m\.)?wikidata\.org/(?:entity|wiki)/(Q[1-9]\d*)/?",
     r"Q[1-9]\d*", "https://www.wikidata.org/entity/{}"),
    ("geonames", r"https?://(?:sws\.|www\.)?geonames\.org/([1-9]\d*)(?:/.*)?",
     r"[1-9]\d*", "https://sws.geonames.org/{}/"),
    ("viaf", r"https?://(?:www\.)?viaf\.org/viaf/([1-9]\d*)/?", r"[1-9]\d*",
     "https://viaf.org/viaf/{}"),
    ("gnd", r"https?://d-nb\.info/gnd/([0-9][0-9X-]*)/?", r"[0-9][0-9X-]*",
     "https://d-nb.info/gnd/{}"),
    ("isni", r"https?://(?:www\.)?isni\.org/isni/(\d{15}[\dX])/?", r"\d{15}[\dX]",
     "https://isni.org/isni/{}"),
    ("ror", r"https?://ror\.org/(0[a-z0-9]{6}\d{2})/?", r"0[a-z0-9]{6}\d{2}",
     "https://ror.org/{}"),
)
_URI = re.compile(r"https?://[^\s<>\"]+")
AUTHORITY_NAMES = frozenset(name for name, *_ in AUTHORITIES)
# Undeclared prefixes that can only mean an authority's identifier (`gnd:118540238`).
AUTHORITY_ALIASES = {"wd": "wikidata", "gn": "geonames"}


def parse_ref(ref: str) -> str | None:
    """The registers.xml id a `reg:` pointer names, or None for any other pointer."""
    if not ref.startswith(REF_PREFIX):
        return None
    entity_id = ref[len(REF_PREFIX):]
    return entity_id if _ID.fullmatch(entity_id) else None


def entity_id(namespace: str, xml_id: str) -> str:
    """The edition-wide id of an entry listed outside `registers.xml`: the name of the
    place that lists it, a dot, its xml:id (`letter-a.p1`, `listperson.p19`). A document's
    own id or a register file's name never holds a dot (see `namespace_of`), so ids of
    different files cannot meet; and they do not change when other files come and go.
    registers.xml keeps its ids as they are (`osaka`): its entries are the edition's own."""
    return f"{namespace}.{xml_id}"


def namespace_of(file_name: str) -> str:
    """A register file's namespace: its name without `.xml`, made a plain word."""
    stem = file_name.rsplit("/", 1)[-1].removesuffix(".xml")
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "register"


def authority_entity_id(kind: str, uri: str) -> str:
    """The id of the entry made for an authority URI that no list carries: kind,
    authority, identifier (`person.wikidata.Q42`): stable, since the URI is. The kind is
    part of it because a text may name one authority as a place and as an organization."""
    name, canonical = authority(uri) or ("uri", uri)
    return f"{kind}.{name}.{canonical.rstrip('/').rsplit('/', 1)[-1]}"


def authority(uri: str) -> tuple[str, str] | None:
    """(authority, canonical URI) of a URI of a known authority, however it is spelt
    (http or https, `www.`, `/wiki/` for `/entity/`, a trailing name or slash)."""
    for kind, pattern, _, canonical in AUTHORITIES:
        if match := re.fullmatch(pattern, uri.strip()):
            return kind, canonical.format(match[1])
    return None


def authority_uri(kind: str, value: str) -> str | None:
    """The canonical URI of an identifier given as `<idno type="KIND">`: a URI of that
    authority, or its bare identifier (`Q42`, `118540238`)."""
    value = value.strip()
    for name, _, bare, canonical in AUTHORITIES:
        if name == kind.lower():
            if re.fullmatch(bare, value):
                return canonical.format(value)
            found = authority(value)
            return found[1] if found and found[0] == name else None
    return None


def is_uri(value: str) -> bool:
    return bool(_URI.fullmatch(value))


def entity_kind_of(node: Node) -> str:
    """Which kind of register entry a name element must point at ('' for none); a
    speech's @who names persons."""
    if node.tag in NAME_KINDS:
        return NAME_KINDS[node.tag]
    if node.tag in UNTYPED_NAMES:
        return RS_KINDS.get(node.get("type"), "")
    return "person" if node.tag == "sp" else ""


def says_no_kind(node: Node) -> bool:
    """A `name` or `rs` whose @type names no kind: a mention only of an entry of a kind
    TEI has no name element for (an event), which its pointers must reach."""
    return node.tag in UNTYPED_NAMES and not entity_kind_of(node)


@dataclass(frozen=True)
class Scope:
    """What a pointer can reach from one file: the file's path (relative pointers start
    there), its prefix declarations, and the edition's entries. What a pointer reaches
    depends on nothing else, and all three are immutable, so `resolve` remembers each
    answer in `known` (a text names the same few entries over and over)."""

    path: str = ""
    prefixes: tuple[PrefixDef, ...] = ()
    registers: Registers | None = None
    known: dict[tuple[str, str], Target] = field(default_factory=dict, compare=False,
                                                 repr=False)


def scope_of(document: Document, registers: Registers | None) -> Scope:
    """The scope of a document's pointers: one a file, its prefixes and the registers,
    for as long as the registers are the same, so that what a pointer reaches is worked
    out once (`Scope.known`), not once a stage (load's authority entries, check, link and
    render each read every pointer of the text)."""
    if _SCOPES.registers is not registers:
        _SCOPES.registers, _SCOPES.kept = registers, {}
    key = (document.path, document.prefixes)
    scope = _SCOPES.kept.get(key)
    if scope is None:
        scope = _SCOPES.kept[key] = Scope(document.path, document.prefixes, registers)
    return scope


@dataclass
class _Scopes:
    """The scopes made for one `Registers` (a frozen value: the same object, the same
    answers); the memo starts again for other registers, so it holds one edition's."""

    registers: Registers | None = None
    kept: dict[tuple[str, tuple[PrefixDef, ...]], Scope] = field(default_factory=dict)


_SCOPES = _Scopes()


@dataclass(frozen=True)
class Target:
    """What one pointer reaches: an entry, or why none (`problem`; `readable` False when
    Scholion cannot read the pointer at all). `path` is the file it points into, `uri` the
    authority URI it names (canonical), either empty when it names none."""

    entity: Entity | None = None
    path: str = ""
    uri: str = ""
    problem: str = ""
    readable: bool = True


def words_of(node: Node) -> str:
    """The words that name the entry as the text writes them: a name's own text, a
    speech's speaker label (not the whole speech)."""
    if node.tag == "sp":
        node = next((c for c in node.children if isinstance(c, Node) and c.tag == "speaker"),
                    Node("speaker"))
    return " ".join(node.reading_text().split())


def pointers(node: Node) -> tuple[tuple[str, str], ...]:
    """(attribute, token) of every pointer a name or a speech holds: @ref and the others
    are lists of pointers, separated by white space."""
    if not entity_kind_of(node) and not says_no_kind(node):
        return ()
    names = SPEECH_POINTERS if node.tag == "sp" else NAME_POINTERS
    return tuple((name, token) for name in names for token in node.get(name).split())


def resolve(token: str, scope: Scope, kind: str = "") -> Target:
    """What `token`, read in `scope`, points at. `kind` (person, place, …) chooses among
    entries that carry one authority URI: a text may name a city and its government by
    one Wikidata item, and only the entry of the right kind is meant."""
    found = scope.known.get((token, kind))
    if found is None:
        found = scope.known[token, kind] = _resolved(token, scope, kind)
    return found


def _resolved(token: str, scope: Scope, kind: str) -> Target:
    if token.startswith("#"):
        return _in_file(scope.path, token[1:], scope)
    if is_uri(token):
        return _by_authority(token, scope, kind)
    if match := _PREFIXED.fullmatch(token):
        return _prefixed(match["ident"], match["value"], scope, kind)
    if "#" in token:
        file, _, fragment = token.partition("#")
        return _in_file(_relative(scope.path, unquote(file)), fragment, scope)
    if _ID.fullmatch(token):
        return _by_key(token, scope)
    return Target(problem="it is neither '#id', 'file.xml#id', 'prefix:value', a URI nor "
                          "an id", readable=False)


def targets(node: Node, scope: Scope) -> tuple[Target, ...]:
    """What a name points at: the pointers of the first of its attributes (@ref, @key,
    @corresp, @sameAs, in that order) that reaches an entry or names an authority. The
    others may say the same in other words (a @key beside a @ref); they are checked, but
    do not add entries to the mention."""
    kind = entity_kind_of(node)
    if not kind and not says_no_kind(node):
        return ()
    for name in SPEECH_POINTERS if node.tag == "sp" else NAME_POINTERS:
        tokens = node.get(name).split()
        found = tuple(resolve(token, scope, kind) for token in tokens) if kind \
            else untyped_targets(tokens, scope)
        if any(t.entity is not None or t.uri for t in found):
            return found
    return ()


def untyped_targets(tokens: list[str], scope: Scope) -> tuple[Target, ...]:
    """What the pointers of a name of no kind reach: only entries of an untyped kind count
    (an authority URI is read as naming one of them)."""
    found = (resolve(token, scope, kind) for token in tokens for kind in sorted(UNTYPED))
    return tuple(dict.fromkeys(t for t in found if t.entity is not None
                               and t.entity.kind in UNTYPED))


def untyped_kind(found: tuple[Target, ...]) -> str:
    """The kind a name of no kind mentions: that of the first entry it reaches."""
    return next((t.entity.kind for t in found if t.entity is not None), "")


def _in_file(path: str, xml_id: str, scope: Scope) -> Target:
    if not _ID.fullmatch(xml_id):
        return Target(path=path, problem="'#' must be followed by an xml:id", readable=False)
    if path.startswith("../") or path == "..":
        return Target(path=path, problem=f"{path} is outside the edition")
    entity = scope.registers.by_place.get((path, xml_id)) if scope.registers else None
    if entity is None:
        return Target(path=path, problem=f"no entry (person, place, organization or event) "
                                         f"with xml:id '{xml_id}' is listed in "
                                         f"{path or 'this file'}")
    return Target(entity, path=path)


def _by_authority(uri: str, scope: Scope, kind: str) -> Target:
    canonical = (authority(uri) or ("", uri))[1]
    carriers = scope.registers.by_authority.get(canonical, ()) if scope.registers else ()
    if not carriers and canonical != uri:
        carriers = scope.registers.by_authority.get(uri, ()) if scope.registers else ()
    fitting = [e for e in carriers if not kind or e.kind == kind]
    if fitting:  # an entry of this very file first, then the edition's order
        best = min(fitting, key=lambda e: e.path != scope.path)
        return Target(best, path=best.path, uri=canonical)
    if authority(uri) is None:
        return Target(problem=f"no entry carries the URI {uri} (and it is not one of a "
                              "known authority)")
    return Target(uri=canonical, problem=f"no entry carries {canonical}")


def _prefixed(ident: str, value: str, scope: Scope, kind: str) -> Target:
    declared = next((p for p in scope.prefixes if p.ident == ident), None)
    if declared is None and ident + ":" == REF_PREFIX:
        return _registers_entry(value, scope)
    if declared is None and (uri := authority_uri(AUTHORITY_ALIASES.get(ident, ident), value)):
        return _by_authority(uri, scope, kind)  # `gnd:118540238`, `wd:Q42`: unambiguous
    if declared is None:
        return Target(problem=f"the prefix '{ident}:' is not declared (no <prefixDef "
                              f"ident=\"{ident}\"> in the teiHeader)", readable=False)
    if not _compiles(declared.match):
        return Target(problem=f"the matchPattern \"{declared.match}\" of the prefixDef "
                              f"'{ident}' (line {declared.line}) is not a regular expression "
                              "Scholion reads", readable=False)
    expanded = expand(declared, value)
    if expanded is None:
        return Target(problem=f"'{value}' does not match the matchPattern "
                              f"\"{declared.match}\" of the prefixDef '{ident}' "
                              f"(line {declared.line})", readable=False)
    if _PREFIXED.fullmatch(expanded) and not is_uri(expanded):
        return Target(problem=f"the prefixDef '{ident}' expands it to another prefixed "
                              f"pointer, '{expanded}'", readable=False)
    return resolve(expanded, scope, kind)


def expand(prefix: PrefixDef, value: str) -> str | None:
    """`value` after `prefix:` as its prefixDef rewrites it (`$1` is the first group of
    matchPattern), or None if it does not match (or the pattern is not a regex Python
    reads: XML Schema's own classes such as `\\i` are not supported)."""
    try:
        match = re.fullmatch(prefix.match, value)
    except re.error:
        return None
    if match is None:
        return None
    return re.sub(r"\$(\d)", lambda m: _group(match, int(m[1])), prefix.replacement)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _group(match: re.Match[str], number: int) -> str:
    try:
        return match.group(number) or ""
    except IndexError:
        return ""


def _registers_entry(value: str, scope: Scope) -> Target:
    registers = scope.registers
    path = registers.path if registers else ""
    if not path:
        return Target(problem="the edition has no source/registers.xml")
    return _in_file(path, value, scope)


def _by_key(key: str, scope: Scope) -> Target:
    """A bare id (`@key="p19"`): this file's list, then registers.xml, then the first
    file that lists it (register files come before documents in the edition's order)."""
    registers = scope.registers
    if registers is not None:
        for path in (scope.path, registers.path):
            if entity := registers.by_place.get((path, key)):
                return Target(entity, path=path)
        if entity := registers.by_xml_id.get(key):
            return Target(entity, path=entity.path)
    return Target(problem=f"no list of the edition has an entry with xml:id '{key}'")


@lru_cache(maxsize=4096)
def _relative(base: str, file: str) -> str:
    """`file` as a path from the edition root, read from the folder of `base`."""
    if not file:
        return base
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), file))


@dataclass(frozen=True)
class Pointer:
    """What one mention in the text points at: a register entry (`kind` one of
    `common.kinds.NAMES`, `key` its id; `also` further entries the same words name, as in
    `ref="#p1 #p2"`) or a date (`kind` "date", `key` its ISO/EDTF form, `date` its value).
    Computed by `mention_of` alone, so that check, the index, the exports and the page
    agree on what is a mention."""

    kind: str
    key: str
    date: DateValue | None = None
    also: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, *self.also)


def mention_of(node: Node, scope: Scope | None = None) -> Pointer | None:
    """The rule for what counts as a mention: a `<date>` whose attributes give a date, or a
    name element of a register kind (`persName`, `rs type="place"`, `name type="event"`,
    …) or a speech (`sp who`) whose pointers reach an entry, or a `name`/`rs` of no kind
    whose pointers reach an event (TEI has no element for its name). Anything else — a
    name whose pointers reach nothing, too — is text like any other."""
    if node.tag == "date":
        value = date_value(node)
        return Pointer(DATE, value.key, value) if value is not None else None
    reached = targets(node, scope or Scope())
    typed = entity_kind_of(node)
    kind = typed or untyped_kind(reached)
    if not kind:
        return None
    # a typed name's entries are all its own (one of another kind is check's E206)
    ids = tuple(dict.fromkeys(t.entity.id for t in reached if t.entity is not None
                              and (typed or t.entity.kind == kind)))
    return Pointer(kind, ids[0], also=ids[1:]) if ids else None
