"""Structural rules: anchors, ¶ numbers, document ids, header links and dates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..common.dates import nonconforming
from ..common.kinds import MENTION_KINDS
from ..common.langs import html_lang
from ..diagnostics import Diagnostic, error, warning
from ..model import XML_NAME, Edition, Node

URL = re.compile(r"https?://[^\s<>\"]+")
NCNAME = re.compile(XML_NAME)
# ids the reading page's own elements have (templates/document.html, base.html and their
# includes): a text's id may be anything else. A note's anchors (note-SLUG, ref-SLUG) are
# checked against the notes there are (E310), not refused as a pattern: real TEI uses
# ids like `note-o-1` for its own notes.
RESERVED_IDS = frozenset({"main", "reading", "doc-title", "notes-title", "toc-title",
                          "hl-title", *(f"hl-{kind}" for kind in MENTION_KINDS),
                          "scholion-cite", "scholion-cite-edition", "tei-notes-title",
                          "anchors", "citing", "doc-headnote", "doc-headnote-title",
                          "views-title", "view-normalised", "view-diplomatic",
                          "facsimile-title",
                          "doc-about", "doc-cite",  # a large collection's (issue 17)
                          "licences", "contribute"})


def check_structure(edition: Edition) -> list[Diagnostic]:
    return [
        *_unique_ids(edition),
        *_unique_numbers(edition),
        *_unique_documents(edition),
        *_dates(edition),
        *_header_links(edition),
        *_languages(edition),
    ]


def _unique_ids(edition: Edition) -> Iterator[Diagnostic]:
    """Anchors must be unique in their document (XML requires it of xml:id, and the page's
    URL fragments need it; `p1` in every letter is fine: `letter.html#p1`), and XML names,
    since they become URL fragments and file names of the data exports."""
    for document in edition.documents:
        seen: dict[str, tuple[str, int]] = {}
        for node in document.body.iter():
            if not node.id:
                continue
            if not NCNAME.fullmatch(node.id):
                yield error(document.path, node.line, "E116",
                            f"xml:id '{node.id}' is not an XML name",
                            hint="start with a letter; use letters, digits, '-', '_', '.'")
                continue
            if node.id in RESERVED_IDS or node.id == f"downloads-{document.id}":
                yield error(document.path, node.line, "E116",
                            f"xml:id '{node.id}' is the id of one of the page's own elements",
                            hint="ids may not be " + ", ".join(sorted(RESERVED_IDS)) +
                                 f" nor downloads-{document.id}")
                continue
            if node.id in seen:
                where, line = seen[node.id]
                yield error(
                    document.path,
                    node.line,
                    "E112",
                    f"xml:id '{node.id}' is already used at {where}:{line}",
                    hint="ids are anchors and must be unique in their document",
                )
            else:
                seen[node.id] = (document.path, node.line)


def _unique_numbers(edition: Edition) -> Iterator[Diagnostic]:
    """Two blocks with one @n are cited alike (¶ 3): a warning, since the anchors still
    differ, and real TEI numbers verse lines per poem (each poem's `l n="1"`). Line
    numbers Scholion counts itself start again in each poem by design: not warned of."""
    for document in edition.documents:
        seen: dict[str, str] = {}
        for block in document.blocks:  # a number from the block's place may clash too
            if block.verse and not block.numbered:
                continue
            if block.n in seen:
                yield warning(document.path, block.line, "W113",
                              f"¶ number n=\"{block.n}\" of '{block.id}' is already used by "
                              f"'{seen[block.n]}'",
                              hint="readers cite by ¶ number: give each block its own")
            seen.setdefault(block.n, block.id)


def _unique_documents(edition: Edition) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for document in edition.documents:
        if document.id in seen:
            yield error(
                document.path,
                1,
                "E114",
                f"document id '{document.id}' is already used by {seen[document.id]}",
            )
        seen.setdefault(document.id, document.path)


def _header_links(edition: Edition) -> Iterator[Diagnostic]:
    """The registers' source links (a document's source link is read, and judged, by load:
    it knows the element's line)."""
    registers = edition.registers
    for entity in registers.entities if registers else ():
        for source in entity.sources:
            if source.url and not URL.fullmatch(source.url):
                yield error(registers.path, entity.line, "E209", f"a source link of "
                            f"'{entity.id}' is not an http(s) URL: {source.url!r}")


def _dates(edition: Edition) -> Iterator[Diagnostic]:
    """Every dated element, in the text, the headers and the registers alike."""
    for document in edition.documents:
        yield from dating_warnings(document.path, document.header)
        yield from dating_warnings(document.path, document.body)
    if edition.registers:
        yield from dating_warnings(edition.registers.path, edition.registers.tree)


def _languages(edition: Edition) -> Iterator[Diagnostic]:
    """W118 once per document for each `xml:lang` that is no language tag: the page
    cannot say which language those words are in (HTML's `lang` is left out)."""
    for document in edition.documents:
        seen: set[str] = set()
        for node in (*document.header.iter(), *document.body.iter()):
            value = node.get("xml:lang")
            if value and value not in seen and not html_lang(value):
                seen.add(value)
                yield warning(document.path, node.line, "W118", f'xml:lang="{value}" is not '
                              "a BCP 47 language tag: the page does not mark these words' "
                              "language", hint="write a tag from the IANA registry, e.g. "
                              "'de', 'grc', 'la', 'zh-Hant', or 'x-...' for a private one")


def dating_warnings(path: str, root: Node) -> Iterator[Diagnostic]:
    """W115 for each dating attribute of a dated element whose value is not of a form TEI
    allows. A warning, not an error: the build goes on, and the date is simply not read as
    one (no chronology entry, no `datetime`, no date on the page or in the data)."""
    for node in root.iter():
        for name, value, hint in nonconforming(node):
            yield warning(path, node.line, "W115", f'@{name}="{value}" on <{node.tag}> is '
                          "not a date TEI allows: it is not read as a date", hint=hint)
