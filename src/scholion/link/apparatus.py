"""The witnesses of a document's critical apparatus, as its readings name them."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Node, normalize_space

# Where a witness gives its siglum, if not as its @n.
_SIGLUM = ("abbr", "idno", "label")


@dataclass(frozen=True)
class Witness:
    """One `witness` of a `listWit`: what a reading's `@wit="#id"` names."""

    id: str  # its xml:id
    siglum: str  # what the apparatus prints: its siglum, else its @n, else its id
    label: str = ""  # what it is ("Jerusalem, Hagiou Saba 32, s. XI-XII"), for a title


def witnesses(*trees: Node) -> tuple[Witness, ...]:
    """Every witness with an xml:id in these trees (a document's header and its text),
    in document order."""
    return tuple(_witness(n) for tree in trees for n in tree.iter()
                 if n.tag == "witness" and n.id)


def _witness(node: Node) -> Witness:
    """A witness's siglum (an `abbr`, `idno` or `label` typed "siglum", else its @n, else
    its id) and its description: its words without the siglum, else its @n."""
    siglum_node = next((n for n in node.iter() if n.tag in _SIGLUM
                        and n.get("type") == "siglum"), None)
    siglum = normalize_space(siglum_node.text()) if siglum_node is not None else ""
    siglum = siglum or node.get("n").strip() or node.id
    label = normalize_space(_words(node, siglum_node)).strip(" ,;:")
    if not label and node.get("n").strip() != siglum:
        label = node.get("n").strip()
    return Witness(id=node.id, siglum=siglum, label=label if label != siglum else "")


def _words(node: Node, leave_out: Node | None) -> str:
    return "".join(c if isinstance(c, str) else "" if c is leave_out else _words(c, leave_out)
                   for c in node.children)
