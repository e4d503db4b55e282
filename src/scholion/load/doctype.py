"""Read a document's DOCTYPE before libxml2 does, and decide what libxml2 may see of it.

Real TEI often declares a DOCTYPE: the public `tei_all.dtd` by a PUBLIC or SYSTEM id, and
sometimes an internal subset of general entities (`<!ENTITY ed "Editor's name">`) used as
`&ed;` in the text. Scholion accepts both, on these terms:

- **The external DTD is never read**, from a file or the network. Its id is blanked out of
  the bytes libxml2 parses, so libxml2 cannot even ask for it: it would (lxml 6 with
  `collect_ids=False` opens the DTD file on libxml2 2.14 although `load_dtd=False`). Scholion
  validates TEI against `tei_all.rng`, so nothing a DTD adds is wanted.
- **Internal general entities** (`<!ENTITY name "text">`) are accepted within the limits
  below, checked here before libxml2 expands anything, so an entity bomb costs a regex pass.
  An entity used in the text must stand for text: markup in it would put elements in the
  tree at no line of the file, and a lone `&` (declared as `"&#38;"`) is not well-formed.
- ELEMENT declarations, ATTLIST declarations without default values, NOTATION declarations
  and comments only constrain validation: they are blanked too, so they have no effect.
- Refused (E102), naming the entity: external entities (SYSTEM or PUBLIC), unparsed (NDATA)
  entities, parameter entities and their references (`%p;`), ATTLIST declarations with a
  default or #FIXED value (a DTD-reading tool would add the attribute, Scholion would not:
  write it in the document), conditional sections, processing instructions, a predefined
  entity (`lt`, `amp`...) redeclared as something else, and anything else.

Blanking replaces each character with spaces of its UTF-8 length and keeps line ends, so
libxml2 reports the lines and columns of the file itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Diagnostic, error

# Limits. A real subset declares a few names and phrases, or an inlined ISO character-entity
# set (isolat1 has 62 entities), nesting at most once (&ed; inside &credit;); billion laughs
# needs about ten levels, a quadratic blowup one long entity used thousands of times.
MAX_ENTITIES = 256  # entity declarations in one DOCTYPE; bounds the work of checking them
MAX_DECLARATIONS = 1_024  # all declarations and comments: bounds the work of reading them
MAX_ENTITY_VALUE = 4_096  # characters of one value as written: a phrase or a paragraph
MAX_ENTITY_DEPTH = 3  # levels of references: the text's &a;, &b; in a, &c; in b
MAX_ENTITY_EXPANSION = 65_536  # characters one entity expands to, its references included
# The references of one file may add at most as many characters as the file has (or
# MAX_ENTITY_EXPANSION, for a small file): the expanded document is at most twice the input,
# so at most 10 MB as files are at most 5 MB (load.files.MAX_BYTES). Counting them costs a
# regex pass over the file, and libxml2 adds its own amplification limit behind ours.

PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}

_S = r"[ \t\r\n]"  # XML white space; Unicode spaces are not
_NAME = r"[^\W\d][\w.\-]*"  # a little stricter than an XML name: others are refused
_LITERAL = r"\"[^\"]*\"|'[^']*'"
_EXTERNAL_ID = rf"(?:SYSTEM{_S}+(?:{_LITERAL})|PUBLIC{_S}+(?:{_LITERAL}){_S}+(?:{_LITERAL}))"
_PROLOG = re.compile(rf"\ufeff?(?:{_S}+|<!--.*?-->|<\?.*?\?>)*", re.DOTALL)
_HEAD = re.compile(
    rf"<!DOCTYPE{_S}+{_NAME}(?:{_S}+(?P<external>{_EXTERNAL_ID}))?{_S}*(?P<open>[\[>])")
_SPACE = re.compile(rf"{_S}+")
_END = re.compile(rf"\]{_S}*>")
_IGNORED = re.compile(  # declarations that only constrain validation, and comments
    rf"<!--(?:[^-]|-[^-])*-->"
    rf"|<!ELEMENT{_S}+{_NAME}{_S}[^<>%\"']*>"
    rf"|<!ATTLIST{_S}+{_NAME}[^<>%\"']*>"
    rf"|<!NOTATION{_S}+{_NAME}{_S}+(?:{_EXTERNAL_ID}|PUBLIC{_S}+(?:{_LITERAL})){_S}*>")
_ENTITY = re.compile(
    rf"<!ENTITY{_S}+(?P<percent>%{_S}+)?(?P<name>{_NAME}){_S}+"
    rf"(?:(?P<value>{_LITERAL})|(?P<external>{_EXTERNAL_ID})(?:{_S}+NDATA{_S}+(?P<ndata>{_NAME}))?)"
    rf"{_S}*>")
_ENTITY_NAME = re.compile(rf"<!ENTITY{_S}+(?:%{_S}*)?({_NAME})")
_REFERENCE = re.compile(rf"&(?:#x[0-9a-fA-F]{{1,8}}|#[0-9]{{1,8}}|(?P<name>{_NAME}));")
_CHARACTER = re.compile(r"&#(?:x(?P<hex>[0-9a-fA-F]{1,8})|(?P<dec>[0-9]{1,8}));")
# A reference where libxml2 expands one: outside comments, CDATA sections and PIs (each
# unclosed one runs to the end, so the scan stays linear).
_USE = re.compile(
    rf"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<\?.*?(?:\?>|\Z)|&(?P<name>{_NAME});",
    re.DOTALL)
_NOT_LINE_END = re.compile(rb"[^\r\n]")
_LOOP = float("inf")


@dataclass(frozen=True)
class Doctype:
    """What libxml2 may see: the document with the DTD's id and the declarations that have
    no effect blanked out, and the names of the entities it declares (all checked)."""

    parse_input: bytes
    entities: frozenset[str]


@dataclass(frozen=True)
class _Entity:
    name: str
    at: int  # index of its declaration in the text
    text: str  # the replacement text: the value with its character references decoded
    refs: tuple[str, ...]  # the general entities the text refers to

    @property
    def problem(self) -> str | None:
        """Why the text is not plain text, which is all an entity used in a file may be."""
        if "<" in self.text:
            return f"entity '{self.name}' contains markup ('<'); an entity may stand for text"
        if self.text.count("&") != len(_REFERENCE.findall(self.text)):
            return (f"entity '{self.name}' stands for a lone '&' (declared as \"&#38;\"), "
                    "which is not well-formed where it is used; declare it as \"&#38;#38;\"")
        return None


class _Refusal(Exception):
    """A Diagnostic in the making: raised deep in the reader, made one in read_doctype."""

    def __init__(self, at: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.at, self.message, self.hint = at, message, hint


def read_doctype(data: bytes, path: str) -> tuple[Doctype | None, Diagnostic | None]:
    """The DOCTYPE of `data` (valid UTF-8) as libxml2 may parse it, or why it is refused;
    (None, None) when the document declares none."""
    if b"<!DOCTYPE" not in data:
        return None, None
    text = data.decode("utf-8")
    start = _PROLOG.match(text).end()
    if not text.startswith("<!DOCTYPE", start):
        return None, None  # in a comment or CDATA, or libxml2 finds the file not well-formed
    reader = _Reader(text)
    try:
        return reader.read(start), None
    except _Refusal as refusal:
        line = text.count("\n", 0, refusal.at) + 1
        column = refusal.at - text.rfind("\n", 0, refusal.at)
        return None, error(path, line, "E102", refusal.message, column=column,
                           hint=refusal.hint)


class _Reader:
    """One pass over the DOCTYPE and the references of the text; refusal by `_Refusal`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: dict[str, _Entity] = {}  # the first declaration of a name binds
        self.declared = 0  # entity declarations
        self.blank: list[tuple[int, int]] = []  # spans that libxml2 sees as spaces
        self.size: dict[str, int] = {}  # characters each entity expands to
        self.problems: dict[str, str | None] = {}  # why each used entity is not plain text

    def read(self, start: int) -> Doctype:
        head = _HEAD.match(self.text, start)
        if head is None:
            raise _Refusal(start, "the DOCTYPE is not well-formed",
                           hint='write <!DOCTYPE TEI>, <!DOCTYPE TEI SYSTEM "..."> or '
                                '<!DOCTYPE TEI PUBLIC "..." "..."> with an optional [...]')
        if head["external"]:
            self.blank.append(head.span("external"))  # never read: libxml2 never sees it
        end = head.end() if head["open"] == ">" else self._subset(head.end())
        self._check_nesting()
        self._check_uses(end)
        return Doctype(_blanked(self.text, self.blank), frozenset(self.entities))

    def _subset(self, at: int) -> int:
        """Read the internal subset from `at` (after its '['); return where the DOCTYPE ends."""
        tokens = 0
        while not (end := _END.match(self.text, at)):
            if space := _SPACE.match(self.text, at):
                at = space.end()
                continue
            tokens += 1
            if tokens > MAX_DECLARATIONS:
                raise _Refusal(at, f"the DOCTYPE holds more than {MAX_DECLARATIONS:,} "
                               "declarations and comments")
            at = self._declaration(at)
        return end.end()

    def _declaration(self, at: int) -> int:
        """Read the declaration or comment at `at`; return where it ends."""
        if match := _IGNORED.match(self.text, at):
            self.blank.append(match.span())
            return match.end()
        if self.text.startswith("<!ENTITY", at):
            return self._entity(at)
        raise _Refusal(at, *_unexpected(self.text, at))

    def _entity(self, at: int) -> int:
        match = _ENTITY.match(self.text, at)
        if match is None:
            name = _ENTITY_NAME.match(self.text, at)
            called = f" '{name[1]}'" if name else ""
            raise _Refusal(at, f"the declaration of entity{called} is not well-formed")
        self.declared += 1
        if match["percent"] and not (match["external"] or match["ndata"]):
            # `<!ENTITY % TEI.header "INCLUDE">`: inert, since only a DTD could use it and
            # none is read, and a reference to it (%p;) is refused; ignored like ELEMENT
            self.blank.append(match.span())
            return match.end()
        if self.declared > MAX_ENTITIES:
            raise _Refusal(at, f"the DOCTYPE declares more than {MAX_ENTITIES} entities",
                           hint="write the characters themselves (the file is UTF-8)")
        _refuse_kind(match, at)
        entity = _entity(match["name"], at, match["value"][1:-1])
        if entity.name in PREDEFINED or entity.name in self.entities:
            self.blank.append(match.span())  # libxml2 ignores these: the first one binds
        else:
            self.entities[entity.name] = entity
        return match.end()

    def _check_nesting(self) -> None:
        """Refuse the first entity (in the file's order) that nests too deep or expands
        too far: reference loops and billion laughs stop here, before any expansion."""
        depth: dict[str, float] = {}
        for entity in self.entities.values():
            levels = _depth(entity.name, self.entities, depth, set())
            if levels > MAX_ENTITY_DEPTH:
                raise _Refusal(entity.at, _too_deep(entity.name, levels),
                               hint="write the text out; an entity may stand for a phrase")
        for entity in self.entities.values():
            if (chars := _size(entity.name, self.entities, self.size)) > MAX_ENTITY_EXPANSION:
                raise _Refusal(entity.at, f"entity '{entity.name}' expands to {chars:,} "
                               f"characters; the limit is {MAX_ENTITY_EXPANSION:,}")

    def _check_uses(self, start: int) -> None:
        """The references libxml2 will expand must be to plain text, and may add at most as
        many characters as the file has. Counted at C speed; walked one by one only to
        locate the reference at fault."""
        used = Counter(_USE.findall(self.text, start))  # a comment or CDATA counts as ''
        growth = {name: max(0, self.size[name] - len(name) - 2)
                  for name in used if name in self.entities}  # others: libxml2's to refuse
        added = sum(used[name] * chars for name, chars in growth.items())
        if added > self._allowance() or any(
                _text_problem(name, self.entities, self.problems) for name in growth):
            self._refuse_first_use(start, growth)

    def _refuse_first_use(self, start: int, growth: dict[str, int]) -> None:
        added = 0
        for use in _USE.finditer(self.text, start):
            if (name := use["name"]) not in growth:
                continue
            if problem := _text_problem(name, self.entities, self.problems):
                raise _Refusal(use.start(), problem)
            added += growth[name]
            if added > self._allowance():
                raise _Refusal(use.start(), f"with &{name}; here, the entity references "
                               f"would add {added:,} characters to the document; the limit "
                               f"is {self._allowance():,} (the file's length, at least "
                               f"{MAX_ENTITY_EXPANSION:,})",
                               hint="write repeated text out in the document")

    def _allowance(self) -> int:
        return max(len(self.text), MAX_ENTITY_EXPANSION)


def _refuse_kind(match: re.Match[str], at: int) -> None:
    """Refuse the kinds of entity that are not internal general entities."""
    name = match["name"]
    if match["percent"]:
        raise _Refusal(at, f"parameter entity '{name}' (<!ENTITY % {name} ...>) is not allowed",
                       hint="parameter entities only build DTDs, which Scholion never reads")
    if match["ndata"]:
        raise _Refusal(at, f"unparsed entity '{name}' (NDATA {match['ndata']}) is not allowed",
                       hint="point at the file with a TEI element such as <graphic url=...>")
    if match["external"]:
        raise _Refusal(at, f"external entity '{name}' is not allowed; Scholion never reads "
                       "another file or the network", hint="put the text in the document")


def _entity(name: str, at: int, value: str) -> _Entity:
    """The entity declared at `at` with `value` (between its quotes), or why not."""
    if len(value) > MAX_ENTITY_VALUE:
        raise _Refusal(at, f"the value of entity '{name}' is {len(value):,} characters long; "
                       f"the limit is {MAX_ENTITY_VALUE:,}", hint="write the text out")
    if "%" in value:
        raise _Refusal(at, f"the value of entity '{name}' contains '%', a parameter-entity "
                       "reference", hint="write a percent sign as &#37;")
    if value.count("&") != len(_REFERENCE.findall(value)):
        raise _Refusal(at, f"the value of entity '{name}' has an '&' that begins no reference",
                       hint="write an ampersand as &#38;#38;")
    text = _CHARACTER.sub(_character, value)
    entity = _Entity(name, at, text, tuple(m["name"] for m in _REFERENCE.finditer(text)
                                          if m["name"]))
    if name in PREDEFINED and _CHARACTER.sub(_character, text) != PREDEFINED[name]:
        raise _Refusal(at, f"entity '{name}' is predefined as '{PREDEFINED[name]}' and may "
                       "not be declared as anything else", hint="remove the declaration")
    return entity


def _character(match: re.Match[str]) -> str:
    number = int(match["hex"], 16) if match["hex"] else int(match["dec"])
    return chr(number) if number <= 0x10FFFF else "\ufffd"  # libxml2 refuses it anyway


def _depth(name: str, entities: dict[str, _Entity], memo: dict[str, float],
           open_: set[str]) -> float:
    """Levels of references a use of `name` opens (1: none in its text); a loop is infinite."""
    if name in memo:
        return memo[name]
    if name in open_:
        return _LOOP
    open_.add(name)
    inner = [_depth(r, entities, memo, open_) for r in set(entities[name].refs) if r in entities]
    open_.discard(name)
    memo[name] = 1 + max(inner, default=0)
    return memo[name]


def _size(name: str, entities: dict[str, _Entity], memo: dict[str, int]) -> int:
    """Characters `name` expands to (character references count as written); no loops."""
    if name not in memo:
        entity = entities[name]
        memo[name] = len(entity.text) + sum(
            _size(r, entities, memo) - len(r) - 2 for r in entity.refs if r in entities)
    return memo[name]


def _too_deep(name: str, levels: float) -> str:
    if levels == _LOOP:
        return f"entity '{name}' refers to itself through its references: it never ends"
    return (f"entity '{name}' nests entity references {int(levels)} levels deep; "
            f"the limit is {MAX_ENTITY_DEPTH}")


def _text_problem(name: str, entities: dict[str, _Entity], memo: dict[str, str | None]
                  ) -> str | None:
    """Why expanding `name` would not give plain text (its nesting is already bounded)."""
    if name not in memo:
        memo[name] = entities[name].problem
        for ref in sorted(set(entities[name].refs) - PREDEFINED.keys()):
            if memo[name]:
                break
            memo[name] = (_text_problem(ref, entities, memo) if ref in entities else
                          f"entity '{name}' refers to &{ref};, which is not declared")
    return memo[name]


def _unexpected(text: str, at: int) -> tuple[str, str | None]:
    """The message and hint for what stands at `at` in the internal subset."""
    rest = text[at:at + 40]
    if match := re.match(rf"%({_NAME});", rest):
        return (f"parameter-entity reference '%{match[1]};' is not allowed",
                "parameter entities only build DTDs, which Scholion never reads")
    if rest.startswith("<!["):
        return "conditional sections are not allowed in the DOCTYPE", None
    if rest.startswith("<?"):
        return "processing instructions are not allowed in the DOCTYPE", None
    if match := re.match(rf"<!(ELEMENT|ATTLIST|NOTATION){_S}+({_NAME})", rest):
        return _declaration_problem(match[1], match[2], text[at:text.find(">", at) + 1])
    if not rest:
        return "the DOCTYPE's internal subset is not closed with ']>'", None
    return f"unexpected text in the DOCTYPE: {rest[:20]!r}", (
        "the internal subset may declare entities: <!ENTITY name \"text\">")


def _declaration_problem(keyword: str, name: str, declaration: str) -> tuple[str, str | None]:
    if "%" in declaration:
        return (f"the {keyword} declaration of '{name}' uses a parameter entity, which is "
                "not allowed", "parameter entities only build DTDs, which Scholion never reads")
    if keyword == "ATTLIST" and re.search("[\"']", declaration):
        return (f"the ATTLIST of <{name}> gives an attribute a default value, which Scholion "
                "would not add (it reads no DTD)", "write the attribute in the document itself")
    return f"the {keyword} declaration of '{name}' is not well-formed", None


def _blanked(text: str, spans: list[tuple[int, int]]) -> bytes:
    """`text` encoded, each span's bytes made spaces but its line ends (UTF-8 never has a
    CR or LF byte inside a character): the same length, lines and columns."""
    parts, last = [], 0
    for start, end in sorted(spans):
        parts += [text[last:start].encode(), _NOT_LINE_END.sub(b" ", text[start:end].encode())]
        last = end
    return b"".join([*parts, text[last:].encode()])
