"""Rules for names and registers: every pointer reaches an entry, of the right kind.

Real editions point in many ways (see `common.refs`), and a pointer Scholion cannot follow
should not cost a contributor the whole build: one that reaches nothing (W205) or that
cannot be read (W207) is a warning, at its line, and the name is then plain text, outside
the index. A name pointing at an entry of the wrong kind stays an error (E206): that is a
mistake in the encoding, not a pointer Scholion does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..common.refs import (
    Target,
    entity_kind_of,
    pointers,
    resolve,
    scope_of,
    untyped_targets,
)
from ..diagnostics import Diagnostic, error, warning
from ..model import Edition, Node
from .unloaded import NOTHING, Unloaded

AUTHORITY_PATTERNS = {
    "wikidata": r"https://www\.wikidata\.org/entity/Q[1-9]\d*",
    "geonames": r"https://sws\.geonames\.org/[1-9]\d*/",
    "viaf": r"https://viaf\.org/viaf/[1-9]\d*",
    "isni": r"https://isni\.org/isni/\d{15}[\dX]",
    "ror": r"https://ror\.org/0[a-z0-9]{6}\d{2}",
    "gnd": r"https://d-nb\.info/gnd/[0-9][0-9X-]*",
}
HINT = ("point with '#ID' (a list in this file), 'FILE.xml#ID', 'PREFIX:ID' (declared by a "
        "<prefixDef>; 'reg:ID' for source/registers.xml) or an authority URI")


Resolved = tuple[str, Node, str, str, Target]


def check_entities(edition: Edition, unloaded: Unloaded = NOTHING) -> list[Diagnostic]:
    resolved = list(_resolved(edition))  # both rules read every pointer: resolved once
    return [*_references(edition, unloaded, resolved),
            *_register_entries(edition, bool(unloaded.documents), resolved)]


def _resolved(edition: Edition) -> Iterator[Resolved]:
    """(document path, node, attribute, pointer, what it reaches) of every pointer. A
    `name` of no kind may point at anything (a bibliography, an ORCID): only the pointers
    that reach an event, which it then mentions, are its own (`common.refs`)."""
    for document in edition.documents:
        scope = scope_of(document, edition.registers)
        for node in document.body.iter():
            kind = entity_kind_of(node)
            for attribute, token in pointers(node):
                if kind:
                    yield document.path, node, attribute, token, resolve(token, scope, kind)
                elif found := untyped_targets([token], scope):
                    yield document.path, node, attribute, token, found[0]


def _references(edition: Edition, unloaded: Unloaded, resolved: list[Resolved]
                ) -> Iterator[Diagnostic]:
    """A pointer into a file that did not load is not reported: that file's own error
    says what to fix first."""
    shared = f"{edition.config.source_dir}/registers.xml"
    skipped = {*unloaded.documents, *(("", shared) if unloaded.registers else ())}
    for path, node, attribute, token, target in resolved:
        written = f'{attribute}="{token}" on <{node.tag}>'
        if not target.readable:
            yield warning(path, node.line, "W207", f"{written} cannot be read: "
                          f"{target.problem}; it is left out of the index", hint=HINT)
        elif target.entity is None and not target.uri and target.path not in skipped:
            yield warning(path, node.line, "W205", f"{written} points to no entry: "
                          f"{target.problem}; it is left out of the index",
                          hint="add the entry, or correct the pointer")
        elif target.entity is not None and (expected := entity_kind_of(node)) \
                and expected != target.entity.kind:
            yield error(path, node.line, "E206",
                        f"<{node.tag}> points to '{target.entity.id}', which is a "
                        f"{target.entity.kind} entry, not a {expected}")


def _register_entries(edition: Edition, documents_unloaded: bool, resolved: list[Resolved]
                      ) -> Iterator[Diagnostic]:
    """An entry is unmentioned (W201) only if every document loaded to mention it. Only the
    registers' entries are: a document's own lists (its correspondents, its cast) name
    people its header speaks of, or who never speak in an excerpt, as a matter of course."""
    registers = edition.registers
    if registers is None:
        return
    used = {t.entity.id for *_, t in resolved if t.entity is not None}
    block_ids = {n.id for d in edition.documents for n in d.body.iter() if n.id}
    documents = {d.path for d in edition.documents}
    seen: set[str] = set()
    for entity in registers.entities:
        path = entity.path or registers.path
        if entity.id in seen or entity.id in block_ids:
            yield error(path, entity.line, "E208",
                        f"register id '{entity.id}' is used twice, or also as a block id")
        seen.add(entity.id)
        if entity.id not in used and path not in documents and not documents_unloaded:
            yield warning(path, entity.line, "W201",
                          f"register entry '{entity.id}' is not mentioned in any document")
        for kind, uri in entity.authorities:
            pattern = AUTHORITY_PATTERNS.get(kind, r"https?://\S+")
            if not re.fullmatch(pattern, uri):
                yield error(path, entity.line, "E203",
                            f"{kind} identifier {uri!r} of '{entity.id}' is not a well-formed "
                            "URI", hint=_example(kind))


def _example(kind: str) -> str:
    pattern = AUTHORITY_PATTERNS.get(kind)
    return f"expected the form {pattern.replace(chr(92), '')}" if pattern else \
        "expected an absolute http(s) URI"
