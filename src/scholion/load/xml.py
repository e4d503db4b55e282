"""Parse untrusted XML safely and report every problem as a Diagnostic.

Annotations and source files arrive through pull requests from strangers, so the parser
never touches the network and never reads another file: no external DTD, no external
entity, no XInclude. A DOCTYPE is accepted the way real TEI declares one (`doctype.py`
reads it first): an external DTD named by PUBLIC or SYSTEM id is ignored, never loaded, and
internal general entities are expanded, within limits checked before libxml2 expands any.
Everything else a DTD can do is refused (E102).

XInclude is never followed: its targets lie outside the file, possibly outside the edition
or on the network. Real TEI uses it in the header, to pull in shared taxonomies or header
parts from files it came without: there an `xi:include` is left out, its `xi:fallback`
standing in, with one warning (W103). In the text, words would be missing: an include with
a fallback gets the same treatment, one without is refused (E103).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..diagnostics import Diagnostic, error, warning
from .doctype import Doctype, read_doctype
from .files import control_character

MAX_BYTES = 5_000_000  # far above any edition document; stops memory exhaustion early
XINCLUDE_NS = "http://www.w3.org/2001/XInclude"
TEI = "http://www.tei-c.org/ns/1.0"
_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_UNDECLARED = re.compile(r"Entity '([^']+)' not defined")


@dataclass(frozen=True)
class ParsedXML:
    tree: etree._ElementTree
    data: bytes


class _NothingExternal(etree.Resolver):
    """Answers every request of libxml2 for an external DTD or entity with an empty one, and
    remembers it. The last line of defence: `read_doctype` already blanked the DTD's id and
    refused external entities (with collect_ids=False, lxml 6 on libxml2 2.14 loads an
    external DTD although load_dtd=False)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> object:
        self.asked.append(system_url or public_id or "?")
        return self.resolve_string("", context)


def _parser(*, entities: bool) -> tuple[etree.XMLParser, _NothingExternal]:
    """A parser that expands internal entities only if `entities` (a checked DOCTYPE)."""
    parser = etree.XMLParser(
        resolve_entities="internal" if entities else False,  # lxml refuses external ones
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,  # keeps libxml2's depth and size limits in force
        collect_ids=False,
        remove_comments=False,
    )
    resolver = _NothingExternal()
    parser.resolvers.add(resolver)
    return parser, resolver


def parse_xml(data: bytes, path: str, *, as_written: bool = False
              ) -> tuple[ParsedXML | None, list[Diagnostic]]:
    """Parse `data` (the bytes of `path`); return the tree, or the reasons it was refused.
    `as_written` leaves each `xi:include` in the tree as the file has it (for `scholion
    anchors mint`, which counts the file's elements), instead of its fallback."""
    if problem := _check_bytes(data, path) or _check_declaration(data, path):
        return None, [problem]
    doctype, problem = read_doctype(data, path)
    if problem := problem or control_character(data.decode("utf-8-sig"), path,
                                               references=True):
        return None, [problem]
    return _parse(data, doctype, path, as_written)


def _parse(data: bytes, doctype: Doctype | None, path: str, as_written: bool = False
           ) -> tuple[ParsedXML | None, list[Diagnostic]]:
    """libxml2 parses what `read_doctype` let through; the tree keeps the file's lines, and
    ParsedXML keeps the file's own bytes."""
    parser, resolver = _parser(entities=doctype is not None)
    try:
        tree = etree.ElementTree(etree.fromstring(
            doctype.parse_input if doctype else data, parser))
    except etree.XMLSyntaxError as exc:
        return None, _syntax_errors(exc, parser.error_log, path)
    problems = (_external_requests(resolver, path) + _unchecked_doctype(tree, doctype, path)
                + _forbidden_constructs(tree, path, as_written))
    if any(p.is_error for p in problems):
        return None, problems
    return ParsedXML(tree, data), problems


def _check_bytes(data: bytes, path: str) -> Diagnostic | None:
    if len(data) > MAX_BYTES:
        return error(path, 1, "E004", f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    if not data.strip():
        return error(path, 1, "E101", "file is empty")
    if b"\x00" in data[:8192]:
        return error(path, 1, "E004", "file is binary, not UTF-8 XML text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        return error(
            path,
            line,
            "E004",
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            column=column,
            hint="save the file as UTF-8",
        )
    return None


def _check_declaration(data: bytes, path: str) -> Diagnostic | None:
    """The bytes were checked as UTF-8; a declaration claiming otherwise would make the
    parser read them differently, silently garbling the text."""
    match = _ENCODING.match(data.removeprefix(b"\xef\xbb\xbf"))
    if match and match[1].decode("ascii", "replace").lower().replace("_", "-") not in (
            "utf-8", "utf8"):
        return error(path, 1, "E004", f"the XML declaration says encoding=\"{match[1].decode()}"
                     "\"; Scholion reads UTF-8 only", hint="save the file as UTF-8 and declare "
                     "encoding=\"UTF-8\"")
    return None


def _syntax_errors(
    exc: etree.XMLSyntaxError, log: etree._ListErrorLog, path: str
) -> list[Diagnostic]:
    entries = [e for e in log if e.level >= etree.ErrorLevels.ERROR]
    if not entries:
        line, column = exc.position if exc.position else (1, 1)
        return [error(path, line, "E101", f"not well-formed XML: {exc.msg}", column=column)]
    first = entries[0]  # later libxml2 errors are mostly consequences of the first
    code = "E102" if "entit" in first.message.lower() else "E101"
    return [
        error(
            path,
            first.line,
            code,
            f"not well-formed XML: {first.message.strip()}",
            column=first.column + 1 if first.column else 1,
            hint=_undeclared_hint(first.message),
        )
    ]


def _undeclared_hint(message: str) -> str | None:
    """An undeclared entity may be one of the external DTD's, which is never read."""
    if (match := _UNDECLARED.search(message)) is None:
        return None
    return (f"write the character itself (the file is UTF-8), or declare the entity in the "
            f'DOCTYPE: <!DOCTYPE TEI [ <!ENTITY {match[1]} "..."> ]>; Scholion never reads '
            "an external DTD")


def _external_requests(resolver: _NothingExternal, path: str) -> list[Diagnostic]:
    return [error(path, 1, "E103", f"the parser asked for {url!r}; Scholion never loads an "
                  "external DTD or entity") for url in resolver.asked]


def _unchecked_doctype(tree: etree._ElementTree, doctype: Doctype | None, path: str
                       ) -> list[Diagnostic]:
    """libxml2 must have seen only the DOCTYPE and the entities that `read_doctype` checked;
    anything else means the two read the file differently, and the file is refused."""
    info = tree.docinfo
    if doctype is None and (info.doctype or info.internalDTD is not None):
        return [error(path, 1, "E102", "the file has a DOCTYPE where Scholion does not "
                      "read one", hint="put <!DOCTYPE ...> right before the root element")]
    dtd = info.internalDTD
    declared = doctype.entities if doctype else frozenset()
    return [error(path, 1, "E102", f"entity '{entity.name}' was not checked")
            for entity in (dtd.iterentities() if dtd is not None else ())
            if entity.name not in declared or entity.system_url]


def _xincludes(tree: etree._ElementTree, path: str) -> list[Diagnostic]:
    """Each `xi:include` replaced by its fallback (see the module's docstring), or E103."""
    problems: list[Diagnostic] = []
    header = f"{{{TEI}}}teiHeader"
    for node in list(tree.iter(f"{{{XINCLUDE_NS}}}include")):
        fallback = node.find(f"{{{XINCLUDE_NS}}}fallback")
        in_header = any(a.tag == header for a in node.iterancestors())
        if node.getparent() is None or (fallback is None and not in_header):
            problems.append(error(path, node.sourceline, "E103", "XInclude is not followed, "
                                  "and this one has no <xi:fallback>: its text would be "
                                  "missing", hint="put the text in the document itself"))
            continue
        problems.append(warning(path, node.sourceline, "W103", f"XInclude of "
                                f"{node.get('href', '')!r} not followed: "
                                + ("its fallback stands in" if fallback is not None else
                                   "left out of the header")))
        _stand_in(node, fallback)
    for node in tree.iter(f"{{{XINCLUDE_NS}}}*"):  # anything else of XInclude's
        if etree.QName(node).localname == "include":
            continue  # refused above
        problems.append(error(path, node.sourceline, "E103",
                              f"<xi:{etree.QName(node).localname}> is not allowed here"))
    return problems


def _stand_in(node: etree._Element, fallback: etree._Element | None) -> None:
    """Put the fallback's content where the include was, keeping the text around it."""
    parent, tail = node.getparent(), node.tail or ""
    index = parent.index(node)
    lead = (fallback.text or "") if fallback is not None else ""
    children = list(fallback) if fallback is not None else []
    parent.remove(node)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else None
    text = lead if last is None else (last.tail or "")
    if last is None:
        _append_text(parent, index, lead + tail)
    else:
        last.tail = text + tail
        if lead:
            _append_text(parent, index, lead)


def _append_text(parent: etree._Element, index: int, text: str) -> None:
    """Add `text` just before position `index` among `parent`'s children."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text


def _forbidden_constructs(tree: etree._ElementTree, path: str, as_written: bool = False
                          ) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for node in tree.iter(etree.Entity):
        problems.append(
            error(
                path,
                node.sourceline,
                "E102",
                f"entity reference {node.text} is not allowed",
                hint="write the character itself (the file is UTF-8)",
            )
        )
    if not as_written:
        problems += _xincludes(tree, path)
    return problems
