"""Which reading of each `choice` the edition's text follows.

The page draws every reading and lets the reader switch, but one of them is *the* text:
the one quotes are matched against, ¶ texts are hashed from and the plain-text export
holds. The edition's `readings` setting chooses it (normalised by default; a documentary
edition that keeps the witness's errors in view says "diplomatic"), and this pass marks
each `choice` with it once, in `load`, so that every later stage reads the same text.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import READS, VIEWS, Node, preferred

DEFAULT_VIEW = "normalised"


def with_readings(node: Node, view: str = DEFAULT_VIEW) -> Node:
    """The tree again, each `choice` marked with the place of the reading `view` shows."""
    order = VIEWS[view]
    if not any(n.tag == "choice" for n in node.iter()):
        return node
    return _marked(node, order)


def _marked(node: Node, order: tuple[str, ...]) -> Node:
    """`node` again with its choices marked; the very same node where nothing in it
    changed (most of a text holds no choice: rebuilding it all cost more than the rest
    of reading the file)."""
    children = tuple(_marked(c, order) if isinstance(c, Node) else c for c in node.children)
    attrs = node.attrs
    if node.tag == "choice":
        readings = tuple(c for c in children if isinstance(c, Node))
        shown = preferred(readings, order)
        if shown is not None:
            place = next(i for i, r in enumerate(readings) if r is shown)
            attrs = (*(a for a in attrs if a[0] != READS), (READS, str(place)))
    if attrs == node.attrs and all(a is b for a, b in zip(children, node.children,
                                                          strict=True)):
        return node
    return replace(node, attrs=attrs, children=children)
