"""Entries for the authorities the text names that no list carries.

`<persName ref="https://d-nb.info/gnd/118540238">Goethe</persName>` names a person as
surely as a pointer into a register does; with no register entry carrying that URI, the
index still lists him: named as the text first writes him, the other spellings as
variants, the URI as his authority link. So every name that points somewhere Scholion can
read is in the index, and nothing is made up that the text does not say.
"""

from __future__ import annotations

from dataclasses import replace

from ..common.refs import (
    authority,
    authority_entity_id,
    entity_kind_of,
    scope_of,
    targets,
    words_of,
)
from ..model import Document, Entity, Node, Registers


def authority_entries(documents: list[Document], registers: Registers) -> tuple[Entity, ...]:
    """One entry per kind and authority URI that names must reach and no entry carries
    (a city and its government may share a Wikidata item: two entries)."""
    found: dict[str, Entity] = {}
    for document in documents:
        scope = scope_of(document, registers)
        for node in document.body.iter():
            for target in targets(node, scope):
                if target.entity is None and target.uri:
                    _add(found, node, target.uri, document.path)
    return tuple(found.values())


def _add(found: dict[str, Entity], node: Node, uri: str, path: str) -> None:
    kind = entity_kind_of(node)
    edition_id = authority_entity_id(kind, uri)
    words = words_of(node) or uri
    known = found.get(edition_id)
    if known is None:
        name = (authority(uri) or ("uri", uri))[0]
        found[edition_id] = Entity(id=edition_id, kind=kind, name=words, line=node.line,
                                   authorities=((name, uri),), path=path)
    elif words != known.name and words not in known.variants:
        found[edition_id] = replace(known, variants=(*known.variants, words))
