"""Rules for names and registers: every @ref resolves, to the right kind of entry."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..common.refs import REF_PREFIX, entity_kind_of, parse_ref
from ..diagnostics import Diagnostic, error, warning
from ..model import Edition
from .unloaded import NOTHING, Unloaded

AUTHORITY_PATTERNS = {
    "wikidata": r"https://www\.wikidata\.org/entity/Q[1-9]\d*",
    "geonames": r"https://sws\.geonames\.org/[1-9]\d*/",
    "viaf": r"https://viaf\.org/viaf/[1-9]\d*",
    "isni": r"https://isni\.org/isni/\d{15}[\dX]",
    "ror": r"https://ror\.org/0[a-z0-9]{6}\d{2}",
}


def check_entities(edition: Edition, unloaded: Unloaded = NOTHING) -> list[Diagnostic]:
    return [*_references(edition, unloaded.registers),
            *_register_entries(edition, bool(unloaded.documents))]


def _references(edition: Edition, registers_unloaded: bool) -> Iterator[Diagnostic]:
    """Every @ref's form is checked; whether it resolves, only when the registers loaded."""
    registers = edition.registers
    for document in edition.documents:
        for node in document.body.iter():
            ref = node.get("ref")
            if not ref:
                continue
            entity_id = parse_ref(ref)
            if entity_id is None:
                yield error(document.path, node.line, "E207",
                            f"@ref=\"{ref}\" on <{node.tag}> is not of the form "
                            f"'{REF_PREFIX}ID'", hint="point at a register entry, e.g. "
                            f"ref=\"{REF_PREFIX}osaka\"")
                continue
            entity = registers.get(entity_id) if registers else None
            if entity is None and registers_unloaded:
                continue
            if entity is None:
                yield error(document.path, node.line, "E205",
                            f"@ref=\"{ref}\" on <{node.tag}> points to no register entry",
                            hint=f"add an entry with xml:id=\"{entity_id}\" to "
                                 "source/registers.xml, or correct the id")
            elif (expected := entity_kind_of(node)) and expected != entity.kind:
                yield error(document.path, node.line, "E206",
                            f"<{node.tag}> points to '{entity_id}', which is a {entity.kind} "
                            f"entry, not a {expected}")


def _register_entries(edition: Edition, documents_unloaded: bool) -> Iterator[Diagnostic]:
    """An entry is unmentioned (W201) only if every document loaded to mention it."""
    registers = edition.registers
    if registers is None:
        return
    used = {parse_ref(n.get("ref")) for d in edition.documents for n in d.body.iter()
            if n.get("ref")}
    block_ids = {n.id for d in edition.documents for n in d.body.iter() if n.id}
    seen: set[str] = set()
    for entity in registers.entities:
        if entity.id in seen or entity.id in block_ids:
            yield error(registers.path, entity.line, "E208",
                        f"register id '{entity.id}' is used twice, or also as a block id")
        seen.add(entity.id)
        if entity.id not in used and not documents_unloaded:
            yield warning(registers.path, entity.line, "W201",
                          f"register entry '{entity.id}' is not mentioned in any document")
        for kind, uri in entity.authorities:
            pattern = AUTHORITY_PATTERNS.get(kind, r"https?://\S+")
            if not re.fullmatch(pattern, uri):
                yield error(registers.path, entity.line, "E203",
                            f"{kind} identifier {uri!r} of '{entity.id}' is not a well-formed "
                            "URI", hint=_example(kind))


def _example(kind: str) -> str:
    pattern = AUTHORITY_PATTERNS.get(kind)
    return f"expected the form {pattern.replace(chr(92), '')}" if pattern else \
        "expected an absolute http(s) URI"
