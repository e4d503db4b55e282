"""Parse untrusted XML safely and report every problem as a Diagnostic.

Annotations and source files arrive through pull requests from strangers, so the parser
never touches the network, never loads a DTD, never substitutes entities and never follows
XInclude. A file that *declares* a DOCTYPE or entities is rejected outright: TEI P5 needs
neither, and refusing them is simpler to reason about than neutralising them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..diagnostics import Diagnostic, error
from .files import control_character

MAX_BYTES = 5_000_000  # far above any edition document; stops memory exhaustion early
XINCLUDE_NS = "http://www.w3.org/2001/XInclude"
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


@dataclass(frozen=True)
class ParsedXML:
    tree: etree._ElementTree
    data: bytes


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keeps libxml2's depth and size limits in force
        collect_ids=False,
        remove_comments=False,
    )


def parse_xml(data: bytes, path: str) -> tuple[ParsedXML | None, list[Diagnostic]]:
    """Parse `data` (the bytes of `path`); return the tree, or the reasons it was refused."""
    if problem := (_check_bytes(data, path) or _check_declaration(data, path)
                   or _check_doctype(data, path)
                   or control_character(data.decode("utf-8-sig"), path, references=True)):
        return None, [problem]
    parser = _parser()
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        return None, _syntax_errors(exc, parser.error_log, path)
    problems = _forbidden_constructs(tree, path)
    return (None, problems) if problems else (ParsedXML(tree, data), [])


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


def _check_doctype(data: bytes, path: str) -> Diagnostic | None:
    """Refuse a DOCTYPE before libxml2 sees it, so no declaration in it is ever processed."""
    match = _DOCTYPE.search(data)
    if match is None:
        return None
    line = data[: match.start()].count(b"\n") + 1
    return error(
        path,
        line,
        "E102",
        "DOCTYPE declarations are not allowed",
        column=match.start() - data.rfind(b"\n", 0, match.start()),
        hint="remove the <!DOCTYPE ...> and any entity declarations; TEI P5 needs "
        "no DTD, and the file is UTF-8, so write characters directly",
    )


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
        )
    ]


def _forbidden_constructs(tree: etree._ElementTree, path: str) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None:
        problems.append(
            error(
                path,
                1,
                "E102",
                "DOCTYPE declarations are not allowed",
                hint="remove the <!DOCTYPE ...> line; TEI P5 needs no DTD",
            )
        )
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
    for node in tree.iter(f"{{{XINCLUDE_NS}}}*"):
        problems.append(
            error(
                path,
                node.sourceline,
                "E103",
                "XInclude is not allowed; put the text in the document itself",
            )
        )
    return problems
