"""Structural rules: anchors, ¶ numbers, document ids and date normalizations."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..common.dates import W3C_ATTRS, w3c_span
from ..diagnostics import Diagnostic, error
from ..model import XML_NAME, Edition

URL = re.compile(r"https?://[^\s<>\"]+")
NCNAME = re.compile(XML_NAME)
# ids the page templates and the note markers use themselves
RESERVED_IDS = frozenset({"main", "reading", "doc-title", "notes-title", "toc-title",
                          "hl-title", "anchors", "citing", "licences", "contribute"})
RESERVED_PREFIXES = ("note-", "ref-", "hl-", "cite-", "scholion-", "downloads-", "search-",
                     "about-", "principles-", "toc-")


def check_structure(edition: Edition) -> list[Diagnostic]:
    return [
        *_unique_ids(edition),
        *_unique_numbers(edition),
        *_unique_documents(edition),
        *_dates(edition),
        *_header_dates(edition),
    ]


def _unique_ids(edition: Edition) -> Iterator[Diagnostic]:
    """Anchors must be unique across the collection, so an annotation target is unambiguous,
    and XML names, since they become URL fragments and file names of the data exports."""
    seen: dict[str, tuple[str, int]] = {}
    for document in edition.documents:
        for node in document.body.iter():
            if not node.id:
                continue
            if not NCNAME.fullmatch(node.id):
                yield error(document.path, node.line, "E116",
                            f"xml:id '{node.id}' is not an XML name",
                            hint="start with a letter; use letters, digits, '-', '_', '.'")
                continue
            if node.id in RESERVED_IDS or node.id.startswith(RESERVED_PREFIXES):
                yield error(document.path, node.line, "E116",
                            f"xml:id '{node.id}' is reserved for the page's own elements",
                            hint="ids may not be " + ", ".join(sorted(RESERVED_IDS)) +
                                 " nor start with " + ", ".join(RESERVED_PREFIXES))
                continue
            if node.id in seen:
                where, line = seen[node.id]
                yield error(
                    document.path,
                    node.line,
                    "E112",
                    f"xml:id '{node.id}' is already used at {where}:{line}",
                    hint="ids are anchors and must be unique in the whole collection",
                )
            else:
                seen[node.id] = (document.path, node.line)


def _unique_numbers(edition: Edition) -> Iterator[Diagnostic]:
    for document in edition.documents:
        seen: dict[str, str] = {}
        for block in document.blocks:
            if block.n and block.n in seen:
                yield error(
                    document.path,
                    block.line,
                    "E113",
                    f"¶ number n=\"{block.n}\" of '{block.id}' is already used by "
                    f"'{seen[block.n]}'",
                )
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


def _header_dates(edition: Edition) -> Iterator[Diagnostic]:
    """Dates outside the text proper: they feed citations and the About page."""
    for document in edition.documents:
        meta = document.meta
        where = [("profileDesc/creation/date/@when", meta.date)]
        where += [("revisionDesc/change/@when", when) for when, _ in meta.revisions]
        for label, value in where:
            if value and w3c_span(value) is None:
                yield error(document.path, 1, "E115", f"{label}=\"{value}\" is not an ISO "
                            "8601 date", hint="use YYYY, YYYY-MM or YYYY-MM-DD")
        if meta.source_url and not URL.fullmatch(meta.source_url):
            yield error(document.path, 1, "E117", f"the source link {meta.source_url!r} in "
                        "sourceDesc is not an http(s) URL")
    registers = edition.registers
    for entity in registers.entities if registers else ():
        for label, value in (("birth", entity.birth), ("death", entity.death)):
            if value and w3c_span(value) is None:
                yield error(registers.path, entity.line, "E115", f"<{label} when=\"{value}\"> "
                            f"of '{entity.id}' is not an ISO 8601 date")
        for source in entity.sources:
            if source.url and not URL.fullmatch(source.url):
                yield error(registers.path, entity.line, "E209", f"a source link of "
                            f"'{entity.id}' is not an http(s) URL: {source.url!r}")


def _dates(edition: Edition) -> Iterator[Diagnostic]:
    for document in edition.documents:
        for node in document.body.iter():
            for attr in W3C_ATTRS:
                value = node.get(attr)
                if value and w3c_span(value) is None:
                    yield error(
                        document.path,
                        node.line,
                        "E115",
                        f'@{attr}="{value}" on <{node.tag}> is not an ISO 8601 date',
                        hint="use YYYY, YYYY-MM or YYYY-MM-DD",
                    )
