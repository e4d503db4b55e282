"""Where `scholion anchors mint` writes each provisional anchor: which element of the file,
counted in document order, gets which xml:id.

The ids are the provisional ones the build already uses (`tei.provisional_ids`), so a
passage cited by its provisional anchor keeps its address once the anchor is minted.
"""

from __future__ import annotations

from lxml import etree

from ..model import Node
from .tei import BLOCK_TAGS, TEI_NS, file_ids, provisional_ids, to_node
from .xml import ParsedXML


def mint_points(parsed: ParsedXML, citable: frozenset[str] = BLOCK_TAGS,
                clear: frozenset[str] = frozenset()) -> dict[int, str]:
    """{index of the element among all elements of the file, in document order: xml:id}."""
    root = parsed.tree.getroot()
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    index = {id(e): i for i, e in enumerate(elements)}  # the list keeps each proxy alive
    text = root.find(f"{{{TEI_NS}}}text")
    if text is None:
        return {}
    body = to_node(text)
    derived = provisional_ids(body, citable, file_ids(root) | clear)
    points: dict[int, str] = {}
    for element, node in _pairs(text, body):
        if id(node) in derived:
            points[index[id(element)]] = derived[id(node)]
    return points


def _pairs(element: etree._Element, node: Node):
    """Each lxml element beside the Node `to_node` made of it (the same walk)."""
    yield element, node
    children = [c for c in element if isinstance(c.tag, str)]
    nodes = [c for c in node.children if isinstance(c, Node)]
    for child, child_node in zip(children, nodes, strict=True):
        yield from _pairs(child, child_node)
